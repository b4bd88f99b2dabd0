// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using System.Text.Json.Serialization;

namespace AiOpsPolicy.Service.Api;

/// <summary>
/// The small answer of the verdict endpoint, made for Argo Rollouts' <c>web</c> metric provider: a
/// <c>successCondition</c> such as <c>result.allowed == true</c> tests it. The full decision is logged under <see cref="Id"/>.
/// </summary>
public sealed record VerdictResponse
{
    /// <summary>Gets a value indicating whether the release may go ahead (exit code 0).</summary>
    [JsonPropertyName("allowed")]
    public required bool Allowed { get; init; }

    /// <summary>Gets the decision: <c>allowed</c> or <c>blocked</c>.</summary>
    [JsonPropertyName("decision")]
    public required string Decision { get; init; }

    /// <summary>Gets the exit code <c>aiops-policy gate</c> would have returned.</summary>
    [JsonPropertyName("exitCode")]
    public required int ExitCode { get; init; }

    /// <summary>Gets the logged decision's id.</summary>
    [JsonPropertyName("id")]
    public required string Id { get; init; }

    /// <summary>Gets the blocking gates that did not pass, by name.</summary>
    [JsonPropertyName("blockedBy")]
    public required IReadOnlyList<string> BlockedBy { get; init; }
}
