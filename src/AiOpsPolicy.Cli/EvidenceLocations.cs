// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using AiOpsPolicy.Core.Configuration;
using AiOpsPolicy.Core.Diagnostics;
using AiOpsPolicy.Core.Evidence;
using AiOpsPolicy.Core.Text;
using AiOpsPolicy.Warehouse;
using AiOpsPolicy.Warehouse.ClickHouse;

namespace AiOpsPolicy.Cli;

/// <summary>
/// Sorts the operator's <c>--evidence</c> values into files and folders, and ClickHouse databases: a name the
/// operator configuration declares under <c>warehouses</c> (a declared name wins over a file of the same name, as for
/// history stores), or a <c>clickhouse://</c> URL. Only the command line and the operator configuration reach here;
/// policy text never names an evidence location.
/// </summary>
internal static class EvidenceLocations
{
    /// <summary>Splits the locations.</summary>
    /// <param name="locations">The <c>--evidence</c> values.</param>
    /// <param name="configuration">The operator configuration.</param>
    /// <param name="paths">Receives the files and folders.</param>
    /// <param name="databases">Receives the ClickHouse databases, in order.</param>
    /// <returns>The problem (a URL that is not one, shown without credentials), or null.</returns>
    public static Diagnostic? Split(IReadOnlyList<string> locations, OperatorConfiguration configuration, out List<string> paths, out List<ClickHouseLocation> databases)
    {
        paths = [];
        databases = [];
        foreach (var location in locations)
        {
            var declared = configuration.Warehouses.GetValueOrDefault(location);
            if (declared is null && !ClickHouseLocation.IsUrl(location))
            {
                paths.Add(location);
                continue;
            }

            if (ClickHouseLocation.TryParse(declared?.Url ?? location, declared?.Name, out var problem) is not { } database)
            {
                return Diagnostic.Create(DiagnosticCatalog.Usage, declared?.Location ?? SourceLocation.None, $"--evidence {declared?.Name ?? "URL"}: {problem}");
            }

            databases.Add(database);
        }

        return null;
    }

    /// <summary>Loads the evidence: the files as always, then each database.</summary>
    /// <param name="paths">The files and folders.</param>
    /// <param name="databases">The databases.</param>
    /// <param name="pushDown">False for <c>--no-push-down</c>: every record is read into memory.</param>
    /// <param name="plan">What the gate will ask of runs kept in DuckDB (<see cref="PushDownPlan"/>), called from the loading thread; loads with ClickHouse databases do without it.</param>
    /// <returns>The evidence and every problem.</returns>
    public static EvidenceLoadResult Load(List<string> paths, List<ClickHouseLocation> databases, bool pushDown, Func<PushDownPlan?>? plan = null) =>
        databases.Count == 0 ? Core.PolicyEngine.LoadEvidence(paths, pushDown, plan) : ClickHouseEvidence.Load(paths, databases, pushDown);
}
