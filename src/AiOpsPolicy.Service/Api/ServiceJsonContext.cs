// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using System.Text.Json.Serialization;

namespace AiOpsPolicy.Service.Api;

/// <summary>
/// Source-generated JSON for the API's bodies: no reflection at run time. Unknown request fields are refused, so a
/// misspelt field (<c>evidenceref</c>) is an error rather than a request decided without its evidence.
/// </summary>
[JsonSourceGenerationOptions(
    UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    RespectRequiredConstructorParameters = true,
    RespectNullableAnnotations = true,
    WriteIndented = false)]
[JsonSerializable(typeof(DecisionRequest))]
[JsonSerializable(typeof(DecisionResponse))]
[JsonSerializable(typeof(VerdictResponse))]
[JsonSerializable(typeof(BundleResponse))]
[JsonSerializable(typeof(ProblemResponse))]
[JsonSerializable(typeof(HealthResponse))]
public sealed partial class ServiceJsonContext : JsonSerializerContext
{
}
