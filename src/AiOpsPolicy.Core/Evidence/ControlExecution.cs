// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

namespace AiOpsPolicy.Core.Evidence;

/// <summary>One run of a control.</summary>
public sealed record ControlExecution : EvidenceRecord
{
    /// <summary>Gets the run's id.</summary>
    public required string Id { get; init; }

    /// <summary>Gets the control's name.</summary>
    public required string Control { get; init; }

    /// <summary>Gets when it ran.</summary>
    public required DateTimeOffset RanAt { get; init; }

    /// <summary>Gets how it ran.</summary>
    public required ExecutionMode Mode { get; init; }

    /// <summary>Gets how it ended.</summary>
    public required ExecutionOutcome Outcome { get; init; }

    /// <summary>Gets where it was enforced, if reported.</summary>
    public string? EnforcedAt { get; init; }

    /// <inheritdoc />
    public override string Key => Id;

    /// <inheritdoc />
    public override EvidenceRecord? AsOf(DateTimeOffset asOf) => RanAt > asOf ? null : this;
}
