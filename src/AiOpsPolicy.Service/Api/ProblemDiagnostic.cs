// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using System.Text.Json.Serialization;

namespace AiOpsPolicy.Service.Api;

/// <summary>One diagnostic in a problem response: the same code, message and location the CLI prints.</summary>
public sealed record ProblemDiagnostic
{
    /// <summary>Gets the code, such as <c>AOP1104</c>.</summary>
    [JsonPropertyName("code")]
    public required string Code { get; init; }

    /// <summary>Gets the severity: <c>error</c>, <c>warning</c> or <c>info</c>.</summary>
    [JsonPropertyName("severity")]
    public required string Severity { get; init; }

    /// <summary>Gets the message.</summary>
    [JsonPropertyName("message")]
    public required string Message { get; init; }

    /// <summary>Gets the file (the evidence file's name as sent, or <c>request</c> for the body), when there is one.</summary>
    [JsonPropertyName("file")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? File { get; init; }

    /// <summary>Gets the 1-based line, when known.</summary>
    [JsonPropertyName("line")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public int? Line { get; init; }

    /// <summary>Gets the 1-based column, when known.</summary>
    [JsonPropertyName("column")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public int? Column { get; init; }

    /// <summary>Gets the whole diagnostic as the CLI prints it (<c>file(line,col): error AOPnnnn: message</c>).</summary>
    [JsonPropertyName("text")]
    public required string Text { get; init; }
}
