// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using System.Text;
using AiOpsPolicy.Core.Evidence;

namespace AiOpsPolicy.Warehouse.ClickHouse;

/// <summary>
/// A ClickHouse database given as evidence, read as a <c>.duckdb</c> store is (<see cref="DuckDb.DuckDbWarehouse"/>):
/// one part per table, named after a kind (<c>workflow_runs</c>; every table of the database is read, so keep shards'
/// local tables in another database); the optional table <c>aiops_evidence(kind, collectedAt)</c> gives each kind's
/// collection time; workflow runs stay in ClickHouse when <see cref="ClickHouseRunsCheck"/> allows, and every other
/// table is read through the contract row by row.
/// </summary>
internal sealed class ClickHouseDatabase : IEvidenceConnection
{
    /// <summary>The table that says when each kind was collected (as in a <c>.duckdb</c> store).</summary>
    public const string MetadataTable = "aiops_evidence";

    private readonly ClickHouseLocation _location;
    private readonly int _fetchLimit;

    public ClickHouseDatabase(ClickHouseLocation location, int fetchLimit)
    {
        _location = location;
        _fetchLimit = fetchLimit;
    }

    /// <inheritdoc/>
    public string Display => _location.Display;

    /// <inheritdoc/>
    public IReadOnlyList<WarehousePart> Open(bool keep, out string fingerprint)
    {
        var database = ClickHouseSql.Text(_location.Database);
        if (ClickHouseHttp.QueryAll(_location, $"SELECT count() FROM system.databases WHERE name = {database}").Single()[0] != "1")
        {
            throw new EvidenceFormatException($"ClickHouse at '{_location.Display}' has no database '{_location.Database}'");
        }

        var tables = ClickHouseHttp.QueryAll(_location, $"SELECT name FROM system.tables WHERE database = {database} ORDER BY name")
            .Select(row => row[0] ?? string.Empty)
            .ToList();
        var collected = new Dictionary<string, string?>(StringComparer.Ordinal);
        if (tables.Contains(MetadataTable, StringComparer.Ordinal))
        {
            foreach (var row in ClickHouseHttp.QueryAll(_location, $"SELECT toString(`kind`), toString(`collectedAt`) FROM {ClickHouseSql.Name(_location.Database)}.{MetadataTable}"))
            {
                if (row[0] is { } kind)
                {
                    collected[kind] = row[1];
                }
            }
        }

        var parts = new List<WarehousePart>();
        var digest = new StringBuilder();
        foreach (var name in tables.Where(t => t != MetadataTable))
        {
            var table = ClickHouseTable.Describe(_location, name);
            var kind = name.Replace('_', '-');
            var collectedAt = collected.GetValueOrDefault(kind);
            string checksum;

            // Runs that say nowhere when they were collected are left to the loader, which refuses them (AOP1105).
            if (keep && kind == EvidenceKinds.Name(EvidenceKind.WorkflowRuns) && collectedAt is not null)
            {
                if (ClickHouseRunsCheck.Check(table, out checksum) is { } shape)
                {
                    parts.Add(new WarehousePart(table.Display, null, new ClickHouseRuns(table, shape, collectedAt, _fetchLimit)));
                    digest.Append(name).Append(' ').Append(checksum).Append('\n');
                    continue;
                }
            }
            else
            {
                checksum = ClickHouseRunsCheck.Checksum(table);
            }

            digest.Append(name).Append(' ').Append(checksum).Append('\n');
            parts.Add(new WarehousePart(table.Display, new ClickHouseRows(table, kind, collectedAt), null));
        }

        fingerprint = digest.ToString();
        return parts;
    }
}
