// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using System.Collections.Immutable;

namespace AiOpsPolicy.Core.Results;

/// <summary>One control as the compliance view shows it: declared, automated, evidenced, where enforced.</summary>
/// <param name="Name">The control's name.</param>
/// <param name="Title">Its title, if any.</param>
/// <param name="Required">Whether it is required.</param>
/// <param name="DeclaredAutomated">Whether the policy declares it automated.</param>
/// <param name="Evidenced">Whether the evidence shows an automated run (not errored) within its cadence before the evaluation time.</param>
/// <param name="LastAutomatedRun">When it last ran automatically, if ever.</param>
/// <param name="LastRun">When it last ran at all (automatically or by hand), if ever.</param>
/// <param name="EnforcedAt">Where it is enforced (ci, cd-gate, feature-store, ...).</param>
/// <param name="CatalogIds">The framework control ids it implements.</param>
public sealed record ControlCoverage(
    string Name,
    string? Title,
    bool Required,
    bool DeclaredAutomated,
    bool Evidenced,
    DateTimeOffset? LastAutomatedRun,
    DateTimeOffset? LastRun,
    ImmutableArray<string> EnforcedAt,
    ImmutableArray<string> CatalogIds)
{
    /// <summary>Gets the owning team (the control's <c>metadata.owner</c>), if declared.</summary>
    public string? Owner { get; init; }
}
