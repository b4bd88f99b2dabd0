// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using System.Text.Json;
using System.Text.Json.Serialization;

namespace AiOpsPolicy.Service.Api;

/// <summary>A logged decision: what was decided, what the CLI's exit code would have been, and the JSON report.</summary>
public sealed record DecisionResponse
{
    /// <summary>Gets the decision's id; <c>GET /v1/policy-sets/{name}/decisions/{id}</c> reads it back.</summary>
    [JsonPropertyName("id")]
    public required string Id { get; init; }

    /// <summary>Gets the policy set decided on.</summary>
    [JsonPropertyName("policySet")]
    public required string PolicySet { get; init; }

    /// <summary>Gets the decision: <c>allowed</c> or <c>blocked</c>.</summary>
    [JsonPropertyName("decision")]
    public required string Decision { get; init; }

    /// <summary>Gets the exit code <c>aiops-policy gate</c> would have returned: 0 allowed, 1 blocked.</summary>
    [JsonPropertyName("exitCode")]
    public required int ExitCode { get; init; }

    /// <summary>Gets what the exit code means, in words.</summary>
    [JsonPropertyName("exitMeaning")]
    public required string ExitMeaning { get; init; }

    /// <summary>Gets the evaluation time.</summary>
    [JsonPropertyName("decidedAt")]
    public required DateTimeOffset DecidedAt { get; init; }

    /// <summary>Gets who asked: the tenant and the token's name.</summary>
    [JsonPropertyName("caller")]
    public required string Caller { get; init; }

    /// <summary>Gets the SHA-256 of the bundle that decided.</summary>
    [JsonPropertyName("bundleDigest")]
    public required string BundleDigest { get; init; }

    /// <summary>Gets the SHA-256 of each evidence file read.</summary>
    [JsonPropertyName("evidence")]
    public required IReadOnlyList<EvidenceFileDigest> Evidence { get; init; }

    /// <summary>Gets the JSON report, as <c>gate --json</c> writes it (schemas/report.schema.json).</summary>
    [JsonPropertyName("report")]
    public required JsonElement Report { get; init; }
}
