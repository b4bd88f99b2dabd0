// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using DuckDB.NET.Data;

namespace AiOpsPolicy.Warehouse.DuckDb;

/// <summary>
/// Decides whether workflow runs can stay in DuckDB: only when the loader would accept every row as it is and find no
/// duplicate id, so that counts, quarantine and duplicate reports never depend on where the runs are. The columns must
/// be the contract's with the types a query can judge exactly (text, UTC timestamps of at most microsecond precision,
/// whole numbers) and nothing else; then one query counts rows, rows the contract would refuse and distinct id hashes. Any
/// doubt (another column, a type, a refused row, a duplicate, a reader error) answers no, and the rows are read
/// through the contract in memory instead. The checks here may refuse more than the contract does, never less.
/// </summary>
internal static class RunsCheck
{
    /// <summary>The kebab-case names of the contract (workflow, outcome), as RE2 sees them.</summary>
    private const string KebabCase = "[a-z][a-z0-9]*(-[a-z0-9]+)*";

    /// <summary>The earliest and the first too-late instant a .NET DateTimeOffset holds (0001-01-01, 10000-01-01), in Unix microseconds.</summary>
    private const long MinMicros = -62135596800000000;

    private const long EndMicros = 253402300800000000;

    private static readonly HashSet<string> Texts = new(StringComparer.Ordinal) { "id", "workflow", "step", "outcome" };

    private static readonly HashSet<string> WholeNumbers = new(StringComparer.Ordinal) { "TINYINT", "SMALLINT", "INTEGER", "BIGINT", "UTINYINT", "USMALLINT", "UINTEGER", "UBIGINT" };

    private static readonly string[] Required = ["id", "workflow", "startedAt", "endedAt", "outcome"];

    /// <summary>Checks the source; returns how many runs it holds when they can stay, or null.</summary>
    /// <param name="connection">A session over the source.</param>
    /// <param name="source">The source.</param>
    /// <returns>The run count, or null.</returns>
    public static RunsShape? Check(DuckDBConnection connection, DuckDbSource source)
    {
        var columns = DuckDbSession.Columns(connection, source.Relation).Where(c => c.Name != source.Added).ToList();
        var names = columns.Select(c => c.Name).ToHashSet(StringComparer.Ordinal);
        if (!Required.All(names.Contains) || columns.Count != names.Count)
        {
            return null;
        }

        foreach (var (name, type) in columns)
        {
            var fits = name switch
            {
                _ when Texts.Contains(name) => type == "VARCHAR",
                "startedAt" or "endedAt" => type == "TIMESTAMP WITH TIME ZONE",
                "transactions" => WholeNumbers.Contains(type),
                _ => false,
            };
            if (!fits)
            {
                return null;
            }
        }

        // Parquet keeps nanoseconds that DuckDB's TIMESTAMP WITH TIME ZONE would round to microseconds: read those in memory.
        if (source.Table is null && DuckDbSession.Scalar(connection, $"SELECT count(*) FROM parquet_schema({Sql.Text(source.FullPath)}) WHERE name IN ('startedAt', 'endedAt') AND (logical_type ILIKE '%NANOS=Nano%' OR type = 'INT96')") > 0)
        {
            return null;
        }

        var stepped = names.Contains("step");
        var transactions = names.Contains("transactions");
        var valid = string.Join(
            " AND ",
            "id IS NOT NULL AND length(id) > 0",
            $"workflow IS NOT NULL AND regexp_full_match(workflow, '{KebabCase}')",
            stepped ? "(step IS NULL OR length(step) > 0)" : "true",
            $"startedAt IS NOT NULL AND epoch_us(startedAt) >= {MinMicros} AND epoch_us(startedAt) < {EndMicros}",
            $"endedAt IS NOT NULL AND epoch_us(endedAt) >= {MinMicros} AND epoch_us(endedAt) < {EndMicros}",
            "endedAt >= startedAt",
            $"outcome IS NOT NULL AND regexp_full_match(outcome, '{KebabCase}')",
            transactions ? "(transactions IS NULL OR (transactions >= 0 AND transactions <= 2147483647))" : "true");
        // Repeated ids are found by their 64-bit hashes: equal ids always hash alike, so a repeat is never missed; two
        // different ids that collide (about 3 in a million at 10M runs) only send the runs to the in-memory path, which is
        // exact. Hashes halve the memory and a third of the time of counting the ids themselves (430 MB and 3.0 s of CPU
        // against 850 MB and 4.5 s at 10M runs).
        // A store's table whose primary key (or a unique constraint) is the id cannot hold a repeat: DuckDB refused it on insert.
        var keyed = source.Table is { } table && DuckDbSession.Scalar(connection, $"SELECT count(*) FROM duckdb_constraints() WHERE database_name = {Sql.Text(DuckDbSession.Store)} AND schema_name = 'main' AND table_name = {Sql.Text(table)} AND constraint_type IN ('PRIMARY KEY', 'UNIQUE') AND constraint_column_names = ['id']") > 0;
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT count(*), count(*) FILTER (WHERE NOT ({valid})), {(keyed ? "count(*)" : "count(DISTINCT hash(id))")} FROM {source.Relation}";
        using var reader = command.ExecuteReader();
        reader.Read();
        var count = reader.GetInt64(0);
        var refused = reader.GetInt64(1);
        var distinct = reader.GetInt64(2);
        return refused == 0 && distinct == count && count <= int.MaxValue ? new RunsShape(count, stepped, transactions) : null;
    }
}

/// <summary>Workflow runs that can stay in DuckDB.</summary>
/// <param name="Count">How many there are.</param>
/// <param name="HasStep">Whether the source has a step column.</param>
/// <param name="HasTransactions">Whether the source has a transactions column.</param>
internal sealed record RunsShape(long Count, bool HasStep, bool HasTransactions);
