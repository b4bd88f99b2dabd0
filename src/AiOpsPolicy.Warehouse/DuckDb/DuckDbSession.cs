// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using System.Globalization;
using DuckDB.NET.Data;

namespace AiOpsPolicy.Warehouse.DuckDb;

/// <summary>
/// An embedded DuckDB database in memory, opened for one evidence source and locked down before any query runs: a
/// <c>.duckdb</c> store attached read-only, or one Parquet file allowed by path; then external access is turned off
/// and the configuration locked, so that no query (and nothing in a table or a file) can reach another file, the
/// network or an extension. The path is the operator's (<c>--evidence</c>), never policy text.
/// </summary>
internal static class DuckDbSession
{
    /// <summary>The catalog a store is attached as.</summary>
    public const string Store = "ev";

    /// <summary>
    /// The most memory DuckDB's buffer manager takes for one session (its default is 80% of RAM). No query of a gate
    /// builds anything that grows with the runs any more (the duplicate check keeps its hashes in .NET, bounded by
    /// <see cref="IdHashes.PassBytes"/>; the tally groups runs into a few thousand classes), so this is a ceiling for
    /// scans and other stores' caches; past it DuckDB spills to <see cref="TempDirectory"/>. A gate holds one session at a time.
    /// </summary>
    public const string MemoryLimit = "1GB";

    /// <summary>
    /// The memory limit of the session that checks a kind before it stays (<see cref="RunsCheck"/>, <see cref="AgentRunsCheck"/>).
    /// Its scans stream (the id hashes into .NET) or group into a few thousand classes, so they need little of DuckDB's
    /// own; but DuckDB keeps a store's blocks it has read up to its limit, and that cache sat beside the ~470 MB of id
    /// hashes at 100M runs: the store's gate peaked at 2.05 GB with 1 GB, 1.49 GB with 384 MB, 1.37 GB with 256 MB, at
    /// the same CPU time (a store's blocks already read are only a cache here: the session ends with the check). Since the
    /// loader reads the small kinds while the check runs, 256 MB peaked at 1.31-1.53 GB and 128 MB at 1.17-1.19 GB (same
    /// CPU; Parquet 1.11 GB). The limit is a ceiling, not an allocation: the check's scans stream, and their aggregates
    /// hold a few thousand groups.
    /// </summary>
    public const string CheckMemoryLimit = "128MB";

    /// <summary>
    /// The most rows a source may hold for its sessions to run on one thread (DuckDB's default is one per core). Below this
    /// a source is a few row groups, and a gate reads the other evidence kinds on another thread meanwhile: at 1M runs and
    /// the 200-gate set, one thread measured 30 MB less peak memory and less CPU (DuckDB's per-thread scan buffers and
    /// hash tables) at the same wall time on this 2-core machine under load (docs/performance.md, "Push-down to DuckDB").
    /// Above it the scans are long enough for every core to pay.
    /// </summary>
    public const long SingleThreadRows = 2_000_000;

    /// <summary>Gets where a session spills: a folder of the process's own under the system's temporary folder (DuckDB's default would be <c>.tmp</c> in the working folder).</summary>
    public static string TempDirectory { get; } = Path.Combine(Path.GetTempPath(), $"aiops-policy-duckdb-{Environment.ProcessId}");

    /// <summary>Opens a session over one source.</summary>
    /// <param name="fullPath">The file.</param>
    /// <param name="store">True for a <c>.duckdb</c> store (attached read-only), false for a Parquet file.</param>
    /// <param name="memoryLimit">DuckDB's memory limit for the session (<see cref="MemoryLimit"/>, or <see cref="CheckMemoryLimit"/> for a check).</param>
    /// <param name="rows">How many rows the source holds, if known: at most <see cref="SingleThreadRows"/>, the session runs on one thread.</param>
    /// <returns>The open connection.</returns>
    public static DuckDBConnection Open(string fullPath, bool store, string memoryLimit = MemoryLimit, long? rows = null)
    {
        var connection = new DuckDBConnection("DataSource=:memory:");
        try
        {
            connection.Open();
            Execute(connection, store ? $"ATTACH {Sql.Text(fullPath)} AS {Store} (READ_ONLY)" : $"SET allowed_paths = [{Sql.Text(fullPath)}]");
            Execute(connection, $"SET memory_limit = {Sql.Text(memoryLimit)}");
            Execute(connection, $"SET temp_directory = {Sql.Text(TempDirectory)}");
            if (rows <= SingleThreadRows)
            {
                Execute(connection, "SET threads = 1");
            }

            Execute(connection, "SET enable_external_access = false");
            Execute(connection, "SET autoinstall_known_extensions = false");
            Execute(connection, "SET autoload_known_extensions = false");
            Execute(connection, "SET lock_configuration = true");
            return connection;
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    /// <summary>Runs a statement that returns nothing.</summary>
    /// <param name="connection">The connection.</param>
    /// <param name="sql">The statement.</param>
    public static void Execute(DuckDBConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    /// <summary>Runs a query that returns one number.</summary>
    /// <param name="connection">The connection.</param>
    /// <param name="sql">The query.</param>
    /// <returns>The number.</returns>
    public static long Scalar(DuckDBConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToInt64(command.ExecuteScalar(), CultureInfo.InvariantCulture);
    }

    /// <summary>The columns of a relation, in order, with DuckDB's type names.</summary>
    /// <param name="connection">The connection.</param>
    /// <param name="relation">The relation.</param>
    /// <returns>Name and type of each column.</returns>
    public static List<(string Name, string Type)> Columns(DuckDBConnection connection, string relation)
    {
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT column_name, column_type FROM (DESCRIBE SELECT * FROM {relation})";
        using var reader = command.ExecuteReader();
        var columns = new List<(string, string)>();
        while (reader.Read())
        {
            columns.Add((reader.GetString(0), reader.GetString(1)));
        }

        return columns;
    }
}
