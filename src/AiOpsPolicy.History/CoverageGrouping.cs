// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

namespace AiOpsPolicy.History;

/// <summary>How <see cref="IHistoryStore.CoverageByWeekAsync"/> splits each week.</summary>
public enum CoverageGrouping
{
    /// <summary>One row per week.</summary>
    Week,

    /// <summary>One row per week and enforcement point (a control enforced at several points counts once at each; a control without one is grouped under <c>unspecified</c>).</summary>
    EnforcementPoint,
}
