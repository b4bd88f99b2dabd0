// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using System.Text.Json.Serialization;

namespace AiOpsPolicy.Service.Api;

/// <summary>Where a decision request comes from, recorded with the decision like <c>gate --record</c> records CI variables.</summary>
public sealed record DecisionContext
{
    /// <summary>Gets the CI provider (<c>github</c>, <c>gitlab</c>, <c>azure</c>, <c>argo-rollouts</c>).</summary>
    [JsonPropertyName("provider")]
    public string? Provider { get; init; }

    /// <summary>Gets the pipeline or workflow.</summary>
    [JsonPropertyName("pipeline")]
    public string? Pipeline { get; init; }

    /// <summary>Gets the commit.</summary>
    [JsonPropertyName("commit")]
    public string? Commit { get; init; }

    /// <summary>Gets the deployment environment or stage.</summary>
    [JsonPropertyName("environment")]
    public string? Environment { get; init; }
}
