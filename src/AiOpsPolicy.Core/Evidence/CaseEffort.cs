// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using System.Collections.Immutable;

namespace AiOpsPolicy.Core.Evidence;

/// <summary>Manual minutes per case before and after, with any steps the AI added.</summary>
public sealed record CaseEffort : EvidenceRecord
{
    private readonly ImmutableArray<AddedStep> _addedSteps = [];

    /// <summary>Gets the workflow's name.</summary>
    public required string Workflow { get; init; }

    /// <summary>Gets manual minutes per case before.</summary>
    public required double MinutesBefore { get; init; }

    /// <summary>Gets manual minutes per case after, not counting added steps.</summary>
    public required double MinutesAfter { get; init; }

    /// <summary>Gets the steps the AI added; empty when none were recorded.</summary>
    public ImmutableArray<AddedStep> AddedSteps
    {
        get => _addedSteps.IsDefault ? [] : _addedSteps;
        init => _addedSteps = value;
    }

    /// <summary>Gets the cases per month.</summary>
    public required double MonthlyVolume { get; init; }

    /// <summary>Gets when the effort was measured.</summary>
    public required DateTimeOffset MeasuredAt { get; init; }

    /// <inheritdoc />
    public override string Key => $"{Workflow}@{Instant(MeasuredAt)}";

    /// <inheritdoc />
    public override EvidenceRecord? AsOf(DateTimeOffset asOf) => MeasuredAt > asOf ? null : this;

    /// <inheritdoc />
    public override string? Check() =>
        MinutesBefore < 0 || MinutesAfter < 0 || MonthlyVolume < 0 || AddedSteps.Any(s => s.Minutes < 0) ? "minutes and volumes must not be negative" : null;
}
