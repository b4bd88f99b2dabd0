// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using AiOpsPolicy.Core.Evidence;
using AiOpsPolicy.Warehouse.ClickHouse;
using AiOpsPolicy.Warehouse.DuckDb;

namespace AiOpsPolicy.Warehouse;

/// <summary>
/// Evidence in ClickHouse: <c>--evidence</c> may name a database by a <c>clickhouse://</c> URL or by a name the operator
/// configuration declares under <c>warehouses</c> (docs/evidence.md, "ClickHouse"). Its tables are read as a
/// <c>.duckdb</c> store's are; workflow runs that pass the contract stay in ClickHouse, where SLA attainment is
/// computed by SQL and only tallies and the first failing run ids come back (docs/performance.md, "Push-down to ClickHouse").
/// </summary>
public static class ClickHouseEvidence
{
    /// <summary>Loads evidence files and folders (with the registered formats and warehouse), then each ClickHouse database, in order.</summary>
    /// <param name="paths">Evidence files, folders or <c>.duckdb</c> stores.</param>
    /// <param name="databases">The ClickHouse databases the operator gave.</param>
    /// <param name="pushDown">False for <c>gate --no-push-down</c>: every record is read into memory through the contract.</param>
    /// <returns>The evidence and every problem found.</returns>
    public static EvidenceLoadResult Load(IReadOnlyList<string> paths, IReadOnlyList<ClickHouseLocation> databases, bool pushDown = true) =>
        Load(paths, databases, DuckDbWarehouse.DefaultFetchLimit, pushDown);

    /// <summary>Loads as <see cref="Load(IReadOnlyList{string}, IReadOnlyList{ClickHouseLocation}, bool)"/> with a given fetch bound (tests use a small one).</summary>
    internal static EvidenceLoadResult Load(IReadOnlyList<string> paths, IReadOnlyList<ClickHouseLocation> databases, int fetchLimit, bool pushDown = true)
    {
        ArgumentNullException.ThrowIfNull(databases);
        return EvidenceLoader.Load(paths, EvidenceFormats.Registered, EvidenceFormats.Warehouse, pushDown, [.. databases.Select(d => new ClickHouseDatabase(d, fetchLimit))]);
    }
}
