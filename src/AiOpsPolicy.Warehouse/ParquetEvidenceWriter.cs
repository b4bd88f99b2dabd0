// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using System.Globalization;
using System.Text.Json;
using Parquet;
using Parquet.Schema;

namespace AiOpsPolicy.Warehouse;

/// <summary>
/// Writes evidence records (JSON objects, as an envelope or NDJSON holds them) as one Parquet file that
/// <see cref="ParquetEvidenceFormat"/> reads back to the same records: nested objects become dotted columns,
/// lists become JSON text, and each column takes the type all its values share (boolean, whole number, double,
/// text; times stay RFC 3339 text, offsets and all). The file's metadata carries the kind and collection time.
/// A text column whose values repeat (names such as <c>workflow</c> or <c>outcome</c>) is dictionary-encoded, as the
/// common writers (Arrow, Spark, DuckDB) write it; Parquet.Net's default writes every text value whole. Rows are written
/// in row groups of at most <see cref="RowGroupRows"/>, as DuckDB writes them: a reader holds a row group's columns at a
/// time, and one group of every row made the Parquet reader hold all of a large file's values at once (half a million
/// cost lines took 340 MB).
/// </summary>
public static class ParquetEvidenceWriter
{
    /// <summary>The most rows in a row group: DuckDB's default (122,880, sixty of its 2,048-row vectors).</summary>
    public const int RowGroupRows = 122_880;

    /// <summary>Writes the records.</summary>
    /// <param name="path">The Parquet file to write.</param>
    /// <param name="kind">The evidence kind (<c>workflow-runs</c>).</param>
    /// <param name="collectedAt">When the records were collected (RFC 3339), or null when each record says.</param>
    /// <param name="records">The records, each a JSON object.</param>
    /// <param name="rowGroupRows">The most rows in a row group.</param>
    public static void Write(string path, string kind, string? collectedAt, IReadOnlyList<JsonElement> records, int rowGroupRows = RowGroupRows)
    {
        ArgumentNullException.ThrowIfNull(records);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(rowGroupRows);
        var columns = new List<string>();
        var cells = new Dictionary<string, JsonElement?[]>(StringComparer.Ordinal);
        for (var row = 0; row < records.Count; row++)
        {
            Flatten(records[row], string.Empty, row, records.Count, columns, cells);
        }

        var fields = new List<DataField>();
        var writes = new List<Func<ParquetRowGroupWriter, Range, Task>>();
        var dictionary = new List<DataField>();
        foreach (var name in columns)
        {
            var values = cells[name];
            var present = values.Where(v => v is { ValueKind: not JsonValueKind.Null }).Select(v => v!.Value).ToList();
            if (present.Count > 0 && present.All(v => v.ValueKind is JsonValueKind.True or JsonValueKind.False))
            {
                var field = new DataField<bool?>(name);
                fields.Add(field);
                var data = values.Select(v => v is { ValueKind: JsonValueKind.True or JsonValueKind.False } e ? e.GetBoolean() : (bool?)null).ToArray();
                writes.Add((g, rows) => g.WriteAsync<bool>(field, (ReadOnlyMemory<bool?>)data.AsMemory(rows)));
            }
            else if (present.Count > 0 && present.All(v => v.ValueKind == JsonValueKind.Number && v.TryGetInt64(out _)))
            {
                var field = new DataField<long?>(name);
                fields.Add(field);
                var data = values.Select(v => v is { ValueKind: JsonValueKind.Number } e ? e.GetInt64() : (long?)null).ToArray();
                writes.Add((g, rows) => g.WriteAsync<long>(field, (ReadOnlyMemory<long?>)data.AsMemory(rows)));
            }
            else if (present.Count > 0 && present.All(v => v.ValueKind == JsonValueKind.Number))
            {
                var field = new DataField<double?>(name);
                fields.Add(field);
                var data = values.Select(v => v is { ValueKind: JsonValueKind.Number } e ? e.GetDouble() : (double?)null).ToArray();
                writes.Add((g, rows) => g.WriteAsync<double>(field, (ReadOnlyMemory<double?>)data.AsMemory(rows)));
            }
            else
            {
                var field = new DataField<string>(name, nullable: true);
                fields.Add(field);
                var data = values.Select(v => v switch
                {
                    null or { ValueKind: JsonValueKind.Null } => null,
                    { ValueKind: JsonValueKind.String } e => e.GetString(),
                    { } e => e.GetRawText(),
                }).ToArray();
                if (Repeats(data))
                {
                    dictionary.Add(field);
                }

                writes.Add((g, rows) => g.WriteAsync(field, data[rows]));
            }
        }

        // Each row group a slice of every column; an empty file is one empty group, as Parquet.Net writes one.
        var groups = new List<Range>();
        for (var start = 0; start < records.Count || groups.Count == 0; start += rowGroupRows)
        {
            groups.Add(start..Math.Min(records.Count, start + rowGroupRows));
        }

        using var stream = File.Create(path);
        WriteAsync(stream, new ParquetSchema(fields), Metadata(kind, collectedAt), groups, writes, DictionaryEncoded(dictionary)).GetAwaiter().GetResult();
    }

    /// <summary>Options that dictionary-encode the given text columns: each distinct value is stored once per row group, and rows hold small indexes into it.</summary>
    /// <param name="fields">The columns.</param>
    /// <returns>The writer's options.</returns>
    public static ParquetOptions DictionaryEncoded(IEnumerable<DataField> fields)
    {
        ArgumentNullException.ThrowIfNull(fields);
        var options = new ParquetOptions();
        foreach (var field in fields)
        {
            options.ColumnEncodingHints[field.Path.ToString()] = EncodingHint.Dictionary;
        }

        return options;
    }

    /// <summary>Writes one row group of prepared columns, with the file metadata.</summary>
    /// <param name="path">The file.</param>
    /// <param name="schema">The columns.</param>
    /// <param name="metadata">The key-value metadata (<c>kind</c>, <c>collectedAt</c>).</param>
    /// <param name="writes">One call per column, in schema order.</param>
    public static void Write(string path, ParquetSchema schema, IReadOnlyDictionary<string, string> metadata, IReadOnlyList<Func<ParquetRowGroupWriter, Task>> writes)
    {
        ArgumentNullException.ThrowIfNull(writes);
        using var stream = File.Create(path);
        WriteAsync(stream, schema, metadata, [Range.All], [.. writes.Select(write => (Func<ParquetRowGroupWriter, Range, Task>)((g, _) => write(g)))], new ParquetOptions()).GetAwaiter().GetResult();
    }

    /// <summary>The metadata <see cref="ParquetEvidenceFormat"/> reads: the kind and, when given, the collection time.</summary>
    /// <param name="kind">The evidence kind.</param>
    /// <param name="collectedAt">The collection time (RFC 3339), or null.</param>
    /// <returns>The metadata.</returns>
    public static IReadOnlyDictionary<string, string> Metadata(string kind, string? collectedAt)
    {
        var metadata = new Dictionary<string, string>(StringComparer.Ordinal) { ["kind"] = kind };
        if (collectedAt is not null)
        {
            metadata["collectedAt"] = collectedAt;
        }

        return metadata;
    }

    /// <summary>Whether a text column's values repeat enough to be worth a dictionary: at most half of them distinct.</summary>
    private static bool Repeats(string?[] values)
    {
        var present = values.Count(v => v is not null);
        return present > 1 && values.OfType<string>().Distinct(StringComparer.Ordinal).Count() * 2 <= present;
    }

    private static async Task WriteAsync(Stream stream, ParquetSchema schema, IReadOnlyDictionary<string, string> metadata, IReadOnlyList<Range> groups, IReadOnlyList<Func<ParquetRowGroupWriter, Range, Task>> writes, ParquetOptions options)
    {
        await using var writer = await ParquetWriter.CreateAsync(schema, stream, options).ConfigureAwait(false);
        writer.CustomMetadata = metadata.ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);
        foreach (var rows in groups)
        {
            using var group = writer.CreateRowGroup();
            foreach (var write in writes)
            {
                await write(group, rows).ConfigureAwait(false);
            }
        }
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
