// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using AiOpsPolicy.Core.Syntax;

namespace AiOpsPolicy.Core.Model;

/// <summary>A gate: what is measured, the bound, and whether a failure blocks or warns.</summary>
public sealed class Gate : PolicyObject
{
    internal Gate(PolicyMetadata metadata, YamlMapping node)
        : base(metadata, node)
    {
    }

    /// <inheritdoc />
    public override PolicyKind Kind => PolicyKind.Gate;

    /// <summary>Gets what the gate checks, in a sentence.</summary>
    public string? Description { get; init; }

    /// <summary>Gets the measured expression, if any.</summary>
    public PolicyExpression? Measure { get; init; }

    /// <summary>Gets the bound of the measure, if any.</summary>
    public GateBound? Bound { get; init; }

    /// <summary>Gets the free-form condition, if any.</summary>
    public PolicyExpression? Condition { get; init; }

    /// <summary>Gets what a failure does.</summary>
    public GateSeverity Severity { get; init; }

    /// <summary>Gets the bound relative to recorded history (<c>spec.baseline</c>), if any.</summary>
    public GateBaseline? Baseline { get; init; }

    /// <summary>Gets the gate's weight in the policy set's score (positive; default 1).</summary>
    public double Weight { get; init; } = 1;

    /// <summary>Gets a value indicating whether the gate is key: when it does not pass (and is not waived) the run is blocked whatever the score or its severity.</summary>
    public bool Key { get; init; }
}
