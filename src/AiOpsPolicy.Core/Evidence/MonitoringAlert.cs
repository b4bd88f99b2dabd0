// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

namespace AiOpsPolicy.Core.Evidence;

/// <summary>One drift or bias alert, from raised to resolved.</summary>
public sealed record MonitoringAlert : EvidenceRecord
{
    /// <summary>Gets the alert's id.</summary>
    public required string Id { get; init; }

    /// <summary>Gets the model's name.</summary>
    public required string Model { get; init; }

    /// <summary>Gets the alert's type.</summary>
    public required MonitoringType Type { get; init; }

    /// <summary>Gets when it was raised.</summary>
    public required DateTimeOffset RaisedAt { get; init; }

    /// <summary>Gets when it was triaged, if it was.</summary>
    public DateTimeOffset? TriagedAt { get; init; }

    /// <summary>Gets when it was resolved, if it was.</summary>
    public DateTimeOffset? ResolvedAt { get; init; }

    /// <inheritdoc />
    public override string Key => Id;

    /// <inheritdoc />
    /// <remarks>Not raised yet: left out. Triaged or resolved later: not yet.</remarks>
    public override EvidenceRecord? AsOf(DateTimeOffset asOf) =>
        RaisedAt > asOf ? null
        : TriagedAt > asOf || ResolvedAt > asOf ? this with { TriagedAt = TriagedAt > asOf ? null : TriagedAt, ResolvedAt = ResolvedAt > asOf ? null : ResolvedAt }
        : this;

    /// <inheritdoc />
    public override string? Check() => Order(TriagedAt, "triagedAt", RaisedAt, "raisedAt") ?? Order(ResolvedAt, "resolvedAt", RaisedAt, "raisedAt");
}
