// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

namespace AiOpsPolicy.Core.Evidence;

/// <summary>Cases completed on one day.</summary>
public sealed record DailyThroughput : EvidenceRecord
{
    /// <summary>Gets the workflow's name.</summary>
    public required string Workflow { get; init; }

    /// <summary>Gets the day.</summary>
    public required DateOnly Day { get; init; }

    /// <summary>Gets the cases completed.</summary>
    public required long Completed { get; init; }

    /// <summary>Gets whether the day is before or after go-live.</summary>
    public required ThroughputPhase Phase { get; init; }

    /// <inheritdoc />
    public override string Key => $"{Workflow}@{Day:yyyy-MM-dd}";

    /// <inheritdoc />
    public override EvidenceRecord? AsOf(DateTimeOffset asOf) => Day > DateOnly.FromDateTime(asOf.UtcDateTime) ? null : this;

    /// <inheritdoc />
    public override string? Check() => Completed < 0 ? "field 'completed' is negative" : null;
}
