// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using AiOpsPolicy.Core.Results;
using AiOpsPolicy.History;
using AiOpsPolicy.History.Runs;
using AiOpsPolicy.Reporting.Review;

namespace AiOpsPolicy.Cli;

/// <summary>
/// Loads a gate run's trends from the history store: the runs of its policy set over the last 12 weeks
/// before it, with the run itself as the latest point. The gate's decision never depends on this: a
/// store that cannot be read costs the trends and one warning line, nothing else.
/// </summary>
internal static class GateTrends
{
    /// <summary>Loads the trends, or returns null (after a warning on standard error) when the store cannot be read.</summary>
    /// <param name="console">Where to warn.</param>
    /// <param name="target">The store: a SQLite file or a PostgreSQL connection string; null or empty for none.</param>
    /// <param name="result">The run.</param>
    /// <returns>The trends, or null without a store.</returns>
    public static ReportTrends? Load(IConsole console, string? target, GateRunResult result) =>
        string.IsNullOrWhiteSpace(target) ? null : FromStore(console, target, result);

    /// <summary>Never inlined, so that the store's assembly and the database drivers load only when there is a store.</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private static ReportTrends? FromStore(IConsole console, string target, GateRunResult result)
    {
        var postgres = Commands.HistoryTargets.LooksLikeConnectionString(target);
        var runId = RunRecord.RunIdFor(result, RunContext.FromEnvironment(Environment.GetEnvironmentVariables()));
        var current = ReviewRun.From(result, runId);
        try
        {
            if (!postgres && !File.Exists(target))
            {
                // The first recorded run: no history yet, so the trends hold this run alone.
                return ReportTrends.Build([], current);
            }

            var since = IsoWeek.Containing(result.EvaluatedAt).Start.AddDays(-7 * (ReportTrends.Weeks - 1));
            var store = HistoryStoreFactory.OpenAsync(target).GetAwaiter().GetResult();
            try
            {
                var runs = store.LoadRunsAsync(result.PolicySet, since, result.EvaluatedAt).GetAwaiter().GetResult();
                return ReportTrends.Build(runs.Select(HistoryRuns.ToReviewRun), current);
            }
            finally
            {
                store.DisposeAsync().AsTask().GetAwaiter().GetResult();
            }
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            console.Err.WriteLine($"warning: trends are left out: cannot read the history store {(postgres ? "the PostgreSQL store" : $"'{target}'")}: {ex.Message.TrimEnd('.')}.");
            return null;
        }
    }
}
