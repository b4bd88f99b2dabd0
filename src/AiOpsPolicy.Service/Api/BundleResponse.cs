// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using System.Text.Json.Serialization;

namespace AiOpsPolicy.Service.Api;

/// <summary>The answer to loading a bundle: which digest the policy set now runs.</summary>
public sealed record BundleResponse
{
    /// <summary>Gets the policy set.</summary>
    [JsonPropertyName("policySet")]
    public required string PolicySet { get; init; }

    /// <summary>Gets the SHA-256 of the bundle file now in force.</summary>
    [JsonPropertyName("digest")]
    public required string Digest { get; init; }

    /// <summary>Gets the policy set's version, as its PolicySet declares it.</summary>
    [JsonPropertyName("version")]
    public string? Version { get; init; }

    /// <summary>Gets the number of gates in the bundle.</summary>
    [JsonPropertyName("gates")]
    public required int Gates { get; init; }
}
