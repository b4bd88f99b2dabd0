// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using System.Globalization;

namespace AiOpsPolicy.Warehouse.ClickHouse;

/// <summary>
/// Decides whether workflow runs can stay in ClickHouse, as <see cref="DuckDb.RunsCheck"/> does for DuckDB: only when
/// the loader would accept every row as it is and find no repeated id. The columns must be the contract's and nothing
/// else, with types a query judges exactly: <c>String</c> (or <c>Nullable(String)</c>) for id, workflow, step and
/// outcome; <c>Int64</c> Unix microseconds or <c>DateTime</c> (whole seconds) for startedAt and endedAt; any whole
/// number for transactions. One query then counts rows, rows the contract would refuse and distinct id hashes, and
/// sums the rows' checksums for the evidence digest. Any doubt answers no, and the rows are read through the contract.
/// </summary>
internal static class ClickHouseRunsCheck
{
    /// <summary>The kebab-case names of the contract (workflow, outcome), as RE2 sees them.</summary>
    private const string KebabCase = "^[a-z][a-z0-9]*(-[a-z0-9]+)*$";

    /// <summary>The earliest and the first too-late instant a .NET DateTimeOffset holds (0001-01-01, 10000-01-01), in Unix microseconds.</summary>
    private const long MinMicros = -62135596800000000;

    private const long EndMicros = 253402300800000000;

    private static readonly HashSet<string> Texts = new(StringComparer.Ordinal) { "id", "workflow", "step", "outcome" };

    private static readonly string[] Required = ["id", "workflow", "startedAt", "endedAt", "outcome"];

    /// <summary>Checks the table; returns its shape when the runs can stay, or null.</summary>
    /// <param name="table">The table.</param>
    /// <param name="checksum">Receives the rows' checksum (whatever the answer), for the evidence digest.</param>
    /// <returns>The shape, or null.</returns>
    public static ClickHouseRunsShape? Check(ClickHouseTable table, out string checksum)
    {
        checksum = string.Empty;
        var columns = table.Columns.ToDictionary(c => c.Name, StringComparer.Ordinal);
        var fits = Required.All(columns.ContainsKey) && columns.Count == table.Columns.Count && table.Columns.All(c => c.Name switch
        {
            _ when Texts.Contains(c.Name) => c.Base == "String",
            "startedAt" or "endedAt" => c.Base == "Int64" || c.IsDateTime,
            "transactions" => c.IsWhole,
            _ => false,
        });
        if (!fits)
        {
            checksum = Checksum(table);
            return null;
        }

        var stepped = columns.ContainsKey("step");
        var transactions = columns.ContainsKey("transactions");
        var started = Micros(columns["startedAt"]);
        var ended = Micros(columns["endedAt"]);
        var valid = string.Join(
            " AND ",
            "length(ifNull(`id`, '')) > 0",
            $"match(ifNull(`workflow`, ''), '{KebabCase}')",
            stepped ? "(isNull(`step`) OR length(ifNull(`step`, '')) > 0)" : "1",
            $"{started} >= {MinMicros} AND {started} < {EndMicros}",
            $"{ended} >= {MinMicros} AND {ended} < {EndMicros}",
            $"{ended} >= {started}",
            $"match(ifNull(`outcome`, ''), '{KebabCase}')",
            transactions ? "ifNull(`transactions` >= 0 AND `transactions` <= 2147483647, 1)" : "1");

        // Repeated ids are found by their 64-bit hashes, as the DuckDB check finds them: a repeat is never missed, and
        // two different ids that collide only send the runs to the in-memory path, which is exact.
        var row = ClickHouseHttp.QueryAll(table.Location, $"SELECT count(), countIf(NOT ({valid})), uniqExact(cityHash64(`id`)), sum({table.RowHash}) FROM {table.Relation}").Single();
        var count = long.Parse(row[0] ?? "0", CultureInfo.InvariantCulture);
        var refused = long.Parse(row[1] ?? "0", CultureInfo.InvariantCulture);
        var distinct = long.Parse(row[2] ?? "0", CultureInfo.InvariantCulture);
        checksum = string.Create(CultureInfo.InvariantCulture, $"{count} {row[3]}");
        return refused == 0 && distinct == count && count <= int.MaxValue
            ? new ClickHouseRunsShape(count, stepped, transactions, started, ended)
            : null;
    }

    /// <summary>Counts a table's rows and sums their checksums, for the evidence digest.</summary>
    /// <param name="table">The table.</param>
    /// <returns>The count and sum, as text.</returns>
    public static string Checksum(ClickHouseTable table)
    {
        var row = ClickHouseHttp.QueryAll(table.Location, $"SELECT count(), sum({table.RowHash}) FROM {table.Relation}").Single();
        return $"{row[0]} {row[1]}";
    }

    /// <summary>A time column as Unix microseconds; a NULL as an instant before any a run may hold, which the check refuses.</summary>
    private static string Micros(ClickHouseColumn column)
    {
        var name = ClickHouseSql.Name(column.Name);
        var micros = column.IsDateTime ? $"toInt64(toUnixTimestamp({name})) * 1000000" : name;
        return column.Nullable ? $"ifNull({micros}, toInt64({MinMicros - 1}))" : micros;
    }
}

/// <summary>Workflow runs that can stay in ClickHouse.</summary>
/// <param name="Count">How many there are.</param>
/// <param name="HasStep">Whether the table has a step column.</param>
/// <param name="HasTransactions">Whether the table has a transactions column.</param>
/// <param name="Started">The start as Unix microseconds, as SQL.</param>
/// <param name="Ended">The end as Unix microseconds, as SQL.</param>
internal sealed record ClickHouseRunsShape(long Count, bool HasStep, bool HasTransactions, string Started, string Ended);
