// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using System.Text.Json.Serialization;

namespace AiOpsPolicy.Core.Evidence;

/// <summary>
/// The runs of a workflow (no step) or of one of its steps that ended in one period, counted rather than
/// listed: how many ended, and how many met a time and quality target. This is what a latency histogram
/// can say (the bucket at the target over the count), so SLA attainment can be computed from Prometheus
/// without one record per run. The targets the count was taken against are part of the record: the SLA
/// metric uses it only when they are the SLA's own.
/// </summary>
public sealed record WorkflowRunCount : EvidenceRecord
{
    /// <summary>Gets the workflow's name.</summary>
    public required string Workflow { get; init; }

    /// <summary>Gets the step's name; null for whole runs.</summary>
    public string? Step { get; init; }

    /// <summary>Gets the period's start (exclusive: a run that ended exactly then belongs to the period before).</summary>
    public required DateTimeOffset PeriodStart { get; init; }

    /// <summary>Gets the period's end (inclusive).</summary>
    public required DateTimeOffset PeriodEnd { get; init; }

    /// <summary>Gets how many runs ended in the period.</summary>
    public required long Total { get; init; }

    /// <summary>Gets how many of them met the time target (<see cref="Within"/>) and the quality target (<see cref="Outcome"/>).</summary>
    public required long Met { get; init; }

    /// <summary>Gets the time target the met runs were counted against; null when time was not counted.</summary>
    [JsonConverter(typeof(NullableDurationJsonConverter))]
    public TimeSpan? Within { get; init; }

    /// <summary>Gets the quality outcome the met runs had; null when quality was not counted.</summary>
    public string? Outcome { get; init; }

    /// <inheritdoc />
    public override string Key => $"{Workflow}{(Step is null ? string.Empty : "/" + Step)}@{Instant(PeriodStart)}";

    /// <inheritdoc />
    /// <remarks>A period that had not ended is left out: its counts include runs still to come.</remarks>
    public override EvidenceRecord? AsOf(DateTimeOffset asOf) => PeriodEnd > asOf ? null : this;

    /// <inheritdoc />
    public override string? Check() =>
        PeriodEnd <= PeriodStart ? $"field 'periodEnd' ({PeriodEnd:O}) must be after 'periodStart' ({PeriodStart:O})"
        : Total < 0 || Met < 0 ? "fields 'total' and 'met' must not be negative"
        : Met > Total ? $"field 'met' ({Met}) is more than 'total' ({Total})"
        : Within is { } w && w <= TimeSpan.Zero ? "field 'within' must be a positive duration"
        : Within is null && Outcome is null ? "a count needs 'within' (the time target), 'outcome' (the quality target) or both: met runs must have met something"
        : null;
}
