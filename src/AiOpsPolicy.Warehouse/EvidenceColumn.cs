// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using System.Globalization;
using System.Text.Json;
using AiOpsPolicy.Core.Evidence.Contract;

namespace AiOpsPolicy.Warehouse;

/// <summary>
/// One column of a columnar evidence file (Parquet, Arrow IPC), holding the values of the current row group or record
/// batch, each written into its row's JSON object for the evidence contract to check (<see cref="ColumnTree"/>).
/// </summary>
internal abstract class EvidenceColumn
{
    protected EvidenceColumn(string[] parts) => Parts = parts;

    /// <summary>Gets the field's path: struct nesting and dots in a name both make nested objects.</summary>
    public string[] Parts { get; }

    /// <summary>Whether the row's cell is null (an absent field).</summary>
    /// <param name="index">The row in the current group.</param>
    /// <returns>True when null.</returns>
    public abstract bool IsNull(int index);

    /// <summary>Writes the row's cell, which is not null.</summary>
    /// <param name="writer">The row's JSON.</param>
    /// <param name="index">The row in the current group.</param>
    /// <param name="type">The contract's type of the field, which decides whether text holding JSON is that value.</param>
    public abstract void Write(Utf8JsonWriter writer, int index, EvidenceFieldType type);

    /// <summary>NaN and the infinities are not JSON numbers: written as text, which the contract refuses naming the value.</summary>
    /// <param name="writer">The row's JSON.</param>
    /// <param name="value">The value.</param>
    protected static void WriteDouble(Utf8JsonWriter writer, double value)
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

    /// <summary>Text, or for a list or map field text that holds a JSON array or object, written as that value.</summary>
    /// <param name="writer">The row's JSON.</param>
    /// <param name="text">The text.</param>
    /// <param name="type">The contract's type of the field.</param>
    protected static void WriteText(Utf8JsonWriter writer, string text, EvidenceFieldType type)
    {
        if (type is EvidenceFieldType.List or EvidenceFieldType.Map && IsJson(text))
        {
            // A list or an object stored as JSON text: written as that value for the contract to check.
            writer.WriteRawValue(text);
            return;
        }

        writer.WriteStringValue(text);
    }

    /// <summary>An instant: UTC with <c>Z</c>, or, for a time the file does not say is UTC, a wall-clock reading without an offset, which the contract refuses.</summary>
    /// <param name="writer">The row's JSON.</param>
    /// <param name="value">The time.</param>
    /// <param name="utc">Whether the file says the time is UTC (adjusted to UTC, or with a time zone).</param>
    protected static void WriteTime(Utf8JsonWriter writer, DateTime value, bool utc) =>
        writer.WriteStringValue(utc
            ? DateTime.SpecifyKind(value, DateTimeKind.Utc).ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFFK", CultureInfo.InvariantCulture)
            : value.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF", CultureInfo.InvariantCulture));

    private static bool IsJson(string text)
    {
        try
        {
            using var document = JsonDocument.Parse(text, new JsonDocumentOptions { MaxDepth = 64 });
            return document.RootElement.ValueKind is JsonValueKind.Array or JsonValueKind.Object;
        }
        catch (JsonException)
        {
            return false;
        }
    }
}
