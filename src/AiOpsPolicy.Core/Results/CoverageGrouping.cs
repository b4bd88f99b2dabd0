// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

namespace AiOpsPolicy.Core.Results;

/// <summary>How a coverage query splits each period.</summary>
public enum CoverageGrouping
{
    /// <summary>One row per period.</summary>
    Week,

    /// <summary>One row per period and enforcement point (a control enforced at several points counts once at each; a control without one is grouped under <c>unspecified</c>).</summary>
    EnforcementPoint,

    /// <summary>One row per period and owning team (the control's owner; a control without one is grouped under <c>unowned</c>).</summary>
    Team,
}
