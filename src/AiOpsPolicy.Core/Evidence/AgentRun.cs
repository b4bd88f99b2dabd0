// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

namespace AiOpsPolicy.Core.Evidence;

/// <summary>One run of a multi-agent workflow.</summary>
public sealed record AgentRun : EvidenceRecord
{
    /// <summary>Gets the run's id.</summary>
    public required string Id { get; init; }

    /// <summary>Gets the workflow's name.</summary>
    public required string Workflow { get; init; }

    /// <summary>Gets when it started; null when the source does not say.</summary>
    public DateTimeOffset? StartedAt { get; init; }

    /// <summary>Gets when it completed.</summary>
    public required DateTimeOffset CompletedAt { get; init; }

    /// <summary>Gets a value indicating whether the outcome was correct.</summary>
    public required bool Correct { get; init; }

    /// <summary>Gets a value indicating whether a human stepped in.</summary>
    public required bool HumanIntervened { get; init; }

    /// <inheritdoc />
    public override string Key => Id;

    /// <inheritdoc />
    public override EvidenceRecord? AsOf(DateTimeOffset asOf) => CompletedAt > asOf ? null : this;

    /// <inheritdoc />
    public override string? Check() => Order(CompletedAt, "completedAt", StartedAt, "startedAt");
}
