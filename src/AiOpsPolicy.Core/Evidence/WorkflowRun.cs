// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using System.Text.Json.Serialization;

namespace AiOpsPolicy.Core.Evidence;

/// <summary>One run of a workflow (no step) or of one of its steps.</summary>
public sealed record WorkflowRun : EvidenceRecord
{
    /// <summary>Gets the run's id.</summary>
    public required string Id { get; init; }

    /// <summary>Gets the workflow's name.</summary>
    public required string Workflow { get; init; }

    /// <summary>Gets the step's name; null for a whole run.</summary>
    public string? Step { get; init; }

    /// <summary>Gets when the run started.</summary>
    public required DateTimeOffset StartedAt { get; init; }

    /// <summary>Gets when the run ended.</summary>
    public required DateTimeOffset EndedAt { get; init; }

    /// <summary>Gets the quality outcome: ok, routed-correctly, manual-review-needed, or a custom word.</summary>
    public required string Outcome { get; init; }

    /// <summary>Gets how many transactions the run handled: 1 when the record does not say.</summary>
    [JsonIgnore]
    public int Transactions
    {
        get => TransactionsStated ?? 1;
        init => TransactionsStated = value;
    }

    /// <summary>
    /// Gets the transactions as written, null when absent. The source-generated reader sets every
    /// init-only property, absent ones to their type's default: a plain int would read an absent
    /// count as 0 rather than the documented 1.
    /// </summary>
    [JsonPropertyName("transactions")]
    [JsonInclude]
    internal int? TransactionsStated { get; init; }

    /// <summary>Gets how long the run took.</summary>
    [JsonIgnore]
    public TimeSpan Duration => EndedAt - StartedAt;

    /// <inheritdoc />
    public override string Key => Id;

    /// <inheritdoc />
    /// <remarks>A run that had not ended is left out: its outcome and duration were not known yet.</remarks>
    public override EvidenceRecord? AsOf(DateTimeOffset asOf) => EndedAt > asOf ? null : this;

    /// <inheritdoc />
    public override string? Check() => Order(EndedAt, "endedAt", StartedAt, "startedAt")
        ?? (Transactions < 0 ? "field 'transactions' is negative" : null);
}
