// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using DuckDB.NET.Data;

namespace AiOpsPolicy.Warehouse.DuckDb;

/// <summary>
/// What every kind kept in DuckDB must pass before it stays there (<see cref="RunsCheck"/>, <see cref="AgentRunsCheck"/>):
/// the contract's columns with types a query can judge exactly and nothing else, then one scan that counts the rows and
/// the rows the contract would refuse, and one of the ids alone for repeats (<see cref="IdHashes"/>). Any doubt answers no, and the rows are read through
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

    /// <summary>A time, given as its Unix microseconds (<c>epoch_us</c> of the column), that a .NET DateTimeOffset can hold.</summary>
    /// <param name="micros">The microseconds (SQL).</param>
    /// <returns>The SQL condition.</returns>
    public static string TimeMicros(string micros) => $"({micros} IS NOT NULL AND {micros} >= {MinMicros} AND {micros} < {EndMicros})";

    /// <summary>
    /// Whether the source is a store's table whose primary key (or a unique constraint) is the id: it cannot hold a
    /// repeat, since DuckDB refused it on insert, so its ids need no scan for repeats.
    /// </summary>
    /// <param name="connection">A session over the source.</param>
    /// <param name="source">The source.</param>
    /// <returns>True when the id is the table's key.</returns>
    public static bool Keyed(DuckDBConnection connection, DuckDbSource source) =>
        source.Table is { } table && DuckDbSession.Scalar(connection, $"SELECT count(*) FROM duckdb_constraints() WHERE database_name = {Sql.Text(DuckDbSession.Store)} AND schema_name = 'main' AND table_name = {Sql.Text(table)} AND constraint_type IN ('PRIMARY KEY', 'UNIQUE') AND constraint_column_names = ['id']") > 0;

    /// <summary>
    /// Counts the records; returns how many there are when every one is valid and no id repeats, else null. The contract's
    /// conditions on each row's own values (times, numbers) are counted row by row, its conditions on names (a kebab-case
    /// workflow, a step that is not empty) once per distinct name: the rows are grouped by their names in the same scan,
    /// and a regular expression runs a few hundred times instead of once a row (1.5 s of CPU at 10M runs). Ids are
    /// checked apart (<see cref="IdHashes"/>), in a scan of the id column alone.
    /// </summary>
    /// <param name="connection">A session over the source.</param>
    /// <param name="source">The source.</param>
    /// <param name="names">The name columns to group by (SQL list), each a column the source has.</param>
    /// <param name="namesValid">The SQL condition the names of a row the contract accepts meet, over those columns only.</param>
    /// <param name="rowValid">The SQL condition the other values of a row the contract accepts meet (not the id).</param>
    /// <returns>The count, or null.</returns>
    public static long? Count(DuckDBConnection connection, DuckDbSource source, string names, string namesValid, string rowValid)
    {
        // Only an empty id is left to count in a keyed table, with the other values.
        var keyed = Keyed(connection, source);
        var valid = keyed ? $"id IS NOT NULL AND id <> '' AND {rowValid}" : rowValid;
        using var command = connection.CreateCommand();
        command.CommandText = $"""
            SELECT coalesce(sum(n), 0)::BIGINT, (coalesce(sum(refused), 0) + coalesce(sum(n) FILTER (WHERE NOT ({namesValid})), 0))::BIGINT
            FROM (SELECT {names}, count(*) AS n, count(*) FILTER (WHERE NOT ({valid})) AS refused FROM {source.Relation} GROUP BY ALL)
            """;
        long count;
        long refused;
        using (var reader = command.ExecuteReader())
        {
            reader.Read();
            count = reader.GetInt64(0);
            refused = reader.GetInt64(1);
        }

        return refused == 0 && count <= int.MaxValue && (keyed || IdHashes.Distinct(connection, source.Relation, count)) ? count : null;
    }
}
