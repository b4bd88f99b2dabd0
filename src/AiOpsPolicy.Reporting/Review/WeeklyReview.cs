// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using System.Collections.Immutable;

namespace AiOpsPolicy.Reporting.Review;

/// <summary>
/// The weekly review: one ISO week's recorded runs against the week before, as a leader reads them on
/// Monday morning. Each figure is the value from the latest run of the week (per policy set) that
/// measured it: the state the week ended in, not an average over runs that may have been retried.
/// </summary>
public sealed record WeeklyReview
{
    /// <summary>How far ahead of the week's end a waiver is listed as about to expire.</summary>
    public static readonly TimeSpan ExpiringWithin = TimeSpan.FromDays(14);

    /// <summary>How many weeks the sparklines cover, this week included.</summary>
    public const int SparkWeeks = 8;

    /// <summary>Gets the week reviewed.</summary>
    public required IsoWeek Week { get; init; }

    /// <summary>Gets the policy sets with runs in the week, by name.</summary>
    public ImmutableArray<string> PolicySets { get; init; } = [];

    /// <summary>Gets how many runs were recorded in the week.</summary>
    public int Runs { get; init; }

    /// <summary>Gets how many of them blocked.</summary>
    public int BlockedRuns { get; init; }

    /// <summary>Gets how many runs were recorded in the week before.</summary>
    public int PreviousRuns { get; init; }

    /// <summary>Gets each policy set's latest score this week and last week, for the policy sets that record one.</summary>
    public ImmutableArray<ScoreFigure> Scores { get; init; } = [];

    /// <summary>Gets the metric groups (reliability, data and systems, value, risk, scale, then any other measures).</summary>
    public ImmutableArray<GroupFigures> Groups { get; init; } = [];

    /// <summary>Gets the gates that failed (or errored) in at least one run of the week.</summary>
    public ImmutableArray<FailedGate> FailedGates { get; init; } = [];

    /// <summary>Gets the findings of the week's runs.</summary>
    public ImmutableArray<WeekFinding> Findings { get; init; } = [];

    /// <summary>Gets control coverage this week against last week.</summary>
    public required CoverageComparison Coverage { get; init; }

    /// <summary>Gets the waivers that expire within 14 days of the week's end, or have expired and are still declared.</summary>
    public ImmutableArray<WaiverDue> Waivers { get; init; } = [];

    /// <summary>Gets the weeks the sparklines cover, oldest first, this week last.</summary>
    public ImmutableArray<IsoWeek> SparklineWeeks { get; init; } = [];

    /// <summary>Gets a value indicating whether no run was recorded in the week.</summary>
    public bool IsEmpty => Runs == 0;

    /// <summary>Builds the review of a week.</summary>
    /// <param name="week">The week.</param>
    /// <param name="runs">The recorded runs of the week and of the weeks before it (runs outside the sparkline window are ignored).</param>
    /// <returns>The review.</returns>
    public static WeeklyReview Build(IsoWeek week, IEnumerable<ReviewRun> runs)
    {
        ArgumentNullException.ThrowIfNull(runs);
        var ordered = runs.OrderBy(r => r.RecordedAt).ThenBy(r => r.RunId, StringComparer.Ordinal).ToList();
        var weeks = new List<IsoWeek> { week };
        while (weeks.Count < SparkWeeks)
        {
            weeks.Insert(0, weeks[0].Previous);
        }

        var previous = week.Previous;
        var thisWeek = ordered.Where(r => week.Contains(r.RecordedAt)).ToList();
        var lastWeek = ordered.Where(r => previous.Contains(r.RecordedAt)).ToList();
        return new WeeklyReview
        {
            Week = week,
            PolicySets = [.. thisWeek.Select(r => r.PolicySet).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)],
            Runs = thisWeek.Count,
            BlockedRuns = thisWeek.Count(r => r.Blocked),
            PreviousRuns = lastWeek.Count,
            Scores = ScoresOf(thisWeek, lastWeek),
            Groups = GroupsOf(weeks, ordered),
            FailedGates = Failed(thisWeek),
            Findings = FindingsOf(thisWeek, lastWeek),
            Coverage = CoverageOf(Latest(thisWeek), Latest(lastWeek)),
            Waivers = WaiversDue(week, Latest(thisWeek)),
            SparklineWeeks = [.. weeks],
        };
    }

    /// <summary>The latest run of each policy set, by policy set name.</summary>
    /// <param name="runs">Runs ordered by time.</param>
    /// <returns>The latest runs.</returns>
    internal static List<ReviewRun> Latest(IEnumerable<ReviewRun> runs) =>
        [.. runs.GroupBy(r => r.PolicySet, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => g.Last())];

    /// <summary>Required controls automated and evidenced, against all required controls.</summary>
    /// <param name="controls">The controls.</param>
    /// <returns>The figure.</returns>
    internal static CoverageFigure Figure(IEnumerable<ReviewControl> controls)
    {
        var required = controls.Where(c => c.Required).ToList();
        return new CoverageFigure(required.Count, required.Count(c => c.Automated && c.Evidenced));
    }

    /// <summary>Each metric's latest value among the runs, keyed by policy set and metric, with the gates that measured it.</summary>
    /// <param name="runs">Runs ordered by time.</param>
    /// <returns>The values.</returns>
    internal static Dictionary<(string PolicySet, string Metric), (ReviewMetric Metric, SortedSet<string> Gates)> LatestMetrics(IEnumerable<ReviewRun> runs)
    {
        var values = new Dictionary<(string, string), (ReviewMetric, SortedSet<string>)>();
        foreach (var run in runs)
        {
            foreach (var gate in run.Gates)
            {
                foreach (var metric in gate.Metrics.Where(m => m.Number is not null))
                {
                    var key = (run.PolicySet, metric.Name);
                    var gates = values.TryGetValue(key, out var known) ? known.Item2 : new SortedSet<string>(StringComparer.Ordinal);
                    gates.Add(gate.Name);
                    values[key] = (metric, gates);
                }
            }
        }

        return values;
    }

    private static ImmutableArray<ScoreFigure> ScoresOf(List<ReviewRun> thisWeek, List<ReviewRun> lastWeek)
    {
        var last = Latest(lastWeek.Where(r => r.Score is not null)).ToDictionary(r => r.PolicySet, StringComparer.Ordinal);
        return [.. Latest(thisWeek.Where(r => r.Score is not null))
            .Select(r => new ScoreFigure(r.PolicySet, r.Score ?? 0, r.ScoreStatus, last.TryGetValue(r.PolicySet, out var p) ? p.Score : null))];
    }

    private static ImmutableArray<GroupFigures> GroupsOf(List<IsoWeek> weeks, List<ReviewRun> runs)
    {
        var byWeek = weeks.Select(w => LatestMetrics(runs.Where(r => w.Contains(r.RecordedAt)))).ToList();
        var current = byWeek[^1];
        var previous = byWeek[^2];
        var keys = current.Keys.Concat(previous.Keys).Distinct().ToList();
        var figures = keys.Select(key =>
        {
            current.TryGetValue(key, out var now);
            previous.TryGetValue(key, out var before);
            var gates = new SortedSet<string>(StringComparer.Ordinal);
            gates.UnionWith(now.Gates ?? []);
            gates.UnionWith(before.Gates ?? []);
            var spark = byWeek.Select(values => values.TryGetValue(key, out var v) ? v.Metric.Number : null).ToImmutableArray();
            return new MetricFigure(key.PolicySet, key.Metric, [.. gates], now.Metric, before.Metric, spark);
        }).ToList();
        var groups = MetricGroups.Named
            .Select(g => new GroupFigures(g.Id, g.Title, [.. figures.Where(f => GroupOf(f.Metric) == g).OrderBy(f => f.Metric, StringComparer.Ordinal).ThenBy(f => f.PolicySet, StringComparer.Ordinal)]))
            .ToList();
        var other = figures.Where(f => GroupOf(f.Metric) == MetricGroups.Other).OrderBy(f => f.Metric, StringComparer.Ordinal).ThenBy(f => f.PolicySet, StringComparer.Ordinal).ToList();
        if (other.Count > 0)
        {
            groups.Add(new GroupFigures(MetricGroups.Other.Id, MetricGroups.Other.Title, [.. other]));
        }

        return [.. groups];
    }

    private static MetricGroup GroupOf(string metric)
    {
        var name = MetricGroups.BareName(metric);
        return MetricGroups.Named.FirstOrDefault(g => Array.IndexOf(g.Metrics, name) >= 0) ?? MetricGroups.Other;
    }

    private static ImmutableArray<FailedGate> Failed(List<ReviewRun> thisWeek)
    {
        var latest = Latest(thisWeek).ToDictionary(r => r.PolicySet, StringComparer.Ordinal);
        return [.. thisWeek
            .SelectMany(run => run.Gates.Select(gate => (Run: run, Gate: gate)))
            .GroupBy(x => (x.Run.PolicySet, x.Gate.Name))
            .Select(g =>
            {
                var failed = g.Where(x => x.Gate.Status is "fail" or "error").ToList();
                if (failed.Count == 0)
                {
                    return null;
                }

                var now = latest[g.Key.PolicySet].Gates.FirstOrDefault(x => string.Equals(x.Name, g.Key.Name, StringComparison.Ordinal));
                var last = failed[^1].Gate;
                return new FailedGate(g.Key.PolicySet, g.Key.Name, failed.Count, g.Count(), failed[0].Run.RecordedAt, failed[^1].Run.RecordedAt, now?.Status ?? "not run", last.Observed, last.Bound);
            })
            .OfType<FailedGate>()
            .OrderByDescending(f => f.StillFailing)
            .ThenByDescending(f => f.FailedRuns)
            .ThenBy(f => f.PolicySet, StringComparer.Ordinal)
            .ThenBy(f => f.Gate, StringComparer.Ordinal)];
    }

    private static ImmutableArray<WeekFinding> FindingsOf(List<ReviewRun> thisWeek, List<ReviewRun> lastWeek)
    {
        var before = lastWeek.SelectMany(r => r.Findings.Select(f => (r.PolicySet, f.Name))).ToHashSet();
        return [.. thisWeek
            .SelectMany(run => run.Findings.Select(finding => (Run: run, Finding: finding)))
            .GroupBy(x => (x.Run.PolicySet, x.Finding.Name))
            .Select(g =>
            {
                var latest = g.Last().Finding;
                return new WeekFinding(g.Key.PolicySet, latest.Name, latest.Message, latest.Group, latest.Owner, g.Select(x => x.Run.RunId).Distinct(StringComparer.Ordinal).Count(), !before.Contains(g.Key));
            })
            .OrderByDescending(f => f.New)
            .ThenBy(f => f.PolicySet, StringComparer.Ordinal)
            .ThenBy(f => f.Name, StringComparer.Ordinal)];
    }

    private static CoverageComparison CoverageOf(List<ReviewRun> thisWeek, List<ReviewRun> lastWeek)
    {
        static string Team(ReviewControl control) => string.IsNullOrWhiteSpace(control.Owner) ? "(no owner)" : control.Owner;
        var now = thisWeek.SelectMany(r => r.Controls).ToList();
        var before = lastWeek.SelectMany(r => r.Controls).ToList();
        var teams = now.Concat(before).Where(c => c.Required).Select(Team).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)
            .Select(team => new TeamCoverage(team, Figure(now.Where(c => Team(c) == team)), Figure(before.Where(c => Team(c) == team))))
            .ToImmutableArray();
        var overall = Figure(now);
        var pullsDown = overall.Covered < overall.Required
            ? teams.Where(t => t.ThisWeek.Covered < t.ThisWeek.Required)
                .OrderByDescending(t => t.ThisWeek.Required - t.ThisWeek.Covered)
                .ThenBy(t => t.ThisWeek.Share)
                .ThenBy(t => t.Team, StringComparer.Ordinal)
                .Select(t => t.Team)
                .FirstOrDefault()
            : null;
        return new CoverageComparison(overall, Figure(before), teams, pullsDown);
    }

    private static ImmutableArray<WaiverDue> WaiversDue(IsoWeek week, List<ReviewRun> latest) =>
        [.. latest
            .SelectMany(run => run.Waivers.Select(waiver => new WaiverDue(run.PolicySet, waiver, waiver.Expires < week.End, waiver.Expires - week.End)))
            .Where(w => w.Waiver.Expires < week.End + ExpiringWithin)
            .OrderBy(w => w.Waiver.Expires)
            .ThenBy(w => w.PolicySet, StringComparer.Ordinal)
            .ThenBy(w => w.Waiver.Name, StringComparer.Ordinal)];
}

/// <summary>A policy set's latest score in the week.</summary>
/// <param name="PolicySet">The policy set.</param>
/// <param name="Score">The score, 0 to 1.</param>
/// <param name="Status">The score's status.</param>
/// <param name="PreviousScore">The latest score of the week before, if any.</param>
public sealed record ScoreFigure(string PolicySet, double Score, string? Status, double? PreviousScore);

/// <summary>One metric group's figures.</summary>
/// <param name="Id">The group's stable id.</param>
/// <param name="Title">The group's heading.</param>
/// <param name="Metrics">The figures, by metric name.</param>
public sealed record GroupFigures(string Id, string Title, ImmutableArray<MetricFigure> Metrics);

/// <summary>One metric's figure this week against last week.</summary>
/// <param name="PolicySet">The policy set that measured it.</param>
/// <param name="Metric">The metric, with its scope.</param>
/// <param name="Gates">The gates that measured it.</param>
/// <param name="ThisWeek">The latest value this week, or null when not measured this week.</param>
/// <param name="LastWeek">The latest value last week, or null when not measured then.</param>
/// <param name="Sparkline">The latest value of each sparkline week, oldest first; null for a week without one.</param>
public sealed record MetricFigure(string PolicySet, string Metric, ImmutableArray<string> Gates, ReviewMetric? ThisWeek, ReviewMetric? LastWeek, ImmutableArray<double?> Sparkline)
{
    /// <summary>Gets this week's value minus last week's, when both are known.</summary>
    public double? Delta => ThisWeek?.Number is { } now && LastWeek?.Number is { } before ? now - before : null;

    /// <summary>Gets how the change reads for this metric.</summary>
    public ChangeTone Tone => Delta is { } d ? MetricDirection.Judge(Metric, d) : ChangeTone.Flat;
}

/// <summary>A gate that failed in at least one run of the week.</summary>
/// <param name="PolicySet">The policy set.</param>
/// <param name="Gate">The gate.</param>
/// <param name="FailedRuns">How many runs it failed (or errored) in.</param>
/// <param name="Runs">How many runs of the week evaluated it.</param>
/// <param name="FirstSeen">The first failing run's time.</param>
/// <param name="LastSeen">The last failing run's time.</param>
/// <param name="LatestStatus">Its status in the week's latest run of the policy set.</param>
/// <param name="Observed">The observed value in the last failing run.</param>
/// <param name="Bound">The bound in the last failing run.</param>
public sealed record FailedGate(string PolicySet, string Gate, int FailedRuns, int Runs, DateTimeOffset FirstSeen, DateTimeOffset LastSeen, string LatestStatus, string? Observed, string? Bound)
{
    /// <summary>Gets a value indicating whether the week ended with the gate failing.</summary>
    public bool StillFailing => LatestStatus is "fail" or "error";
}

/// <summary>A finding of the week's runs.</summary>
/// <param name="PolicySet">The policy set.</param>
/// <param name="Name">The rule that produced it.</param>
/// <param name="Message">What was found, as the latest run said it.</param>
/// <param name="Group">The metric group, if known.</param>
/// <param name="Owner">The rule's owner, if declared.</param>
/// <param name="Runs">How many runs of the week reported it.</param>
/// <param name="New">True when no run of the week before reported it.</param>
public sealed record WeekFinding(string PolicySet, string Name, string Message, string? Group, string? Owner, int Runs, bool New);

/// <summary>Required controls covered: automated and evidenced.</summary>
/// <param name="Required">Required controls.</param>
/// <param name="Covered">Of those, automated and evidenced.</param>
public sealed record CoverageFigure(int Required, int Covered)
{
    /// <summary>Gets the covered share, or null when there is no required control.</summary>
    public double? Share => Required == 0 ? null : (double)Covered / Required;
}

/// <summary>One team's (control owner's) coverage.</summary>
/// <param name="Team">The owner, or <c>(no owner)</c>.</param>
/// <param name="ThisWeek">This week's coverage.</param>
/// <param name="LastWeek">Last week's coverage.</param>
public sealed record TeamCoverage(string Team, CoverageFigure ThisWeek, CoverageFigure LastWeek);

/// <summary>Coverage this week against last week, from each policy set's latest run of the week.</summary>
/// <param name="ThisWeek">This week, overall.</param>
/// <param name="LastWeek">Last week, overall.</param>
/// <param name="Teams">By team (control owner), by name.</param>
/// <param name="PullsDown">The team with the most required controls not covered this week, when coverage is below 100%.</param>
public sealed record CoverageComparison(CoverageFigure ThisWeek, CoverageFigure LastWeek, ImmutableArray<TeamCoverage> Teams, string? PullsDown);

/// <summary>A waiver that is about to expire, or has expired and is still declared.</summary>
/// <param name="PolicySet">The policy set that declares it.</param>
/// <param name="Waiver">The waiver, as the week's latest run saw it.</param>
/// <param name="Expired">True when it expired before the week's end.</param>
/// <param name="Left">Its expiry minus the week's end (negative when expired).</param>
public sealed record WaiverDue(string PolicySet, ReviewWaiver Waiver, bool Expired, TimeSpan Left);
