// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using System.Globalization;
using System.Text;
using System.Text.Json;

namespace AiOpsPolicy.Core.Tests.Metrics.Differential;

/// <summary>How a drafted evidence file is written.</summary>
internal enum DraftFormat
{
    /// <summary>NDJSON with a <c>$evidence</c> header line giving the kind and the collection time.</summary>
    Ndjson,

    /// <summary>NDJSON without a header: the kind from the file name, each record its own <c>collectedAt</c>.</summary>
    NdjsonBare,

    /// <summary>A JSON envelope.</summary>
    Json,

    /// <summary>The same envelope in a <c>.yaml</c> file (JSON is YAML), read by the YAML reader.</summary>
    Yaml,

    /// <summary>CSV with a <c># collectedAt:</c> line; objects as dotted columns. Only for records with no lists.</summary>
    Csv,
}

/// <summary>One record of a drafted file: valid or planted invalid, or a raw NDJSON line that is not JSON.</summary>
/// <param name="Record">The record (null for a raw line).</param>
/// <param name="Valid">Whether docs/evidence.md says the record is valid.</param>
/// <param name="RawLine">A line written as it is (NDJSON only).</param>
internal sealed record DraftEntry(Rec? Record, bool Valid, string? RawLine = null);

/// <summary>An evidence file the harness writes: its kind, format, collection time and records in order.</summary>
internal sealed class DraftFile
{
    public required string Kind { get; init; }

    public required DraftFormat Format { get; init; }

    /// <summary>Gets the file's own collection time (envelope, header or comment); null for bare NDJSON.</summary>
    public DateTimeOffset? CollectedAt { get; init; }

    /// <summary>Gets why the file says its records are incomplete (JSON and YAML envelopes), or null.</summary>
    public string? Incomplete { get; init; }

    /// <summary>Gets a value indicating whether the file is written empty (no bytes): it is ignored with AOP1106.</summary>
    public bool Empty { get; init; }

    public List<DraftEntry> Entries { get; } = [];

    public string Extension => Format switch
    {
        DraftFormat.Ndjson or DraftFormat.NdjsonBare => "ndjson",
        DraftFormat.Json => "json",
        DraftFormat.Yaml => "yaml",
        _ => "csv",
    };
}

/// <summary>
/// Writes drafted files. Every time is written in a randomly chosen offset (the same instant in
/// another offset is the same time), with the fraction of a second only when it has one; durations
/// as seconds or as a duration string; booleans in CSV in random case.
/// </summary>
internal static class EvidenceWriter
{
    private static readonly TimeSpan[] Offsets = [TimeSpan.Zero, TimeSpan.Zero, TimeSpan.FromHours(1), TimeSpan.FromHours(-8), new(5, 30, 0), TimeSpan.FromHours(14), TimeSpan.FromHours(-12)];

    public static void Write(DraftFile file, string path, Random random)
    {
        if (file.Empty)
        {
            File.WriteAllBytes(path, []);
            return;
        }

        var text = file.Format switch
        {
            DraftFormat.Ndjson or DraftFormat.NdjsonBare => Ndjson(file, random),
            DraftFormat.Json or DraftFormat.Yaml => Envelope(file, random),
            _ => Csv(file, random),
        };
        File.WriteAllText(path, text, new UTF8Encoding(encoderShouldEmitUTF8Identifier: random.Next(8) == 0));
    }

    /// <summary>A time in an offset picked at random, as RFC 3339.</summary>
    public static string Time(DateTimeOffset time, Random random)
    {
        var offset = Offsets[random.Next(Offsets.Length)];
        var local = time.ToOffset(offset);
        var text = local.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF", CultureInfo.InvariantCulture);
        return offset == TimeSpan.Zero && random.Next(2) == 0 ? text + "Z" : text + local.ToString("zzz", CultureInfo.InvariantCulture);
    }

    private static string Ndjson(DraftFile file, Random random)
    {
        var builder = new StringBuilder();
        if (file.Format == DraftFormat.Ndjson)
        {
            builder.Append("{\"$evidence\": {\"kind\": \"").Append(file.Kind).Append("\", \"collectedAt\": \"").Append(Time(file.CollectedAt!.Value, random)).Append("\"}}\n");
        }

        foreach (var entry in file.Entries)
        {
            builder.Append(entry.RawLine ?? Json(entry.Record!, random)).Append(random.Next(10) == 0 ? "\r\n" : "\n");
        }

        return builder.ToString();
    }

    private static string Envelope(DraftFile file, Random random)
    {
        var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = random.Next(2) == 0 }))
        {
            writer.WriteStartObject();
            writer.WriteString("apiVersion", "aiops-evidence/v1");
            writer.WriteString("kind", file.Kind);
            if (file.CollectedAt is { } collected)
            {
                writer.WriteString("collectedAt", Time(collected, random));
            }

            if (file.Incomplete is { } incomplete)
            {
                writer.WriteString("incomplete", incomplete);
            }

            writer.WriteStartArray("records");
            foreach (var entry in file.Entries)
            {
                WriteObject(writer, entry.Record!, random);
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static string Json(Rec record, Random random)
    {
        var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            WriteObject(writer, record, random);
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static void WriteObject(Utf8JsonWriter writer, Rec record, Random random)
    {
        writer.WriteStartObject();
        foreach (var (name, value) in record.Fields)
        {
            writer.WritePropertyName(name);
            WriteValue(writer, value, random);
        }

        writer.WriteEndObject();
    }

    private static void WriteValue(Utf8JsonWriter writer, object? value, Random random)
    {
        switch (value)
        {
            case null:
                writer.WriteNullValue();
                break;
            case string text:
                writer.WriteStringValue(text);
                break;
            case long whole:
                writer.WriteNumberValue(whole);
                break;
            case double number:
                writer.WriteNumberValue(number);
                break;
            case bool flag:
                writer.WriteBooleanValue(flag);
                break;
            case DateTimeOffset time:
                writer.WriteStringValue(Time(time, random));
                break;
            case DateOnly day:
                writer.WriteStringValue(day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
                break;
            case TimeSpan duration:
                if (Duration(duration, random) is { } written)
                {
                    writer.WriteStringValue(written);
                }
                else
                {
                    writer.WriteNumberValue(duration.TotalSeconds);
                }

                break;
            case Rec nested:
                WriteObject(writer, nested, random);
                break;
            case List<Rec> list:
                writer.WriteStartArray();
                foreach (var item in list)
                {
                    WriteObject(writer, item, random);
                }

                writer.WriteEndArray();
                break;
            case Raw raw:
                writer.WriteRawValue(raw.Json, skipInputValidation: true);
                break;
            default:
                throw new InvalidOperationException($"Cannot write {value.GetType()}.");
        }
    }

    /// <summary>A whole-second duration as a duration string (<c>90s</c>, <c>1h30m</c>), half the time; null for seconds.</summary>
    private static string? Duration(TimeSpan duration, Random random)
    {
        if (duration.Ticks % TimeSpan.TicksPerSecond != 0 || random.Next(2) == 0)
        {
            return null;
        }

        if (random.Next(2) == 0)
        {
            return ((long)duration.TotalSeconds).ToString(CultureInfo.InvariantCulture) + "s";
        }

        var text = new StringBuilder();
        if (duration.Days > 0)
        {
            text.Append(duration.Days).Append('d');
        }

        if (duration.Hours > 0)
        {
            text.Append(duration.Hours).Append('h');
        }

        if (duration.Minutes > 0)
        {
            text.Append(duration.Minutes).Append('m');
        }

        if (duration.Seconds > 0 || text.Length == 0)
        {
            text.Append(duration.Seconds).Append('s');
        }

        return text.ToString();
    }

    private static string Csv(DraftFile file, Random random)
    {
        var rows = file.Entries.Select(e => Flatten(e.Record!, random)).ToList();
        var columns = rows.SelectMany(r => r.Keys).Distinct(StringComparer.Ordinal).ToList();
        var builder = new StringBuilder();
        builder.Append("# collectedAt: ").Append(Time(file.CollectedAt!.Value, random)).Append('\n');
        if (random.Next(2) == 0)
        {
            builder.Append("# kind: ").Append(file.Kind).Append('\n');
        }

        builder.Append(string.Join(",", columns.Select(c => Cell(c, random)))).Append('\n');
        foreach (var row in rows)
        {
            builder.Append(string.Join(",", columns.Select(c => Cell(row.GetValueOrDefault(c) ?? string.Empty, random)))).Append(random.Next(10) == 0 ? "\r\n" : "\n");
        }

        return builder.ToString();
    }

    private static Dictionary<string, string> Flatten(Rec record, Random random, string prefix = "", Dictionary<string, string>? cells = null)
    {
        cells ??= new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, value) in record.Fields)
        {
            var column = prefix + name;
            switch (value)
            {
                case Rec nested:
                    Flatten(nested, random, column + ".", cells);
                    break;
                case List<Rec>:
                    throw new InvalidOperationException("Lists have no CSV form.");
                case null:
                    cells[column] = string.Empty;
                    break;
                case string text:
                    cells[column] = text;
                    break;
                case bool flag:
                    cells[column] = random.Next(3) switch { 0 => flag ? "TRUE" : "FALSE", 1 => flag ? "True" : "False", _ => flag ? "true" : "false" };
                    break;
                case DateTimeOffset time:
                    cells[column] = Time(time, random);
                    break;
                case DateOnly day:
                    cells[column] = day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
                    break;
                case TimeSpan duration:
                    cells[column] = Duration(duration, random) ?? duration.TotalSeconds.ToString("R", CultureInfo.InvariantCulture);
                    break;
                case long whole:
                    cells[column] = whole.ToString(CultureInfo.InvariantCulture);
                    break;
                case double number:
                    cells[column] = number.ToString("R", CultureInfo.InvariantCulture);
                    break;
                case Raw raw:
                    cells[column] = raw.Cell;
                    break;
                default:
                    throw new InvalidOperationException($"Cannot write {value.GetType()}.");
            }
        }

        return cells;
    }

    private static string Cell(string text, Random random) =>
        text.AsSpan().IndexOfAny(",\"\n\r") >= 0 || random.Next(8) == 0 ? "\"" + text.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : text;
}
