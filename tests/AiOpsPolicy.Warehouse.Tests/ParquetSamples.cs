// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using System.Text.Json;

namespace AiOpsPolicy.Warehouse.Tests;

/// <summary>Turns JSON evidence (envelopes, NDJSON) into Parquet files with <see cref="ParquetEvidenceWriter"/>.</summary>
internal static class ParquetSamples
{
    /// <summary>Copies the example evidence and replaces every JSON envelope and NDJSON file by a Parquet file of the same records.</summary>
    public static (string Folder, int Converted) ExampleAsParquet(TempDirectory temp, string name)
    {
        var folder = temp.CopyFolder(Repository.ExampleEvidence, name);
        var converted = 0;
        foreach (var file in Directory.GetFiles(folder).Order(StringComparer.Ordinal))
        {
            var extension = Path.GetExtension(file);
            if (extension is not (".json" or ".ndjson" or ".jsonl") || file.EndsWith(".provenance.json", StringComparison.Ordinal))
            {
                continue;
            }

            var (kind, collectedAt, records) = extension == ".json" ? ReadEnvelope(file) : ReadNdjson(file);
            ParquetEvidenceWriter.Write(Path.ChangeExtension(file, ".parquet"), kind, collectedAt, records);
            File.Delete(file);
            converted++;
        }

        return (folder, converted);
    }

    /// <summary>Writes NDJSON record lines (no header) of one kind as a Parquet file.</summary>
    public static void Write(string path, string kind, string? collectedAt, params string[] lines) =>
        ParquetEvidenceWriter.Write(path, kind, collectedAt, [.. lines.Select(l => JsonDocument.Parse(l).RootElement.Clone())]);

    internal static (string Kind, string? CollectedAt, List<JsonElement> Records) ReadEnvelope(string file)
    {
        using var document = JsonDocument.Parse(File.ReadAllBytes(file));
        var root = document.RootElement;
        var kind = root.TryGetProperty("kind", out var k) ? k.GetString()! : KindFromName(file);
        var collectedAt = root.TryGetProperty("collectedAt", out var c) ? c.GetString() : null;
        var records = (root.ValueKind == JsonValueKind.Array ? root : root.GetProperty("records")).EnumerateArray().Select(e => e.Clone()).ToList();
        return (kind, collectedAt, records);
    }

    internal static (string Kind, string? CollectedAt, List<JsonElement> Records) ReadNdjson(string file)
    {
        string? kind = null;
        string? collectedAt = null;
        var records = new List<JsonElement>();
        foreach (var line in File.ReadLines(file).Where(l => l.Trim().Length > 0))
        {
            var element = JsonDocument.Parse(line).RootElement.Clone();
            if (element.TryGetProperty("$evidence", out var header))
            {
                kind = header.TryGetProperty("kind", out var k) ? k.GetString() : null;
                collectedAt = header.TryGetProperty("collectedAt", out var c) ? c.GetString() : null;
                continue;
            }

            records.Add(element);
        }

        return (kind ?? KindFromName(file), collectedAt, records);
    }

    private static string KindFromName(string file)
    {
        var name = Path.GetFileNameWithoutExtension(file);
        return name[(name.LastIndexOf('.') + 1)..];
    }
}
