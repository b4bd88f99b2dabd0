// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

namespace AiOpsPolicy.Core.Evidence;

/// <summary>Transaction volume of a workflow over a period.</summary>
public sealed record TransactionVolume : EvidenceRecord
{
    /// <summary>Gets the workflow's name.</summary>
    public required string Workflow { get; init; }

    /// <summary>Gets the period's start.</summary>
    public required DateTimeOffset PeriodStart { get; init; }

    /// <summary>Gets the period's end.</summary>
    public required DateTimeOffset PeriodEnd { get; init; }

    /// <summary>Gets the number of transactions.</summary>
    public required long Count { get; init; }

    /// <inheritdoc />
    public override string Key => $"{Workflow}@{Instant(PeriodStart)}";

    /// <inheritdoc />
    /// <remarks>A period that had not ended is left out: its count includes transactions still to come.</remarks>
    public override EvidenceRecord? AsOf(DateTimeOffset asOf) => PeriodEnd > asOf ? null : this;

    /// <inheritdoc />
    public override string? Check() => Order(PeriodEnd, "periodEnd", PeriodStart, "periodStart") ?? (Count < 0 ? "field 'count' is negative" : null);
}
