// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using System.Text.Json.Serialization;

namespace AiOpsPolicy.Service.Api;

/// <summary>The digest of one evidence file a decision read.</summary>
public sealed record EvidenceFileDigest
{
    /// <summary>Gets the file's name (inline) or path below the reference (collected evidence).</summary>
    [JsonPropertyName("name")]
    public required string Name { get; init; }

    /// <summary>Gets the SHA-256 of the file's bytes (<c>sha256:</c> and hex).</summary>
    [JsonPropertyName("sha256")]
    public required string Sha256 { get; init; }

    /// <summary>Gets the file's length in bytes.</summary>
    [JsonPropertyName("bytes")]
    public required long Bytes { get; init; }
}
