// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

namespace AiOpsPolicy.Core.Model;

/// <summary>An SLA: a time target, a quality outcome, and the share of runs that must meet both.</summary>
/// <param name="Time">The time a run may take, if there is a time target.</param>
/// <param name="Quality">The quality outcome a run must have, if there is a quality target.</param>
/// <param name="Target">The share of runs that must meet the SLA, if stated.</param>
public sealed record SlaTarget(TimeSpan? Time, string? Quality, double? Target)
{
    /// <summary>Gets an SLA with no targets.</summary>
    public static SlaTarget None { get; } = new(null, null, null);
}
