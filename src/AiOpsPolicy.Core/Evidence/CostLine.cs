// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using System.Collections.Immutable;
using System.Text.Json.Serialization;

namespace AiOpsPolicy.Core.Evidence;

/// <summary>
/// One cost line of a workflow over a period: an amount of money (cloud, vendor), or hours of labour that cost
/// savings convert at a declared rate.
/// </summary>
public sealed record CostLine : EvidenceRecord
{
    /// <summary>Gets the line's id.</summary>
    public required string Id { get; init; }

    /// <summary>Gets the workflow's name.</summary>
    public required string Workflow { get; init; }

    /// <summary>Gets what the cost is spent on.</summary>
    public required CostCategory Category { get; init; }

    /// <summary>Gets whether the line is the baseline or the current cost.</summary>
    public required CostPhase Phase { get; init; }

    /// <summary>Gets the amount of money, if the line is money.</summary>
    public double? Amount { get; init; }

    /// <summary>Gets the currency of <see cref="Amount"/>.</summary>
    public string? Currency { get; init; }

    /// <summary>Gets the hours of work, if the line is labour hours.</summary>
    public double? Hours { get; init; }

    /// <summary>Gets the period's start.</summary>
    public required DateTimeOffset PeriodStart { get; init; }

    /// <summary>Gets the period's end.</summary>
    public required DateTimeOffset PeriodEnd { get; init; }

    /// <summary>Gets the assumptions behind the line, sorted by name; numbers are kept as written.</summary>
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
    /// <remarks>A line whose period had not started is left out; one under way counts, as value lines do.</remarks>
    public override EvidenceRecord? AsOf(DateTimeOffset asOf) => PeriodStart > asOf ? null : this;

    /// <inheritdoc />
    public override string? Check() =>
        Order(PeriodEnd, "periodEnd", PeriodStart, "periodStart")
        ?? (PeriodEnd == PeriodStart ? "field 'periodEnd' must be after 'periodStart': a cost line covers a period" : null)
        ?? ((Amount is null) == (Hours is null) ? "give exactly one of 'amount' (money) and 'hours' (labour hours)" : null)
        ?? (Amount is not null && Currency is null ? "field 'currency' is required with 'amount'" : null)
        ?? (Hours is not null && Category != CostCategory.Labour ? "'hours' is for labour lines; give a cloud or vendor cost as 'amount'" : null);
}
