// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

namespace AiOpsPolicy.Core.Results;

/// <summary>The period a coverage query buckets runs into (UTC).</summary>
public enum CoveragePeriod
{
    /// <summary>ISO weeks: Monday 00:00 UTC to the next Monday.</summary>
    Week,

    /// <summary>Calendar months: the 1st 00:00 UTC to the next 1st.</summary>
    Month,
}
