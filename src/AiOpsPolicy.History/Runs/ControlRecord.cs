// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using System.Collections.Immutable;
using AiOpsPolicy.Core.Results;

namespace AiOpsPolicy.History.Runs;

/// <summary>One recorded control coverage row.</summary>
/// <param name="Name">The control name.</param>
/// <param name="Required">Whether the control is required.</param>
/// <param name="DeclaredAutomated">Whether the control is declared automated.</param>
/// <param name="Evidenced">Whether evidence shows the automation ran.</param>
/// <param name="EnforcedAt">The enforcement points (for example <c>ci</c>, <c>deploy</c>).</param>
/// <param name="CatalogIds">The control catalog ids the control maps to.</param>
/// <param name="Owner">The owning team (the control's <c>metadata.owner</c>), if declared.</param>
public sealed record ControlRecord(string Name, bool Required, bool DeclaredAutomated, bool Evidenced, ImmutableArray<string> EnforcedAt, ImmutableArray<string> CatalogIds, string? Owner = null)
{
    /// <summary>
    /// The control as a gate run reports it, for the coverage computations of <c>AiOpsPolicy.Core</c> (for example
    /// <see cref="Core.Oscal.CatalogCoverage.Compute"/>). The store keeps no title or run times, so those are empty.
    /// </summary>
    /// <param name="name">The name to give it; its own name by default (qualify it when controls of several policy sets are mixed).</param>
    /// <returns>The control coverage.</returns>
    public ControlCoverage ToControlCoverage(string? name = null) =>
        new(name ?? Name, null, Required, DeclaredAutomated, Evidenced, null, null, EnforcedAt.IsDefault ? [] : EnforcedAt, CatalogIds.IsDefault ? [] : CatalogIds)
        {
            Owner = Owner,
        };
}
