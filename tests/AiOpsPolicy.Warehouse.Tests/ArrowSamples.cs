// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using System.Globalization;
using System.Text.Json;
using Apache.Arrow;
using Apache.Arrow.Ipc;
using Apache.Arrow.Types;

namespace AiOpsPolicy.Warehouse.Tests;

/// <summary>
/// Turns JSON evidence (envelopes, NDJSON) into Arrow IPC files: nested objects become dotted columns, lists JSON text,
/// and each column takes the type all its values share (boolean, whole number, double, text; times stay RFC 3339
/// text, offsets and all), as <see cref="ParquetEvidenceWriter"/> does for Parquet. The schema's metadata carries the
/// kind and collection time.
/// </summary>
internal static class ArrowSamples
{
    /// <summary>Copies the example evidence and replaces every JSON envelope and NDJSON file by an Arrow file of the same records.</summary>
    public static (string Folder, int Converted) ExampleAsArrow(TempDirectory temp, string name)
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

            var (kind, collectedAt, records) = extension == ".json" ? ParquetSamples.ReadEnvelope(file) : ParquetSamples.ReadNdjson(file);
            Write(Path.ChangeExtension(file, ".arrow"), kind, collectedAt, records);
            File.Delete(file);
            converted++;
        }

        return (folder, converted);
    }

    /// <summary>Writes records of one kind as an Arrow IPC file.</summary>
    public static void Write(string path, string kind, string? collectedAt, IReadOnlyList<JsonElement> records)
    {
        var columns = new List<string>();
        var cells = new Dictionary<string, JsonElement?[]>(StringComparer.Ordinal);
        for (var row = 0; row < records.Count; row++)
        {
            Flatten(records[row], string.Empty, row, records.Count, columns, cells);
        }

        var fields = new List<Field>();
        var arrays = new List<IArrowArray>();
        foreach (var name in columns)
        {
            var values = cells[name];
            var present = values.Where(v => v is { ValueKind: not JsonValueKind.Null }).Select(v => v!.Value).ToList();
            if (present.Count > 0 && present.All(v => v.ValueKind is JsonValueKind.True or JsonValueKind.False))
            {
                var builder = new BooleanArray.Builder();
                foreach (var v in values)
                {
                    _ = v is { ValueKind: JsonValueKind.True or JsonValueKind.False } e ? builder.Append(e.GetBoolean()) : builder.AppendNull();
                }

                fields.Add(new Field(name, BooleanType.Default, nullable: true));
                arrays.Add(builder.Build());
            }
            else if (present.Count > 0 && present.All(v => v.ValueKind == JsonValueKind.Number && v.TryGetInt64(out _)))
            {
                var builder = new Int64Array.Builder();
                foreach (var v in values)
                {
                    _ = v is { ValueKind: JsonValueKind.Number } e ? builder.Append(e.GetInt64()) : builder.AppendNull();
                }

                fields.Add(new Field(name, Int64Type.Default, nullable: true));
                arrays.Add(builder.Build());
            }
            else if (present.Count > 0 && present.All(v => v.ValueKind == JsonValueKind.Number))
            {
                var builder = new DoubleArray.Builder();
                foreach (var v in values)
                {
                    _ = v is { ValueKind: JsonValueKind.Number } e ? builder.Append(e.GetDouble()) : builder.AppendNull();
                }

                fields.Add(new Field(name, DoubleType.Default, nullable: true));
                arrays.Add(builder.Build());
            }
            else
            {
                var builder = new StringArray.Builder();
                foreach (var v in values)
                {
                    _ = v switch
                    {
                        null or { ValueKind: JsonValueKind.Null } => builder.AppendNull(),
                        { ValueKind: JsonValueKind.String } e => builder.Append(e.GetString()),
                        { } e => builder.Append(e.GetRawText()),
                    };
                }

                fields.Add(new Field(name, StringType.Default, nullable: true));
                arrays.Add(builder.Build());
            }
        }

        var metadata = new Dictionary<string, string>(StringComparer.Ordinal) { ["kind"] = kind };
        if (collectedAt is not null)
        {
            metadata["collectedAt"] = collectedAt;
        }

        Write(path, new Schema(fields, metadata), arrays, records.Count);
    }

    /// <summary>Writes prepared columns as one record batch (or none when there are no rows).</summary>
    public static void Write(string path, Schema schema, IReadOnlyList<IArrowArray> arrays, int length)
    {
        using var stream = File.Create(path);
        using var writer = new ArrowFileWriter(stream, schema);
        if (length > 0)
        {
            writer.WriteRecordBatch(new RecordBatch(schema, arrays, length));
        }

        writer.WriteEnd();
    }

    private static void Flatten(JsonElement element, string prefix, int row, int rows, List<string> columns, Dictionary<string, JsonElement?[]> cells)
    {
        foreach (var property in element.EnumerateObject())
        {
            var name = prefix.Length == 0 ? property.Name : string.Create(CultureInfo.InvariantCulture, $"{prefix}.{property.Name}");
            if (property.Value.ValueKind == JsonValueKind.Object && property.Value.EnumerateObject().Any())
            {
                Flatten(property.Value, name, row, rows, columns, cells);
                continue;
            }

            if (!cells.TryGetValue(name, out var values))
            {
                values = new JsonElement?[rows];
                cells[name] = values;
                columns.Add(name);
            }

            values[row] = property.Value;
        }
    }
}
