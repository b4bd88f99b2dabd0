// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using DuckDB.NET.Data;

namespace AiOpsPolicy.Warehouse.DuckDb;

/// <summary>
/// What every kind kept in DuckDB must pass before it stays there (<see cref="RunsCheck"/>, <see cref="AgentRunsCheck"/>):
/// the contract's columns with types a query can judge exactly and nothing else, then one scan that counts the rows,
/// the rows the contract would refuse and the distinct id hashes. Any doubt answers no, and the rows are read through
/// the contract in memory instead, so counts, quarantine and duplicate reports never depend on where the records are.
/// The checks may refuse more than the contract does, never less.
/// </summary>
internal static class KeptCheck
{
    /// <summary>The kebab-case names of the contract (workflow, outcome), as RE2 sees them.</summary>
    public const string KebabCase = "[a-z][a-z0-9]*(-[a-z0-9]+)*";

    /// <summary>The earliest and the first too-late instant a .NET DateTimeOffset holds (0001-01-01, 10000-01-01), in Unix microseconds.</summary>
    private const long MinMicros = -62135596800000000;

    private const long EndMicros = 253402300800000000;

    /// <summary>DuckDB's whole-number types.</summary>
    public static readonly HashSet<string> WholeNumbers = new(StringComparer.Ordinal) { "TINYINT", "SMALLINT", "INTEGER", "BIGINT", "UTINYINT", "USMALLINT", "UINTEGER", "UBIGINT" };

    /// <summary>The source's own columns, when every required one is there, no name repeats and each has a type that fits; else null.</summary>
    /// <param name="connection">A session over the source.</param>
    /// <param name="source">The source.</param>
    /// <param name="required">The columns that must be there.</param>
    /// <param name="fits">Whether a column (name, DuckDB type) may be there; false for any column the check does not know.</param>
    /// <returns>The column names, or null.</returns>
    public static HashSet<string>? Columns(DuckDBConnection connection, DuckDbSource source, IReadOnlyCollection<string> required, Func<string, string, bool> fits)
    {
        var columns = DuckDbSession.Columns(connection, source.Relation).Where(c => c.Name != source.Added).ToList();
        var names = columns.Select(c => c.Name).ToHashSet(StringComparer.Ordinal);
        return required.All(names.Contains) && columns.Count == names.Count && columns.TrueForAll(c => fits(c.Name, c.Type)) ? names : null;
    }

    /// <summary>A time column a .NET DateTimeOffset can hold; with <paramref name="optional"/>, null passes.</summary>
    /// <param name="column">The column (a plain identifier).</param>
    /// <param name="optional">Whether the field may be absent.</param>
    /// <returns>The SQL condition.</returns>
    public static string Time(string column, bool optional = false) =>
        $"({column} IS {(optional ? "NULL OR (" : "NOT NULL AND (")}epoch_us({column}) >= {MinMicros} AND epoch_us({column}) < {EndMicros}))";

    /// <summary>Counts the records in one scan; returns how many there are when every one is valid and no id repeats, else null.</summary>
    /// <param name="connection">A session over the source.</param>
    /// <param name="source">The source.</param>
    /// <param name="valid">The SQL condition a row the contract accepts meets.</param>
    /// <returns>The count, or null.</returns>
    public static long? Count(DuckDBConnection connection, DuckDbSource source, string valid)
    {
        // Repeated ids are found by their 64-bit hashes: equal ids always hash alike, so a repeat is never missed; two
        // different ids that collide (about 3 in a million at 10M records) only send the records to the in-memory path,
        // which is exact. Hashes halve the memory and a third of the time of counting the ids themselves (430 MB and
        // 3.0 s of CPU against 850 MB and 4.5 s at 10M runs).
        // A store's table whose primary key (or a unique constraint) is the id cannot hold a repeat: DuckDB refused it on insert.
        var keyed = source.Table is { } table && DuckDbSession.Scalar(connection, $"SELECT count(*) FROM duckdb_constraints() WHERE database_name = {Sql.Text(DuckDbSession.Store)} AND schema_name = 'main' AND table_name = {Sql.Text(table)} AND constraint_type IN ('PRIMARY KEY', 'UNIQUE') AND constraint_column_names = ['id']") > 0;
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT count(*), count(*) FILTER (WHERE NOT ({valid})), {(keyed ? "count(*)" : "count(DISTINCT hash(id))")} FROM {source.Relation}";
        using var reader = command.ExecuteReader();
        reader.Read();
        var count = reader.GetInt64(0);
        var refused = reader.GetInt64(1);
        var distinct = reader.GetInt64(2);
        return refused == 0 && distinct == count && count <= int.MaxValue ? count : null;
    }
}
