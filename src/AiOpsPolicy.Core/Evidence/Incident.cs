// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using System.Text.Json.Serialization;

namespace AiOpsPolicy.Core.Evidence;

/// <summary>An incident from opening to recovery.</summary>
public sealed record Incident : EvidenceRecord
{
    /// <summary>Gets the incident's id.</summary>
    public required string Id { get; init; }

    /// <summary>Gets the affected workflow, if known.</summary>
    public string? Workflow { get; init; }

    /// <summary>Gets when the incident was opened.</summary>
    public required DateTimeOffset OpenedAt { get; init; }

    /// <summary>Gets when the problem was detected.</summary>
    public required DateTimeOffset DetectedAt { get; init; }

    /// <summary>Gets when the cause was diagnosed, if it was.</summary>
    public DateTimeOffset? DiagnosedAt { get; init; }

    /// <summary>Gets when service recovered; null while the incident is open.</summary>
    public DateTimeOffset? RecoveredAt { get; init; }

    /// <summary>Gets the cause.</summary>
    public required IncidentCause Cause { get; init; }

    /// <summary>Gets a value indicating whether fixing it required a change to the model, pipeline, prompt or workflow logic.</summary>
    public required bool RequiredChange { get; init; }

    /// <summary>Gets the id of the change that caused it, if attributed.</summary>
    public string? Change { get; init; }

    /// <summary>Gets the service (or repository, or board) the incident was raised against, as the source system names it, if known.</summary>
    public string? Service { get; init; }

    /// <summary>Gets a value indicating whether the incident is still open.</summary>
    [JsonIgnore]
    public bool IsOpen => RecoveredAt is null;

    /// <inheritdoc />
    public override string Key => Id;

    /// <inheritdoc />
    /// <remarks>Not detected yet: left out. Diagnosed or recovered later: not yet diagnosed, still open.</remarks>
    public override EvidenceRecord? AsOf(DateTimeOffset asOf) =>
        DetectedAt > asOf || OpenedAt > asOf ? null
        : DiagnosedAt > asOf || RecoveredAt > asOf ? this with { DiagnosedAt = DiagnosedAt > asOf ? null : DiagnosedAt, RecoveredAt = RecoveredAt > asOf ? null : RecoveredAt }
        : this;

    /// <inheritdoc />
    public override string? Check() =>
        Order(DiagnosedAt, "diagnosedAt", DetectedAt, "detectedAt") ?? Order(RecoveredAt, "recoveredAt", DetectedAt, "detectedAt")
        ?? Order(RecoveredAt, "recoveredAt", DiagnosedAt, "diagnosedAt");
}
