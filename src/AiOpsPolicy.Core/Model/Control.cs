// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using System.Collections.Immutable;
using AiOpsPolicy.Core.Syntax;

namespace AiOpsPolicy.Core.Model;

/// <summary>A control: whether it is required, whether it is automated, and where it is enforced.</summary>
public sealed class Control : PolicyObject
{
    internal Control(PolicyMetadata metadata, YamlMapping node)
        : base(metadata, node)
    {
    }

    /// <inheritdoc />
    public override PolicyKind Kind => PolicyKind.Control;

    /// <summary>Gets the control's title.</summary>
    public string? Title { get; init; }

    /// <summary>Gets a value indicating whether the control is required.</summary>
    public bool Required { get; init; }

    /// <summary>Gets a value indicating whether the control is declared automated.</summary>
    public bool Automated { get; init; }

    /// <summary>Gets where the control is enforced (ci, cd-gate, feature-store, ...).</summary>
    public ImmutableArray<string> EnforcedAt { get; init; } = [];

    /// <summary>Gets how often the control must run to count as evidenced.</summary>
    public TimeSpan? Cadence { get; init; }

    /// <summary>Gets the framework control ids this control implements.</summary>
    public ImmutableArray<string> CatalogIds { get; init; } = [];
}
