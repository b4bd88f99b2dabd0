// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using System.Globalization;
using System.Text.Json;
using AiOpsPolicy.Core.Evidence;
using AiOpsPolicy.Core.Evidence.Contract;

namespace AiOpsPolicy.Warehouse.ClickHouse;

/// <summary>
/// The rows of one ClickHouse table (<see cref="ClickHouseTable.LoadOrder"/>), each written as the JSON object the
/// evidence contract checks, as the DuckDB and Parquet readers write theirs: a column per field, NULL an absent field,
/// a <c>DateTime</c> as a UTC instant, a <c>Date</c> as a day, a whole number as a number (or, for a time field, as
/// Unix microseconds: ClickHouse 18.16 has no sub-second time type), a <c>UInt8</c> of a boolean field as true/false,
/// a NaN or infinite float as text, and a text column of a list or map field as the JSON it holds. The query is sent
/// when the loader first asks for a row, so that tables are read one at a time.
/// </summary>
internal sealed class ClickHouseRows : IEvidenceRows
{
    private readonly ClickHouseTable _table;
    private readonly (string Name, Cell Cell)[] _columns;
    private TsvRows? _rows;
    private long _row;

    public ClickHouseRows(ClickHouseTable table, string? kind, string? collectedAt)
    {
        _table = table;
        Kind = kind;
        CollectedAt = collectedAt;
        _columns = [.. table.Columns.Select(c => (c.Name, CellOf(c)))];
    }

    private enum Cell
    {
        Text,
        Seconds,
        Day,
        Whole,
        Real,
    }

    /// <inheritdoc/>
    public string? Kind { get; }

    /// <inheritdoc/>
    public string? CollectedAt { get; }

    /// <inheritdoc/>
    public bool WriteNext(Utf8JsonWriter writer, EvidenceKindContract contract, out long row)
    {
        _rows ??= ClickHouseHttp.Query(_table.Location, $"SELECT {(_columns.Length == 0 ? "NULL" : string.Join(", ", _columns.Select(Selected)))} FROM {_table.Relation} ORDER BY {_table.LoadOrder}");
        if (_rows.Next() is not { } fields)
        {
            row = _row;
            return false;
        }

        row = ++_row;
        if (fields.Length != Math.Max(_columns.Length, 1))
        {
            throw new EvidenceFormatException($"ClickHouse at '{_table.Display}' answered row {row} with {fields.Length} fields, not {_columns.Length}");
        }

        writer.WriteStartObject();
        for (var i = 0; i < _columns.Length; i++)
        {
            if (fields[i] is not { } text)
            {
                continue;
            }

            var (name, cell) = _columns[i];
            var field = contract.Field(name)?.Type;
            writer.WritePropertyName(name);
            switch (cell)
            {
                case Cell.Seconds when long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var seconds):
                    RowCells.WriteTime(writer, seconds * 1_000_000);
                    break;
                case Cell.Whole when field == EvidenceFieldType.Time && long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var micros):
                    RowCells.WriteTime(writer, micros);
                    break;
                case Cell.Whole when field == EvidenceFieldType.Boolean && text is "0" or "1":
                    writer.WriteBooleanValue(text == "1");
                    break;
                case Cell.Whole:
                    writer.WriteRawValue(text);
                    break;
                case Cell.Real:
                    WriteReal(writer, text);
                    break;
                default:
                    RowCells.WriteText(writer, text, cell == Cell.Text ? field : null);
                    break;
            }
        }

        writer.WriteEndObject();
        return true;
    }

    public void Dispose() => _rows?.Dispose();

    private static void WriteReal(Utf8JsonWriter writer, string text)
    {
        var value = text switch
        {
            "inf" or "+inf" => double.PositiveInfinity,
            "-inf" => double.NegativeInfinity,
            "nan" or "-nan" => double.NaN,
            _ => double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture),
        };
        RowCells.WriteReal(writer, value);
    }

    private static Cell CellOf(ClickHouseColumn column) => column switch
    {
        { IsText: true } => Cell.Text,
        { IsDateTime: true } => Cell.Seconds,
        { Base: "Date" } => Cell.Day,
        { IsWhole: true } => Cell.Whole,
        { Base: "Float32" or "Float64" } => Cell.Real,
        _ when column.Base.StartsWith("Decimal", StringComparison.Ordinal) => Cell.Real,
        _ => throw new EvidenceFormatException($"the column '{column.Name}' has the ClickHouse type {column.Type}, which no evidence field holds: use String, a whole number (Int64 Unix microseconds for a time), Float64, Date, DateTime, or a String of JSON for a list or map"),
    };

    private static string Selected((string Name, Cell Cell) column)
    {
        var name = ClickHouseSql.Name(column.Name);
        return column.Cell switch
        {
            Cell.Seconds => $"toInt64(toUnixTimestamp({name}))",
            Cell.Day => $"toString({name})",
            Cell.Real => $"toFloat64({name})",
            _ => name,
        };
    }
}
