// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

namespace AiOpsPolicy.Core.Metrics;

/// <summary>How a percentile is read from the sorted values.</summary>
public enum PercentileMethod
{
    /// <summary>Nearest rank (the default): the value at rank ceil(p/100 x n); always an observed value, the lower middle one for an even median.</summary>
    NearestRank,

    /// <summary>Linear interpolation between the closest ranks, as numpy's default and Excel's PERCENTILE.INC: rank (n - 1) x p/100 from 0.</summary>
    Linear,
}

/// <summary>How each duration is rounded before it is aggregated, for comparisons with tools that count whole minutes.</summary>
public enum DurationRounding
{
    /// <summary>Not rounded (the default): durations are exact to the tick.</summary>
    None,

    /// <summary>Rounded up to the whole minute (DevLake's lead-time parts).</summary>
    Ceil,

    /// <summary>Rounded down to the whole minute (DevLake's time to restore, SQL TIMESTAMPDIFF(MINUTE, ...)).</summary>
    Floor,
}

/// <summary>Which instant of a record places it in a window.</summary>
public enum WindowPlacement
{
    /// <summary>The record's start: an incident's detection, a workflow run's <c>startedAt</c>.</summary>
    Start,

    /// <summary>The record's end: an incident's recovery (open incidents are then never in a window), a workflow run's <c>endedAt</c>.</summary>
    End,
}

/// <summary>Where a change's lead time starts.</summary>
public enum LeadTimeStart
{
    /// <summary>The change's first commit (<c>firstCommitAt</c>).</summary>
    FirstCommit,

    /// <summary>The pull request's opening (<c>openedAt</c>).</summary>
    Opened,

    /// <summary>The approval (<c>approvedAt</c>, the default).</summary>
    Approved,

    /// <summary>The merge (<c>mergedAt</c>).</summary>
    Merged,
}

/// <summary>How a change's lead time is measured from its start point to production.</summary>
public enum LeadTimeDefinition
{
    /// <summary>The time elapsed from the start point to the deployment (the default); a change deployed before its start point is left out.</summary>
    Elapsed,

    /// <summary>
    /// DevLake's PR cycle time: the sum of the non-negative segments first commit -> opened -> merged -> deployed
    /// that follow the start point, each rounded on its own; a segment with a missing end or a negative length is
    /// left out of the sum.
    /// </summary>
    SegmentSum,
}

/// <summary>Which change failure rate: the two definitions DevLake's dashboards use.</summary>
public enum ChangeFailureDefinition
{
    /// <summary>Deployments followed by at least one attributed incident, over all deployments (the default; DevLake's DORA dashboard).</summary>
    DeploymentsWithIncident,

    /// <summary>Attributed incidents over deployments (DevLake's DORA detail dashboard); can exceed 100%.</summary>
    IncidentsPerDeployment,
}

/// <summary>How deployment frequency is counted.</summary>
public enum DeploymentFrequencyDefinition
{
    /// <summary>Successful production deployments in the window per period (7 days or 30 days) of its length (the default).</summary>
    Deployments,

    /// <summary>
    /// DevLake's DORA dashboard: for each calendar period (Monday-based UTC week, or UTC month) that overlaps the
    /// window, the number of distinct UTC days with a successful production deployment; aggregated (median by default).
    /// </summary>
    DeploymentDays,
}

/// <summary>The period deployment frequency is given per.</summary>
public enum CalendarPeriod
{
    /// <summary>A week: 7 days, or a Monday-based UTC calendar week for deployment days.</summary>
    Week,

    /// <summary>A month: 30 days, or a UTC calendar month for deployment days.</summary>
    Month,
}

/// <summary>Which runs SLA attainment counts when no step is named.</summary>
public enum SlaRuns
{
    /// <summary>Whole runs of the workflow, against the workflow's own SLA (the default).</summary>
    WholeRuns,

    /// <summary>Every step's runs of the workflow pooled (runs x steps), each judged against its own step's SLA; steps with no target are left out and counted.</summary>
    AllSteps,
}

/// <summary>Applies the parameters' rules.</summary>
internal static class MetricParameters
{
    /// <summary>Rounds a duration in seconds to whole minutes as asked.</summary>
    /// <param name="rounding">The rounding.</param>
    /// <param name="seconds">The duration.</param>
    /// <returns>The rounded duration, in seconds.</returns>
    public static double Round(this DurationRounding rounding, double seconds) => rounding switch
    {
        DurationRounding.Ceil => Math.Ceiling(seconds / 60.0) * 60.0,
        DurationRounding.Floor => Math.Floor(seconds / 60.0) * 60.0,
        _ => seconds,
    };

    /// <summary>A note for explanations: "" when not rounded, else "; each rounded up to the minute".</summary>
    /// <param name="rounding">The rounding.</param>
    /// <returns>The note.</returns>
    public static string Note(this DurationRounding rounding) => rounding switch
    {
        DurationRounding.Ceil => "; each rounded up to the minute",
        DurationRounding.Floor => "; each rounded down to the minute",
        _ => string.Empty,
    };

    /// <summary>The part a workflow-run metric's name gains from its placement: none for the default (the end).</summary>
    /// <param name="placement">The placement.</param>
    /// <returns>"by-start", or null.</returns>
    public static string? RunTag(this WindowPlacement placement) => placement == WindowPlacement.Start ? "by-start" : null;

    /// <summary>What a run placed in a window did there, for explanations: "started" or "ended".</summary>
    /// <param name="placement">The placement.</param>
    /// <returns>The verb.</returns>
    public static string RunVerb(this WindowPlacement placement) => placement == WindowPlacement.Start ? "started" : "ended";

    /// <summary>The field name of a start point, for explanations.</summary>
    /// <param name="start">The start point.</param>
    /// <returns>The words.</returns>
    public static string Words(this LeadTimeStart start) => start switch
    {
        LeadTimeStart.FirstCommit => "first commit",
        LeadTimeStart.Opened => "PR opened",
        LeadTimeStart.Merged => "merge",
        _ => "approved PR",
    };
}
