// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

namespace AiOpsPolicy.Core.Evidence;

/// <summary>A change from approved PR to production.</summary>
public sealed record Change : EvidenceRecord
{
    /// <summary>Gets the change's id.</summary>
    public required string Id { get; init; }

    /// <summary>Gets what changed.</summary>
    public required ChangeType Type { get; init; }

    /// <summary>Gets when the PR was approved.</summary>
    public required DateTimeOffset ApprovedAt { get; init; }

    /// <summary>Gets when the change's first commit was authored, if known.</summary>
    public DateTimeOffset? FirstCommitAt { get; init; }

    /// <summary>Gets when the PR was opened, if known.</summary>
    public DateTimeOffset? OpenedAt { get; init; }

    /// <summary>Gets when the PR was merged, if known.</summary>
    public DateTimeOffset? MergedAt { get; init; }

    /// <summary>Gets when it reached production, if it did.</summary>
    /// <remarks>
    /// May be before the approval or merge: other tools keep a change whose deployment contains its merge commit
    /// before the recorded merge time; the lead-time metrics leave it out and count it rather than refuse the record.
    /// </remarks>
    public DateTimeOffset? DeployedAt { get; init; }

    /// <summary>Gets the id of the deployment that brought it to production, if known.</summary>
    public string? Deployment { get; init; }

    /// <summary>Gets the service or repository the change belongs to, as the source system names it, if known.</summary>
    public string? Service { get; init; }

    /// <summary>Gets a value indicating whether it was rolled back.</summary>
    public required bool RolledBack { get; init; }

    /// <summary>Gets when it was rolled back, if it was.</summary>
    public DateTimeOffset? RolledBackAt { get; init; }

    /// <inheritdoc />
    public override string Key => Id;

    /// <inheritdoc />
    /// <remarks>
    /// Not approved yet: left out. Deployed later: not deployed. Rolled back later: not rolled back. A first commit,
    /// opening or merge later: not yet happened (absent).
    /// </remarks>
    public override EvidenceRecord? AsOf(DateTimeOffset asOf)
    {
        if (ApprovedAt > asOf)
        {
            return null;
        }

        if (!(DeployedAt > asOf || RolledBackAt > asOf || FirstCommitAt > asOf || OpenedAt > asOf || MergedAt > asOf))
        {
            return this;
        }

        var deployed = DeployedAt > asOf ? null : DeployedAt;
        var rolledBack = deployed is not null && RolledBack && !(RolledBackAt > asOf);
        return this with
        {
            DeployedAt = deployed,
            Deployment = deployed is null ? null : Deployment,
            RolledBack = rolledBack,
            RolledBackAt = rolledBack ? RolledBackAt : null,
            FirstCommitAt = FirstCommitAt > asOf ? null : FirstCommitAt,
            OpenedAt = OpenedAt > asOf ? null : OpenedAt,
            MergedAt = MergedAt > asOf ? null : MergedAt,
        };
    }

    /// <inheritdoc />
    public override string? Check() => Order(MergedAt, "mergedAt", OpenedAt, "openedAt") ?? Order(RolledBackAt, "rolledBackAt", DeployedAt, "deployedAt")
        ?? (RolledBack && RolledBackAt is null ? "field 'rolledBackAt' is required when 'rolledBack' is true" : null);
}
