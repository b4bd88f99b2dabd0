// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using System.Globalization;
using System.Security.Cryptography;
using System.Text.Encodings.Web;
using System.Text.Json;
using AiOpsPolicy.Core.Evidence;
using AiOpsPolicy.Core.Files;

namespace AiOpsPolicy.Sources.Output;

/// <summary>
/// Writes one source's records of one kind as an ordinary evidence file (the JSON envelope of
/// docs/evidence.md), and beside it a provenance record: source, endpoint, the exact queries, the time
/// range, the as-of time, the record count and the SHA-256 of the evidence file's bytes. Both files are
/// deterministic (records in key order, invariant formatting, no wall clock) and appear whole or not at all.
/// </summary>
public static class EvidenceFileWriter
{
    private static readonly JsonWriterOptions Options = new()
    {
        Indented = true,
        // Evidence text is data: written as is, escaped only where JSON requires, so that the bytes do not depend on an encoder's choices.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        NewLine = "\n",
    };

    /// <summary>The evidence file's name for a source and kind: <c>SOURCE.KIND.json</c>.</summary>
    /// <param name="source">The source's name (kebab-case, checked when the sources file was read).</param>
    /// <param name="kind">The kind.</param>
    /// <returns>The file name.</returns>
    public static string FileName(string source, EvidenceKind kind) => $"{source}.{EvidenceKinds.Name(kind)}.json";

    /// <summary>Writes the evidence file and its provenance record into a folder.</summary>
    /// <param name="folder">The output folder (created if missing).</param>
    /// <param name="source">The source's name.</param>
    /// <param name="type">The source's type (prometheus, git, otlp).</param>
    /// <param name="endpoint">Where the source is, without credentials.</param>
    /// <param name="window">The time range collected.</param>
    /// <param name="file">The records and queries.</param>
    /// <returns>The evidence file's path and its content hash.</returns>
    public static (string Path, string Hash) Write(string folder, string source, string type, string endpoint, CollectionWindow window, CollectedFile file)
    {
        Directory.CreateDirectory(folder);
        var name = FileName(source, file.Kind);
        var evidence = Evidence(source, type, window, file);
        var hash = "sha256:" + Convert.ToHexStringLower(SHA256.HashData(evidence));
        var provenance = Provenance(name, source, type, endpoint, window, file, hash);
        var path = Path.Combine(folder, name);
        AtomicFile.WriteAllBytes(path, evidence);
        AtomicFile.WriteAllBytes(Path.Combine(folder, Path.GetFileNameWithoutExtension(name) + EvidenceLoader.ProvenanceSuffix), provenance);
        return (path, hash);
    }

    private static byte[] Evidence(string source, string type, CollectionWindow window, CollectedFile file)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, Options))
        {
            writer.WriteStartObject();
            writer.WriteString("apiVersion", "aiops-evidence/v1");
            writer.WriteString("kind", EvidenceKinds.Name(file.Kind));
            writer.WriteString("collectedAt", Time(window.AsOf));
            writer.WriteString("source", $"aiops-policy collect: {type} source '{source}'");
            if (file.Incomplete is { } incomplete)
            {
                writer.WriteString("incomplete", incomplete);
            }

            writer.WriteStartArray("records");
            foreach (var record in file.Records.OrderBy(r => r.SortKey, StringComparer.Ordinal))
            {
                writer.WriteStartObject();
                foreach (var (field, value) in record.Fields)
                {
                    WriteValue(writer, field, value);
                }

                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        buffer.WriteByte((byte)'\n');
        return buffer.ToArray();
    }

    private static byte[] Provenance(string name, string source, string type, string endpoint, CollectionWindow window, CollectedFile file, string hash)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, Options))
        {
            writer.WriteStartObject();
            writer.WriteString("file", name);
            writer.WriteString("kind", EvidenceKinds.Name(file.Kind));
            writer.WriteString("source", source);
            writer.WriteString("type", type);
            writer.WriteString("endpoint", endpoint);
            writer.WriteStartObject("timeRange");
            writer.WriteString("start", Time(window.Start));
            writer.WriteString("end", Time(window.AsOf));
            writer.WriteEndObject();

            // The as-of time, not the wall clock: the files are a function of the source's data and the
            // as-of time, so collecting again with the same --as-of gives the same bytes.
            writer.WriteString("collectedAt", Time(window.AsOf));
            writer.WriteString("status", file.Incomplete is null ? "complete" : "failed");
            if (file.Incomplete is { } incomplete)
            {
                writer.WriteString("error", incomplete);
            }

            writer.WriteNumber("records", file.Records.Length);
            writer.WriteString("contentHash", hash);
            writer.WriteStartArray("queries");
            foreach (var query in file.Queries)
            {
                writer.WriteStartObject();
                writer.WriteString("query", query.Query);
                writer.WriteString("detail", query.Detail);
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        buffer.WriteByte((byte)'\n');
        return buffer.ToArray();
    }

    private static void WriteValue(Utf8JsonWriter writer, string field, object? value)
    {
        switch (value)
        {
            case null:
                break;
            case string text:
                writer.WriteString(field, text);
                break;
            case bool flag:
                writer.WriteBoolean(field, flag);
                break;
            case long whole:
                writer.WriteNumber(field, whole);
                break;
            case int small:
                writer.WriteNumber(field, small);
                break;
            case double number when double.IsFinite(number):
                // Round-trip formatting, invariant: the same double is always the same text.
                writer.WritePropertyName(field);
                writer.WriteRawValue(number.ToString("R", CultureInfo.InvariantCulture), skipInputValidation: true);
                break;
            case DateTimeOffset time:
                writer.WriteString(field, Time(time));
                break;
            case DateOnly day:
                writer.WriteString(field, day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
                break;
            case TimeSpan duration:
                writer.WritePropertyName(field);
                writer.WriteRawValue(duration.TotalSeconds.ToString("R", CultureInfo.InvariantCulture), skipInputValidation: true);
                break;
            default:
                throw new ArgumentException($"Field '{field}' has a value of type {value.GetType().Name}, which evidence files do not hold.", nameof(value));
        }
    }

    /// <summary>An instant as ISO 8601 UTC, with fractions of a second only when there are any.</summary>
    /// <param name="time">The instant.</param>
    /// <returns>The text.</returns>
    public static string Time(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", CultureInfo.InvariantCulture);
}
