// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using System.Text.Json.Serialization;

namespace AiOpsPolicy.Core.Evidence;

/// <summary>One deployment of a service to an environment.</summary>
public sealed record Deployment : EvidenceRecord
{
    /// <summary>Gets the deployment's id.</summary>
    public required string Id { get; init; }

    /// <summary>Gets the service (or repository, or CI/CD scope) deployed, as the source system names it, if known.</summary>
    public string? Service { get; init; }

    /// <summary>
    /// Gets the release this deployment is part of, when one pipeline run deploys several services or repositories
    /// together (DevLake's <c>cicd_deployment_id</c>); null when the deployment is a release of its own.
    /// </summary>
    public string? Release { get; init; }

    /// <summary>Gets the release the DORA counts count: <see cref="Release"/>, or the deployment itself.</summary>
    [JsonIgnore]
    public string ReleaseId => Release ?? Id;

    /// <summary>Gets the environment deployed to, such as production or staging.</summary>
    public required string Environment { get; init; }

    /// <summary>Gets how the deployment ended.</summary>
    public required DeploymentResult Result { get; init; }

    /// <summary>Gets when it started, if known.</summary>
    public DateTimeOffset? StartedAt { get; init; }

    /// <summary>Gets when it finished.</summary>
    public required DateTimeOffset FinishedAt { get; init; }

    /// <summary>Gets a value indicating whether this is a successful deployment to production: what the DORA metrics count.</summary>
    [JsonIgnore]
    public bool IsSuccessfulProduction => Result == DeploymentResult.Success && string.Equals(Environment, "production", StringComparison.Ordinal);

    /// <inheritdoc />
    public override string Key => Id;

    /// <inheritdoc />
    /// <remarks>Not finished yet: left out, since how it ended was not known.</remarks>
    public override EvidenceRecord? AsOf(DateTimeOffset asOf) => FinishedAt > asOf ? null : this;

    /// <inheritdoc />
    public override string? Check() => Order(FinishedAt, "finishedAt", StartedAt, "startedAt");
}
