// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using AiOpsPolicy.Core.Evidence;
using DuckDB.NET.Data;

namespace AiOpsPolicy.Warehouse.DuckDb;

/// <summary>
/// What the loader asks DuckDB: a <c>.duckdb</c> store is read as one part per table (a table named after a kind,
/// <c>workflow_runs</c> or <c>"workflow-runs"</c>; the optional table <c>aiops_evidence(kind, collectedAt)</c> gives
/// each kind's collection time), and workflow runs, in a store or in a Parquet file, stay in DuckDB when
/// <see cref="RunsCheck"/> allows. Every other table is read through the contract; every other Parquet file is left to
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
    public IReadOnlyList<WarehousePart>? Open(string fullPath, string display)
    {
        var extension = Path.GetExtension(fullPath);
        if (string.Equals(extension, ".duckdb", StringComparison.OrdinalIgnoreCase))
        {
            return OpenStore(fullPath, display);
        }

        return string.Equals(extension, ".parquet", StringComparison.OrdinalIgnoreCase) ? OpenParquet(fullPath, display) : null;
    }

    private List<WarehousePart> OpenStore(string fullPath, string display)
    {
        List<string> tables;
        Dictionary<string, string?> collected;
        try
        {
            using var connection = DuckDbSession.Open(fullPath, store: true);
            tables = Tables(connection);
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
            var source = new DuckDbSource(fullPath, table);
            var shown = $"{display}#{table}";
            var collectedAt = collected.GetValueOrDefault(kind);
            // Runs that say nowhere when they were collected are left to the loader, which refuses them (AOP1105).
            if (kind == EvidenceKinds.Name(EvidenceKind.WorkflowRuns) && collectedAt is not null && Check(source) is { } shape)
            {
                parts.Add(new WarehousePart(shown, null, new DuckDbRuns(source, shape, shown, collectedAt, FetchLimit)));
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

    /// <summary>A Parquet file of workflow runs that passes the check stays in DuckDB; any other is left to the Parquet reader.</summary>
    private List<WarehousePart>? OpenParquet(string fullPath, string display)
    {
        var source = new DuckDbSource(fullPath, null);
        try
        {
            using var connection = source.Open();
            var metadata = new Dictionary<string, string>(StringComparer.Ordinal);
            using (var command = connection.CreateCommand())
            {
                command.CommandText = $"SELECT CAST(key AS VARCHAR), CAST(value AS VARCHAR) FROM parquet_kv_metadata({Sql.Text(fullPath)})";
                using var reader = command.ExecuteReader();
                while (reader.Read())
                {
                    metadata[reader.GetString(0)] = reader.GetString(1);
                }
            }

            var kind = metadata.TryGetValue("kind", out var named) ? (EvidenceKinds.TryParse(named, out var k) ? k : (EvidenceKind?)null) : EvidenceLoader.KindFromFileName(fullPath);
            if (kind != EvidenceKind.WorkflowRuns || !metadata.ContainsKey("collectedAt") || RunsCheck.Check(connection, source) is not { } shape)
            {
                return null;
            }

            return [new WarehousePart(display, null, new DuckDbRuns(source, shape, display, metadata.GetValueOrDefault("collectedAt"), FetchLimit))];
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // A file DuckDB cannot read is the Parquet reader's to report, with its own words.
            return null;
        }
    }

    private static RunsShape? Check(DuckDbSource source)
    {
        try
        {
            using var connection = source.Open();
            return RunsCheck.Check(connection, source);
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
