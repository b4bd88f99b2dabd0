// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using AiOpsPolicy.Core.Evidence;
using AiOpsPolicy.Warehouse.DuckDb;

namespace AiOpsPolicy.Warehouse;

/// <summary>
/// Evidence through embedded DuckDB: <c>--evidence</c> may name a <c>.duckdb</c> file (opened read-only, external
/// access off), and workflow runs in Parquet files or in such a file stay in DuckDB, where SLA attainment is computed
/// by SQL aggregate queries and only tallies and the first failing run ids come back (docs/performance.md, "Push-down").
/// </summary>
public static class DuckDbEvidence
{
    /// <summary>Registers DuckDB with the evidence loader for every load of the process; the host (the CLI) calls it once at start-up.</summary>
    public static void Register() => EvidenceFormats.RegisterWarehouse(new DuckDbWarehouse());

    /// <summary>Loads evidence as a registered host would, with DuckDB consulted first.</summary>
    /// <param name="paths">Evidence files, folders or <c>.duckdb</c> stores.</param>
    /// <returns>The evidence and every problem found.</returns>
    public static EvidenceLoadResult Load(IReadOnlyList<string> paths) => Load(paths, DuckDbWarehouse.DefaultFetchLimit);

    /// <summary>Loads evidence with DuckDB consulted first and a given fetch bound (tests use a small one).</summary>
    internal static EvidenceLoadResult Load(IReadOnlyList<string> paths, int fetchLimit) =>
        EvidenceLoader.Load(paths, [ParquetEvidenceFormat.Instance, ArrowEvidenceFormat.Instance], new DuckDbWarehouse(fetchLimit));

    /// <summary>Loads evidence with DuckDB consulted first, keeping nothing in the engine when <paramref name="pushDown"/> is false (<c>gate --no-push-down</c>).</summary>
    internal static EvidenceLoadResult Load(IReadOnlyList<string> paths, bool pushDown) =>
        EvidenceLoader.Load(paths, [ParquetEvidenceFormat.Instance, ArrowEvidenceFormat.Instance], new DuckDbWarehouse(), pushDown);
}
