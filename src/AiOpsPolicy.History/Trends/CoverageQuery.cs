// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using AiOpsPolicy.Core.Results;

namespace AiOpsPolicy.History.Trends;

/// <summary>What <see cref="IHistoryStore.CoverageAsync"/> counts.</summary>
/// <param name="Since">The start of the range (inclusive).</param>
/// <param name="Until">The end of the range (exclusive).</param>
/// <param name="Period">The period each row covers.</param>
/// <param name="GroupBy">How each period is split (<see cref="CoverageGrouping.Week"/>: not split).</param>
/// <param name="PolicySet">Only runs of this policy set, or every run when <see langword="null"/>.</param>
public sealed record CoverageQuery(
    DateTimeOffset Since,
    DateTimeOffset Until,
    CoveragePeriod Period = CoveragePeriod.Week,
    CoverageGrouping GroupBy = CoverageGrouping.Week,
    string? PolicySet = null)
{
    /// <summary>The group name of controls without an enforcement point.</summary>
    public const string Unspecified = "unspecified";

    /// <summary>The group name of controls without an owner.</summary>
    public const string Unowned = "unowned";
}
