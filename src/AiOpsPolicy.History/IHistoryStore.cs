// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using AiOpsPolicy.Core.Results;
using AiOpsPolicy.History.Runs;
using AiOpsPolicy.History.Trends;

namespace AiOpsPolicy.History;

/// <summary>
/// A store of gate runs: records each run once (idempotent on its run id, in one transaction) and answers trend queries.
/// Time ranges are half-open: <c>since</c> inclusive, <c>until</c> exclusive, compared with each run's evaluation time.
/// </summary>
public partial interface IHistoryStore : IAsyncDisposable
{
    /// <summary>Records a run, unless a run with the same run id is already stored.</summary>
    /// <param name="run">The run.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns><see cref="RecordOutcome.Recorded"/>, or <see cref="RecordOutcome.Duplicate"/> when nothing was written.</returns>
    Task<RecordOutcome> RecordAsync(RunRecord run, CancellationToken cancellationToken = default);

    /// <summary>Counts the stored runs.</summary>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The number of runs.</returns>
    Task<long> CountRunsAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// Control coverage per week (UTC, weeks start on Monday): automated and evidenced versus declared only versus not automated.
    /// The same counts as <see cref="CoverageAsync"/> with <see cref="CoveragePeriod.Week"/>; when grouped by team, the team is in
    /// <see cref="CoveragePoint.EnforcementPoint"/>.
    /// </summary>
    /// <param name="since">The start of the range (inclusive).</param>
    /// <param name="until">The end of the range (exclusive).</param>
    /// <param name="groupBy">Whether to split each week by enforcement point.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The points, ordered by week and then enforcement point.</returns>
    Task<IReadOnlyList<CoveragePoint>> CoverageByWeekAsync(DateTimeOffset since, DateTimeOffset until, CoverageGrouping groupBy = CoverageGrouping.Week, CancellationToken cancellationToken = default);

    /// <summary>The values of a metric over time; <paramref name="name"/> matches a metric name, or a gate name (then that gate's metrics and its own observed value are returned).</summary>
    /// <param name="name">A metric or gate name.</param>
    /// <param name="since">The start of the range (inclusive).</param>
    /// <param name="until">The end of the range (exclusive).</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The points, ordered by evaluation time, then run id.</returns>
    Task<IReadOnlyList<MetricPoint>> MetricTrendAsync(string name, DateTimeOffset since, DateTimeOffset until, CancellationToken cancellationToken = default);

    /// <summary>The gates whose status changed most often between consecutive runs of the same policy set.</summary>
    /// <param name="since">The start of the range (inclusive).</param>
    /// <param name="until">The end of the range (exclusive).</param>
    /// <param name="top">How many gates to return at most.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>Gates with at least one flip, most flips first.</returns>
    Task<IReadOnlyList<GateFlips>> FlippingGatesAsync(DateTimeOffset since, DateTimeOffset until, int top, CancellationToken cancellationToken = default);

    /// <summary>Control coverage per week or month (UTC), optionally per team or enforcement point and for one policy set.</summary>
    /// <param name="query">The range, period, grouping and policy set.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The rows, ordered by period and then group (ordinal).</returns>
    Task<IReadOnlyList<CoverageRow>> CoverageAsync(CoverageQuery query, CancellationToken cancellationToken = default);

    /// <summary>
    /// Waivers that keep being renewed: per policy set and waived gate, the distinct waivers (by name and expiry) the runs in
    /// the range saw, and how often a new one followed a previous one.
    /// </summary>
    /// <param name="since">The start of the range (inclusive).</param>
    /// <param name="until">The end of the range (exclusive).</param>
    /// <param name="policySet">Only runs of this policy set, or every run when <see langword="null"/>.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>Every waived gate, most renewals first, then by policy set and gate (ordinal).</returns>
    Task<IReadOnlyList<WaiverRenewals>> WaiverRenewalsAsync(DateTimeOffset since, DateTimeOffset until, string? policySet = null, CancellationToken cancellationToken = default);

    /// <summary>Reads back, whole, the latest run (by evaluation time, then run id) of each policy set in a range.</summary>
    /// <param name="policySet">Only this policy set, or every policy set when <see langword="null"/>.</param>
    /// <param name="since">The start of the range (inclusive).</param>
    /// <param name="until">The end of the range (exclusive).</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>One run per policy set, ordered by policy set (ordinal).</returns>
    Task<IReadOnlyList<RunRecord>> LatestRunsAsync(string? policySet, DateTimeOffset since, DateTimeOffset until, CancellationToken cancellationToken = default);
}
