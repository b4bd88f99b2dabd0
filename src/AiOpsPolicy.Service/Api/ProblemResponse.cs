// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using System.Text.Json.Serialization;

namespace AiOpsPolicy.Service.Api;

/// <summary>
/// Why no decision was made: an RFC 9457 problem document (<c>application/problem+json</c>) that carries the same
/// diagnostics, codes and locations as the CLI prints, and the exit code the CLI would have returned (2).
/// </summary>
public sealed record ProblemResponse
{
    /// <summary>Gets the problem type: a link to the diagnostic's documentation.</summary>
    [JsonPropertyName("type")]
    public required string Type { get; init; }

    /// <summary>Gets the title of the first error's diagnostic.</summary>
    [JsonPropertyName("title")]
    public required string Title { get; init; }

    /// <summary>Gets the HTTP status code.</summary>
    [JsonPropertyName("status")]
    public required int Status { get; init; }

    /// <summary>Gets the first error, as the CLI prints it.</summary>
    [JsonPropertyName("detail")]
    public required string Detail { get; init; }

    /// <summary>Gets the exit code the CLI would have returned (2: invalid input; absent for service-side failures).</summary>
    [JsonPropertyName("exitCode")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public int? ExitCode { get; init; }

    /// <summary>Gets every diagnostic, errors and warnings.</summary>
    [JsonPropertyName("diagnostics")]
    public required IReadOnlyList<ProblemDiagnostic> Diagnostics { get; init; }
}
