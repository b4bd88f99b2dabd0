// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using System.Data.Common;
using System.Text.Json;
using AiOpsPolicy.Core.Evidence;
using AiOpsPolicy.Core.Evidence.Contract;
using DuckDB.NET.Data;

namespace AiOpsPolicy.Warehouse.DuckDb;

/// <summary>
/// The rows of one table of a <c>.duckdb</c> store, in insertion order, each written as the JSON object the evidence
/// contract checks, as the Parquet reader writes its rows: a column per field, a null cell an absent field, a
/// <c>TIMESTAMP WITH TIME ZONE</c> as a UTC instant (a plain <c>TIMESTAMP</c> has no zone and is written without an
/// offset, for the contract to refuse), a <c>DATE</c> as a day, a NaN or infinite double as text, a list, struct or
/// map as its JSON, and a text column of a list or map field as the JSON it holds.
/// </summary>
internal sealed class DuckDbRows : IEvidenceRows
{
    private readonly DuckDBConnection _connection;
    private readonly DbCommand _command;
    private readonly DbDataReader _reader;
    private readonly (string Name, Cell Cell)[] _columns;
    private long _row;

    public DuckDbRows(DuckDbSource source, string? kind, string? collectedAt)
    {
        Kind = kind;
        CollectedAt = collectedAt;
        _connection = source.Open();
        try
        {
            var columns = DuckDbSession.Columns(_connection, source.Relation);
            _columns = [.. columns.Select(c => (c.Name, CellOf(c.Name, c.Type)))];
            var select = string.Join(", ", columns.Select(c => Selected(c.Name, CellOf(c.Name, c.Type))));
            _command = _connection.CreateCommand();
            _command.CommandText = $"SELECT {(select.Length == 0 ? "NULL" : select)} FROM {source.Relation} ORDER BY {source.LoadOrder}";
            _reader = _command.ExecuteReader();
        }
        catch
        {
            _connection.Dispose();
            throw;
        }
    }

    private enum Cell
    {
        Text,
        Instant,
        WallClock,
        Day,
        Whole,
        Real,
        Boolean,
        Json,
    }

    /// <inheritdoc/>
    public string? Kind { get; }

    /// <inheritdoc/>
    public string? CollectedAt { get; }

    /// <inheritdoc/>
    public bool WriteNext(Utf8JsonWriter writer, EvidenceKindContract contract, out long row)
    {
        if (!_reader.Read())
        {
            row = _row;
            return false;
        }

        row = ++_row;
        writer.WriteStartObject();
        for (var i = 0; i < _columns.Length; i++)
        {
            if (_reader.IsDBNull(i))
            {
                continue;
            }

            var (name, cell) = _columns[i];
            writer.WritePropertyName(name);
            switch (cell)
            {
                case Cell.Instant or Cell.WallClock:
                    RowCells.WriteTime(writer, _reader.GetInt64(i), cell == Cell.Instant);
                    break;
                case Cell.Whole:
                    writer.WriteNumberValue(_reader.GetInt64(i));
                    break;
                case Cell.Real:
                    RowCells.WriteReal(writer, _reader.GetDouble(i));
                    break;
                case Cell.Boolean:
                    writer.WriteBooleanValue(_reader.GetBoolean(i));
                    break;
                case Cell.Json:
                    writer.WriteRawValue(_reader.GetString(i));
                    break;
                default:
                    RowCells.WriteText(writer, _reader.GetString(i), contract.Field(name)?.Type);
                    break;
            }
        }

        writer.WriteEndObject();
        return true;
    }

    public void Dispose()
    {
        _reader.Dispose();
        _command.Dispose();
        _connection.Dispose();
    }

    private static Cell CellOf(string name, string type) => type switch
    {
        "VARCHAR" => Cell.Text,
        "TIMESTAMP WITH TIME ZONE" => Cell.Instant,
        "TIMESTAMP" or "TIMESTAMP_S" or "TIMESTAMP_MS" => Cell.WallClock,
        "DATE" => Cell.Day,
        "BOOLEAN" => Cell.Boolean,
        "TINYINT" or "SMALLINT" or "INTEGER" or "BIGINT" or "UTINYINT" or "USMALLINT" or "UINTEGER" => Cell.Whole,
        "FLOAT" or "DOUBLE" => Cell.Real,
        _ when type.StartsWith("DECIMAL", StringComparison.Ordinal) => Cell.Real,
        _ when type.EndsWith("[]", StringComparison.Ordinal) || type.StartsWith("STRUCT", StringComparison.Ordinal) || type.StartsWith("MAP", StringComparison.Ordinal) || type == "JSON" => Cell.Json,
        _ => throw new EvidenceFormatException($"the column '{name}' has the DuckDB type {type}, which no evidence field holds: use VARCHAR, a whole number, DOUBLE, BOOLEAN, DATE or TIMESTAMP WITH TIME ZONE"),
    };

    private static string Selected(string name, Cell cell)
    {
        var column = Sql.Name(name);
        return cell switch
        {
            Cell.Instant or Cell.WallClock => $"epoch_us({column})",
            Cell.Day => $"strftime({column}, '%Y-%m-%d')",
            Cell.Whole => $"{column}::BIGINT",
            Cell.Real => $"{column}::DOUBLE",
            Cell.Json => $"to_json({column})::VARCHAR",
            _ => column,
        };
    }
}
