// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using System.Text.Json.Serialization;

namespace AiOpsPolicy.Service.Api;

/// <summary>
/// The body of <c>POST /v1/policy-sets/{name}/decisions</c> (and of the verdict endpoint): the evidence, inline or by
/// reference, and optionally the evaluation time, an idempotency key and where the request comes from.
/// </summary>
public sealed record DecisionRequest
{
    /// <summary>Gets the evaluation time (ISO 8601 with an offset, as <c>gate --as-of</c>); the server's clock when absent.</summary>
    [JsonPropertyName("asOf")]
    public string? AsOf { get; init; }

    /// <summary>Gets the evidence files sent inline, in the same formats as evidence files on disk.</summary>
    [JsonPropertyName("evidence")]
    public IReadOnlyList<InlineEvidenceFile>? Evidence { get; init; }

    /// <summary>
    /// Gets a reference to evidence collected under the operator's evidence folder for the caller's tenant
    /// (<c>service.evidenceRoot/TENANT/REF</c>): a relative folder or file name, such as <c>helpdesk/2026-11-28</c>.
    /// </summary>
    [JsonPropertyName("evidenceRef")]
    public string? EvidenceRef { get; init; }

    /// <summary>
    /// Gets a key that makes the request idempotent: the same tenant, policy set and key give the same decision id, and a
    /// repeat returns the logged decision instead of making a second one. Use the CI run id.
    /// </summary>
    [JsonPropertyName("idempotencyKey")]
    public string? IdempotencyKey { get; init; }

    /// <summary>Gets where the request comes from, recorded with the decision.</summary>
    [JsonPropertyName("context")]
    public DecisionContext? Context { get; init; }
}
