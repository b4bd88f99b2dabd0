// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using System.Collections.Concurrent;
using AiOpsPolicy.Core.Model;
using NJsonSchema;

namespace AiOpsPolicy.Core.Validation;

/// <summary>
/// The JSON Schemas embedded in the engine (copied from the repository's <c>schemas/</c> folder at
/// build time), loaded on first use and kept for the life of the process.
/// </summary>
public static class SchemaCatalog
{
    private static readonly ConcurrentDictionary<string, Lazy<JsonSchema>> Schemas = new(StringComparer.Ordinal);

    /// <summary>The schema file name for a policy kind, such as <c>gate.schema.json</c>.</summary>
    /// <param name="kind">The kind.</param>
    /// <returns>The file name.</returns>
    public static string FileName(PolicyKind kind) => kind.ToString().ToLowerInvariant() + ".schema.json";

    /// <summary>Reads the text of an embedded schema.</summary>
    /// <param name="relativePath">The path under <c>schemas/</c>, such as <c>gate.schema.json</c>.</param>
    /// <returns>The schema's JSON text.</returns>
    public static string ReadText(string relativePath)
    {
        using var stream = typeof(SchemaCatalog).Assembly.GetManifestResourceStream("schemas/" + relativePath)
            ?? throw new InvalidOperationException($"The schema '{relativePath}' is not embedded in the engine; the build is broken.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    /// <summary>Gets the parsed schema of a policy kind.</summary>
    /// <param name="kind">The kind.</param>
    /// <returns>The schema.</returns>
    public static JsonSchema For(PolicyKind kind) => Get(FileName(kind));

    /// <summary>Gets a parsed embedded schema.</summary>
    /// <param name="relativePath">The path under <c>schemas/</c>.</param>
    /// <returns>The schema.</returns>
    public static JsonSchema Get(string relativePath) =>
        Schemas.GetOrAdd(relativePath, path => new Lazy<JsonSchema>(() => JsonSchema.FromJsonAsync(ReadText(path)).GetAwaiter().GetResult())).Value;
}
