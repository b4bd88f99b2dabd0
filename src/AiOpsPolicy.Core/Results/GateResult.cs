// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using System.Collections.Immutable;
using AiOpsPolicy.Core.Evidence;
using AiOpsPolicy.Core.Model;
using AiOpsPolicy.Core.Text;

namespace AiOpsPolicy.Core.Results;

/// <summary>How one gate ended, with the numbers and the evidence behind it.</summary>
public sealed record GateResult
{
    /// <summary>Gets the gate's name.</summary>
    public required string Gate { get; init; }

    /// <summary>Gets what the gate checks.</summary>
    public string? Description { get; init; }

    /// <summary>Gets the gate's severity.</summary>
    public required GateSeverity Severity { get; init; }

    /// <summary>Gets how it ended.</summary>
    public required GateStatus Status { get; init; }

    /// <summary>
    /// Gets a value indicating whether this result blocks the deployment: a block-severity gate that
    /// failed, errored or lacked evidence, or a key gate that did not pass (warn included) and is not waived.
    /// </summary>
    public bool Blocks => Status is GateStatus.Fail or GateStatus.Error or GateStatus.InsufficientEvidence
        ? Severity == GateSeverity.Block || Key
        : Key && Status == GateStatus.Warn;

    /// <summary>Gets the gate's weight in the score; null for a result that takes no part in it (a roll-up's).</summary>
    public double? Weight { get; init; }

    /// <summary>Gets a value indicating whether the gate is key: not passing blocks the run whatever the score or severity.</summary>
    public bool Key { get; init; }

    /// <summary>Gets the observed value, formatted, if the gate has a measure that was computed.</summary>
    public string? Observed { get; init; }

    /// <summary>Gets the observed value in the bound's unit (fraction, seconds, number).</summary>
    public double? ObservedValue { get; init; }

    /// <summary>Gets the bound, formatted, if any.</summary>
    public string? Bound { get; init; }

    /// <summary>Gets whether the condition held, if the gate has one and it was evaluated.</summary>
    public bool? ConditionHeld { get; init; }

    /// <summary>Gets one line that explains the result in numbers.</summary>
    public required string Explanation { get; init; }

    /// <summary>Gets the metrics the gate used.</summary>
    public ImmutableArray<MetricResult> Metrics { get; init; } = [];

    /// <summary>Gets the evidence kinds the gate read.</summary>
    public ImmutableArray<string> EvidenceKinds { get; init; } = [];

    /// <summary>Gets the evidence files of those kinds, with their record counts and collection times.</summary>
    public ImmutableArray<EvidenceFile> EvidenceFiles { get; init; } = [];

    /// <summary>Gets the value of each clause of a condition made of <c>&amp;&amp;</c> and <c>||</c>; empty otherwise.</summary>
    public ImmutableArray<ClauseResult> Clauses { get; init; } = [];

    /// <summary>Gets the waiver that covers this gate's failure, when its status is <see cref="GateStatus.Waived"/>.</summary>
    public WaiverInfo? Waiver { get; init; }

    /// <summary>Gets the status the gate would have had without its waiver, when waived.</summary>
    public GateStatus? WaivedStatus { get; init; }

    /// <summary>Gets how the gate's baseline was worked out and applied, when the gate has one.</summary>
    public BaselineResult? Baseline { get; init; }

    /// <summary>Gets where the gate is declared (or, for an error, the expression that failed).</summary>
    public required SourceLocation Location { get; init; }
}
