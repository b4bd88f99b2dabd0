// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using System.Text.Json.Serialization;

namespace AiOpsPolicy.Core.Evidence;

/// <summary>An experiment and whether it became an owned production service.</summary>
public sealed record Pilot : EvidenceRecord
{
    /// <summary>Gets the pilot's id.</summary>
    public required string Id { get; init; }

    /// <summary>Gets when it started.</summary>
    public required DateTimeOffset StartedAt { get; init; }

    /// <summary>Gets where it stands.</summary>
    public required PilotStatus Status { get; init; }

    /// <summary>Gets a value indicating whether it is monitored.</summary>
    public required bool Monitoring { get; init; }

    /// <summary>Gets the on-call owner, if any.</summary>
    public string? OnCallOwner { get; init; }

    /// <summary>Gets the promise made to users, if any.</summary>
    public string? UserPromise { get; init; }

    /// <summary>Gets when it went to production, if it did.</summary>
    public DateTimeOffset? ProductionAt { get; init; }

    /// <summary>Gets a value indicating whether it is an owned production service: in production, monitored, with an on-call owner and a user promise.</summary>
    [JsonIgnore]
    public bool IsOwnedService => Status == PilotStatus.Production && Monitoring && !string.IsNullOrWhiteSpace(OnCallOwner) && !string.IsNullOrWhiteSpace(UserPromise);

    /// <inheritdoc />
    public override string Key => Id;

    /// <inheritdoc />
    /// <remarks>Not started yet: left out. In production only later: still a pilot then.</remarks>
    public override EvidenceRecord? AsOf(DateTimeOffset asOf) =>
        StartedAt > asOf ? null
        : ProductionAt > asOf ? this with { ProductionAt = null, Status = Status == PilotStatus.Production ? PilotStatus.Pilot : Status }
        : this;
}
