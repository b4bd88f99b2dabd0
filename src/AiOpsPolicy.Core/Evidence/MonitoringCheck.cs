// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

namespace AiOpsPolicy.Core.Evidence;

/// <summary>One drift or bias check of a model.</summary>
public sealed record MonitoringCheck : EvidenceRecord
{
    /// <summary>Gets the model's name.</summary>
    public required string Model { get; init; }

    /// <summary>Gets the check's type.</summary>
    public required MonitoringType Type { get; init; }

    /// <summary>Gets when it ran.</summary>
    public required DateTimeOffset RanAt { get; init; }

    /// <inheritdoc />
    public override string Key => $"{Model}/{Type.ToString().ToLowerInvariant()}@{Instant(RanAt)}";

    /// <inheritdoc />
    public override EvidenceRecord? AsOf(DateTimeOffset asOf) => RanAt > asOf ? null : this;
}
