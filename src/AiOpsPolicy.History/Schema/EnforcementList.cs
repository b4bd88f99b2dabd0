// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using System.Collections.Immutable;

namespace AiOpsPolicy.History.Schema;

/// <summary>A control's enforcement points in one column (<c>control_coverage.enforced_at</c>, migration 5), in the same separators.</summary>
internal static class EnforcementList
{
    private const char Record = '\u001E';

    /// <summary>The encoded list; the empty string for a control without an enforcement point (NULL marks rows written before migration 5).</summary>
    public static string Encode(ImmutableArray<string> points) =>
        string.Join(Record, (points.IsDefault ? [] : points).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal));

    public static string[] Decode(string value) => value.Length == 0 ? [] : value.Split(Record);
}
