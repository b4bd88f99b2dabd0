// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using System.Collections.Immutable;
using AiOpsPolicy.History.Runs;

namespace AiOpsPolicy.History.Schema;

/// <summary>
/// A run's gate statuses in one column (<c>runs.gate_statuses</c>, migration 5), so that counting flips over 100,000
/// runs reads one row per run instead of one per gate: <c>gate</c> US <c>status</c> RS <c>gate</c> US <c>status</c>...,
/// with the ASCII unit and record separators, which gate names and statuses do not contain.
/// </summary>
internal static class GateStatuses
{
    public const char Unit = '\u001F';

    public const char Record = '\u001E';

    public static string Encode(ImmutableArray<GateRecord> gates) =>
        Encode((gates.IsDefault ? [] : gates).Select(g => (g.Gate, g.Status)));

    public static string Encode(IEnumerable<(string Gate, string Status)> gates) =>
        string.Join(Record, gates.Select(g => g.Gate + Unit + g.Status));
}
