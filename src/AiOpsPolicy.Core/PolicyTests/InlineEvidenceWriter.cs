// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using System.Globalization;
using System.Text.Json;
using AiOpsPolicy.Core.Evidence;
using AiOpsPolicy.Core.Syntax;

namespace AiOpsPolicy.Core.PolicyTests;

/// <summary>
/// Writes a test's inline evidence to a folder as ordinary evidence files (one JSON envelope per
/// kind), so that it is loaded and checked by exactly the same code as evidence on disk.
/// </summary>
internal static class InlineEvidenceWriter
{
    /// <summary>The apiVersion of evidence envelopes.</summary>
    public const string ApiVersion = "aiops-evidence/v1";

    /// <summary>Writes the files.</summary>
    /// <param name="test">The test.</param>
    /// <param name="folder">The folder, which must exist.</param>
    /// <returns>The file written for each kind.</returns>
    public static IReadOnlyDictionary<string, InlineEvidence> Write(PolicyTest test, string folder)
    {
        var written = new Dictionary<string, InlineEvidence>(StringComparer.Ordinal);
        foreach (var evidence in test.InlineEvidence)
        {
            var kind = EvidenceKinds.Name(evidence.Kind);
            var path = Path.Combine(folder, kind + ".json");
            using (var stream = File.Create(path))
            using (var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
            {
                writer.WriteStartObject();
                writer.WriteString("apiVersion", ApiVersion);
                writer.WriteString("kind", kind);
                var envelope = evidence.Node as YamlMapping;
                if (envelope?["collectedAt"] is not { } collectedAt)
                {
                    // A test states its evaluation time; evidence that does not say when it was
                    // collected is taken as collected then, so it is never stale.
                    writer.WriteString("collectedAt", test.AsOf.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFFzzz", CultureInfo.InvariantCulture));
                }
                else
                {
                    writer.WritePropertyName("collectedAt");
                    YamlToJson.Write(collectedAt, writer);
                }

                writer.WriteString("source", envelope?["source"] is YamlScalar source ? source.Value : $"policy test '{test.Name}' ({test.File})");
                writer.WritePropertyName("records");
                YamlToJson.Write(envelope?["records"] ?? evidence.Node, writer);
                writer.WriteEndObject();
            }

            written[Path.GetFullPath(path)] = evidence;
        }

        return written;
    }
}
