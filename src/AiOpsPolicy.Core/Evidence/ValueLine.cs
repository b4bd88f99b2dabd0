// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using System.Collections.Immutable;
using System.Text.Json.Serialization;

namespace AiOpsPolicy.Core.Evidence;

/// <summary>A cost or benefit line with the assumptions behind it.</summary>
public sealed record ValueLine : EvidenceRecord
{
    /// <summary>Gets the line's id.</summary>
    public required string Id { get; init; }

    /// <summary>Gets the workflow's name.</summary>
    public required string Workflow { get; init; }

    /// <summary>Gets whether it is a benefit or a cost.</summary>
    public required ValueLineType Type { get; init; }

    /// <summary>Gets the category (licences, labour saved, errors avoided, ...).</summary>
    public required string Category { get; init; }

    /// <summary>Gets the amount.</summary>
    public required double Amount { get; init; }

    /// <summary>Gets the currency.</summary>
    public required string Currency { get; init; }

    /// <summary>Gets the period's start.</summary>
    public required DateTimeOffset PeriodStart { get; init; }

    /// <summary>Gets the period's end.</summary>
    public required DateTimeOffset PeriodEnd { get; init; }

    /// <summary>Gets the assumptions (volume, wageRate, errorCost, ...), sorted by name; numbers are kept as written.</summary>
    [JsonConverter(typeof(AssumptionsJsonConverter))]
    public ImmutableSortedDictionary<string, string> Assumptions
    {
        // The source-generated reader sets an absent init-only property to null: absent is empty.
        get => field ?? ImmutableSortedDictionary<string, string>.Empty;
        init;
    }

    /// <inheritdoc />
    public override string Key => Id;

    /// <inheritdoc />
    /// <remarks>A line whose period had not started is left out; one under way counts (business cases state periods ahead).</remarks>
    public override EvidenceRecord? AsOf(DateTimeOffset asOf) => PeriodStart > asOf ? null : this;

    /// <inheritdoc />
    public override string? Check() => Order(PeriodEnd, "periodEnd", PeriodStart, "periodStart");
}
