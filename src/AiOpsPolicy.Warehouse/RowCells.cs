// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using System.Globalization;
using System.Text.Json;
using AiOpsPolicy.Core.Evidence.Contract;

namespace AiOpsPolicy.Warehouse;

/// <summary>
/// How a warehouse's row readers (DuckDB's <c>DuckDbRows</c>, ClickHouse's <c>ClickHouseRows</c>) write a cell into the
/// JSON object the evidence contract checks, once each engine has cast its own column types: a time as the Parquet
/// reader writes one, a NaN or infinite number as text, and text that a list or map field holds as the JSON it is. The
/// engines differ in what they hold and how it is cast; what the contract sees must not differ.
/// </summary>
internal static class RowCells
{
    private static readonly long EpochTicks = DateTimeOffset.UnixEpoch.UtcTicks;

    /// <summary>Writes a time given in Unix microseconds; one outside the years 1-9999 as text the contract refuses.</summary>
    /// <param name="writer">The writer.</param>
    /// <param name="micros">Unix microseconds.</param>
    /// <param name="utc">True for an instant (written with its zone), false for a wall-clock time with no zone (the contract refuses it).</param>
    public static void WriteTime(Utf8JsonWriter writer, long micros, bool utc = true)
    {
        if (micros <= -EpochTicks / 10 || micros >= (DateTime.MaxValue.Ticks - EpochTicks) / 10)
        {
            writer.WriteStringValue(string.Create(CultureInfo.InvariantCulture, $"{micros} microseconds from 1970-01-01, outside the years 1 to 9999"));
            return;
        }

        var time = new DateTime(EpochTicks + (micros * 10), utc ? DateTimeKind.Utc : DateTimeKind.Unspecified);
        writer.WriteStringValue(time.ToString(utc ? "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFK" : "yyyy-MM-dd'T'HH:mm:ss.FFFFFFF", CultureInfo.InvariantCulture));
    }

    /// <summary>Writes a real number; NaN and the infinities, which JSON cannot hold, as text the contract refuses.</summary>
    /// <param name="writer">The writer.</param>
    /// <param name="value">The number.</param>
    public static void WriteReal(Utf8JsonWriter writer, double value)
    {
        if (double.IsFinite(value))
        {
            writer.WriteNumberValue(value);
        }
        else
        {
            writer.WriteStringValue(value.ToString(CultureInfo.InvariantCulture));
        }
    }

    /// <summary>Writes text: as the JSON it holds when the field is a list or a map and it is a JSON array or object, else as a string.</summary>
    /// <param name="writer">The writer.</param>
    /// <param name="text">The text.</param>
    /// <param name="field">The contract's type of the field, or null for a column no field names.</param>
    public static void WriteText(Utf8JsonWriter writer, string text, EvidenceFieldType? field)
    {
        if (field is EvidenceFieldType.List or EvidenceFieldType.Map && IsJson(text))
        {
            writer.WriteRawValue(text);
        }
        else
        {
            writer.WriteStringValue(text);
        }
    }

    private static bool IsJson(string text)
    {
        try
        {
            using var document = JsonDocument.Parse(text);
            return document.RootElement.ValueKind is JsonValueKind.Array or JsonValueKind.Object;
        }
        catch (JsonException)
        {
            return false;
        }
    }
}
