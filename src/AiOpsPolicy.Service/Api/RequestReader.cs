// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using System.Text.Json;
using AiOpsPolicy.Core.Diagnostics;
using AiOpsPolicy.Core.Text;

namespace AiOpsPolicy.Service.Api;

/// <summary>
/// Parses a decision request body. Every problem is an AOP5201 located at <c>request(line,col)</c> inside the body and
/// worded for the API's field names, never the service's C# types.
/// </summary>
internal static class RequestReader
{
    /// <summary>The fields of a request, for messages.</summary>
    public const string Fields = "asOf, evidence, evidenceRef, idempotencyKey, context";

    /// <summary>Parses a body.</summary>
    /// <param name="body">The body's bytes.</param>
    /// <returns>The request, or the problem.</returns>
    public static (DecisionRequest? Request, ServiceProblem? Problem) Parse(byte[] body)
    {
        try
        {
            var request = JsonSerializer.Deserialize(body, ServiceJsonContext.Default.DecisionRequest);
            return request is null
                ? (null, Problem("The body must be a JSON object with the fields " + Fields, SourceLocation.At("request", 1, 1)))
                : request.Evidence is { } files && files.Any(f => f is null)
                    ? (null, Problem("Each entry of 'evidence' must be an object with 'name' and 'content'", SourceLocation.ForFile("request")))
                    : (request, null);
        }
        catch (JsonException ex)
        {
            var location = ex.LineNumber is { } line && ex.BytePositionInLine is { } column
                ? SourceLocation.At("request", (int)Math.Min(line + 1, int.MaxValue), (int)Math.Min(column + 1, int.MaxValue))
                : SourceLocation.ForFile("request");
            return (null, Problem(Explain(ex), location));
        }
    }

    private static ServiceProblem Problem(string message, SourceLocation location) =>
        new(400, [Diagnostic.Create(DiagnosticCatalog.RequestInvalid, location, message)], ServiceProblem.InvalidInput);

    /// <summary>Says what is wrong in the API's terms: the field's JSON path and what it should be.</summary>
    private static string Explain(JsonException ex)
    {
        var path = string.IsNullOrEmpty(ex.Path) || ex.Path == "$" ? "the body" : "'" + ex.Path.TrimStart('$').TrimStart('.') + "'";
        var message = ex.Message;
        if (message.Contains("could not be mapped", StringComparison.Ordinal))
        {
            return $"{path} is not a field this API knows (a misspelt field is not ignored); a request allows: {Fields}; an evidence file: name, content; context: provider, pipeline, commit, environment";
        }

        if (message.Contains("missing required properties", StringComparison.Ordinal))
        {
            var at = message.IndexOf("including: ", StringComparison.Ordinal);
            var missing = at < 0 ? "a required field" : message[(at + "including: ".Length)..].TrimEnd('.');
            return $"{path} lacks {missing}: each evidence file needs 'name' and 'content'";
        }

        if (message.Contains("could not be converted", StringComparison.Ordinal) || ex.InnerException is InvalidOperationException or FormatException)
        {
            return $"{path} has the wrong type: asOf, evidenceRef, idempotencyKey, name and the context fields are strings, evidence is an array of objects, context is an object";
        }

        // A syntax error from the JSON reader: its own sentence is about the text, without type names, and without the
        // "Path: ... | LineNumber" tail, which the location already gives.
        return $"The body is not valid JSON: {CallerText.Printable(JsonReaderText.Sentence(message))}";
    }
}
