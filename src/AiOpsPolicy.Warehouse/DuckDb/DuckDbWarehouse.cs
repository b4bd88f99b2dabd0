// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using AiOpsPolicy.Core.Evidence;
using DuckDB.NET.Data;

namespace AiOpsPolicy.Warehouse.DuckDb;

/// <summary>
/// What the loader asks DuckDB: a <c>.duckdb</c> store is read as one part per table (a table named after a kind,
/// <c>workflow_runs</c> or <c>"workflow-runs"</c>; the optional table <c>aiops_evidence(kind, collectedAt)</c> gives
/// each kind's collection time), and workflow runs and agent runs, in a store or in a Parquet file, stay in DuckDB when
/// <see cref="RunsCheck"/> or <see cref="AgentRunsCheck"/> allows. Every other table is read through the contract; every other Parquet file is left to
/// the Parquet reader.
/// </summary>
internal sealed class DuckDbWarehouse : IEvidenceWarehouse
{
    /// <summary>The table of a store that says when each kind was collected.</summary>
    public const string MetadataTable = "aiops_evidence";

    /// <summary>The most runs an expression may enumerate from DuckDB (about 200 MB in memory).</summary>
    public const int DefaultFetchLimit = 1_000_000;

    public DuckDbWarehouse(int fetchLimit = DefaultFetchLimit)
    {
        FetchLimit = fetchLimit;
    }

    /// <summary>Gets the most records fetched into memory from a kept kind.</summary>
    public int FetchLimit { get; }

    /// <inheritdoc/>
    public IReadOnlyList<string> Extensions { get; } = [".duckdb"];

    /// <inheritdoc/>
    public IReadOnlyList<WarehousePart>? Open(string fullPath, string display, bool keep, Func<PushDownPlan?>? plan = null)
    {
        var extension = Path.GetExtension(fullPath);
        if (string.Equals(extension, ".duckdb", StringComparison.OrdinalIgnoreCase))
        {
            return OpenStore(fullPath, display, keep, plan);
        }

        // Without push-down a Parquet file is the Parquet reader's, unopened here: no session, no check.
        return keep && string.Equals(extension, ".parquet", StringComparison.OrdinalIgnoreCase) ? OpenParquet(fullPath, display, plan) : null;
    }

    private List<WarehousePart> OpenStore(string fullPath, string display, bool keep, Func<PushDownPlan?>? plan)
    {
        List<string> tables;
        Dictionary<string, long> sizes;
        Dictionary<string, string?> collected;
        try
        {
            using var connection = DuckDbSession.Open(fullPath, store: true);
            tables = Tables(connection);
            sizes = Sizes(connection);
            collected = tables.Contains(MetadataTable, StringComparer.Ordinal) ? CollectedAt(connection) : [];
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            throw new EvidenceFormatException($"'{display}' cannot be read as a DuckDB database: {ex.Message}", ex);
        }

        var parts = new List<WarehousePart>();
        foreach (var table in tables.Where(t => t != MetadataTable))
        {
            var kind = table.Replace('_', '-');
            var source = new DuckDbSource(fullPath, table) { Rows = sizes.TryGetValue(table, out var rows) ? rows : null };
            var shown = $"{display}#{table}";
            var collectedAt = collected.GetValueOrDefault(kind);
            // Records that say nowhere when they were collected are left to the loader, which refuses them (AOP1105).
            if (keep && collectedAt is not null && EvidenceKinds.TryParse(kind, out var parsed) && Keep(source, parsed, shown, collectedAt, plan) is { } kept)
            {
                parts.Add(new WarehousePart(shown, null, kept));
                continue;
            }

            try
            {
                parts.Add(new WarehousePart(shown, new DuckDbRows(source, kind, collectedAt), null));
            }
            catch (Exception ex) when (ex is not (OutOfMemoryException or EvidenceFormatException))
            {
                throw new EvidenceFormatException($"the table '{table}' of '{display}' cannot be read: {ex.Message}", ex);
            }
        }

        return parts;
    }

    /// <summary>
    /// A Parquet file of workflow runs or agent runs that passes the check stays in DuckDB; any other is left to the Parquet
    /// reader. The footer (kind, collection time, time units) is read with Parquet.Net, so that a file of another kind
    /// costs no DuckDB session.
    /// </summary>
    private List<WarehousePart>? OpenParquet(string fullPath, string display, Func<PushDownPlan?>? plan)
    {
        try
        {
            var footer = ParquetFooter.Read(fullPath);
            var kind = footer.Metadata.TryGetValue("kind", out var named) ? (EvidenceKinds.TryParse(named, out var k) ? k : (EvidenceKind?)null) : EvidenceLoader.KindFromFileName(fullPath);
            var times = kind switch
            {
                EvidenceKind.WorkflowRuns => RunsCheck.Times,
                EvidenceKind.AgentRuns => AgentRunsCheck.Times,
                _ => null,
            };

            // Parquet keeps nanoseconds that DuckDB's TIMESTAMP WITH TIME ZONE would round to microseconds: read those in memory.
            // Times stored as text are read in memory too, without a session: DuckDB would read them as VARCHAR, which the
            // check refuses (it wants timestamps), after loading its library and opening a session for nothing.
            if (times is null || !footer.Metadata.TryGetValue("collectedAt", out var collectedAt) || footer.HasNanoseconds(times) || footer.HasText(times))
            {
                return null;
            }

            return Keep(new DuckDbSource(fullPath, null) { Rows = footer.Rows }, kind!.Value, display, collectedAt, plan) is { } kept ? [new WarehousePart(display, null, kept)] : null;
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // A file that cannot be read is the Parquet reader's to report, with its own words.
            return null;
        }
    }

    /// <summary>The kind kept in DuckDB when its check passes (workflow runs, agent runs), or null to read the rows through the contract.</summary>
    private IPushedEvidence? Keep(DuckDbSource source, EvidenceKind kind, string display, string collectedAt, Func<PushDownPlan?>? plan)
    {
        if (kind is not (EvidenceKind.WorkflowRuns or EvidenceKind.AgentRuns))
        {
            return null;
        }

        try
        {
            using var connection = source.Open(DuckDbSession.CheckMemoryLimit);
            return kind == EvidenceKind.WorkflowRuns
                ? RunsCheck.Check(connection, source, plan) is { } runs ? new DuckDbRuns(source, runs, display, collectedAt, FetchLimit) : null
                : AgentRunsCheck.Check(connection, source) is { } agents ? new DuckDbAgentRuns(source, agents, display, collectedAt, FetchLimit) : null;
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // The rows are then read through the contract, which reports what is wrong with them.
            return null;
        }
    }

    private static List<string> Tables(DuckDBConnection connection)
    {
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT table_name FROM information_schema.tables WHERE table_catalog = {Sql.Text(DuckDbSession.Store)} AND table_schema = 'main' AND table_type = 'BASE TABLE' ORDER BY table_name";
        using var reader = command.ExecuteReader();
        var tables = new List<string>();
        while (reader.Read())
        {
            tables.Add(reader.GetString(0));
        }

        return tables;
    }

    /// <summary>The store's tables' row counts as DuckDB keeps them (<c>estimated_size</c>: exact for a table of a database file), to size the sessions.</summary>
    private static Dictionary<string, long> Sizes(DuckDBConnection connection)
    {
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT table_name, estimated_size FROM duckdb_tables() WHERE database_name = {Sql.Text(DuckDbSession.Store)} AND schema_name = 'main'";
        using var reader = command.ExecuteReader();
        var sizes = new Dictionary<string, long>(StringComparer.Ordinal);
        while (reader.Read())
        {
            if (!reader.IsDBNull(0) && !reader.IsDBNull(1))
            {
                sizes[reader.GetString(0)] = Convert.ToInt64(reader.GetValue(1), System.Globalization.CultureInfo.InvariantCulture);
            }
        }

        return sizes;
    }

    private static Dictionary<string, string?> CollectedAt(DuckDBConnection connection)
    {
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT CAST(kind AS VARCHAR), CAST(\"collectedAt\" AS VARCHAR) FROM {DuckDbSession.Store}.main.{MetadataTable}";
        using var reader = command.ExecuteReader();
        var collected = new Dictionary<string, string?>(StringComparer.Ordinal);
        while (reader.Read())
        {
            if (!reader.IsDBNull(0))
            {
                collected[reader.GetString(0)] = reader.IsDBNull(1) ? null : reader.GetString(1);
            }
        }

        return collected;
    }
}
