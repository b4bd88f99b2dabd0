// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using System.Text.Json.Serialization;

namespace AiOpsPolicy.Service.Api;

/// <summary>The answer of <c>/healthz</c> and <c>/readyz</c>.</summary>
public sealed record HealthResponse
{
    /// <summary>Gets <c>ok</c>, or <c>unavailable</c> when the instance should not get traffic.</summary>
    [JsonPropertyName("status")]
    public required string Status { get; init; }

    /// <summary>Gets why the instance is not ready, when it is not.</summary>
    [JsonPropertyName("reason")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Reason { get; init; }
}
