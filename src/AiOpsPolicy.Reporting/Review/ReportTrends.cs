// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using System.Collections.Immutable;

namespace AiOpsPolicy.Reporting.Review;

/// <summary>
/// What a gate run's reports show of its history: control coverage per week and each of the run's
/// metrics per week over the last 12 weeks, this run included, and how this run differs from the
/// previous recorded run of its policy set. A week's figure is its latest run's, as in the weekly review.
/// </summary>
public sealed record ReportTrends
{
    /// <summary>How many weeks the trends cover, the run's own week included.</summary>
    public const int Weeks = 12;

    /// <summary>Gets the weeks covered, oldest first, the run's own week last.</summary>
    public ImmutableArray<IsoWeek> Window { get; init; } = [];

    /// <summary>Gets required control coverage in each week of the window that has a run, oldest first.</summary>
    public ImmutableArray<CoverageTrendPoint> Coverage { get; init; } = [];

    /// <summary>Gets one series per metric of the run's gates (those with a numeric value), in gate order.</summary>
    public ImmutableArray<MetricTrendSeries> Metrics { get; init; } = [];

    /// <summary>Gets how this run differs from the previous recorded run of its policy set, or null when there is none.</summary>
    public RunComparison? SincePrevious { get; init; }

    /// <summary>Builds the trends of a run from the runs recorded before it.</summary>
    /// <param name="history">Recorded runs (runs of other policy sets, and runs at or after the current one, are ignored).</param>
    /// <param name="current">The run being reported.</param>
    /// <returns>The trends.</returns>
    public static ReportTrends Build(IEnumerable<ReviewRun> history, ReviewRun current)
    {
        ArgumentNullException.ThrowIfNull(history);
        ArgumentNullException.ThrowIfNull(current);
        var week = IsoWeek.Containing(current.RecordedAt);
        var window = new List<IsoWeek> { week };
        while (window.Count < Weeks)
        {
            window.Insert(0, window[0].Previous);
        }

        var earlier = history
            .Where(r => string.Equals(r.PolicySet, current.PolicySet, StringComparison.Ordinal) && r.RecordedAt < current.RecordedAt
                && !string.Equals(r.RunId, current.RunId, StringComparison.Ordinal))
            .OrderBy(r => r.RecordedAt)
            .ThenBy(r => r.RunId, StringComparer.Ordinal)
            .ToList();
        var runs = earlier.Where(r => r.RecordedAt >= window[0].Start).Append(current).ToList();
        var coverage = window
            .Select(w => (Week: w, Latest: runs.LastOrDefault(r => w.Contains(r.RecordedAt))))
            .Where(x => x.Latest is not null)
            .Select(x => new CoverageTrendPoint(x.Week, WeeklyReview.Figure(x.Latest?.Controls ?? [])))
            .ToImmutableArray();
        var byWeek = window.Select(w => (Week: w, Values: WeeklyReview.LatestMetrics(runs.Where(r => w.Contains(r.RecordedAt))))).ToList();
        var series = new List<MetricTrendSeries>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var gate in current.Gates)
        {
            foreach (var metric in gate.Metrics.Where(m => m.Number is not null && seen.Add(m.Name)))
            {
                var key = (current.PolicySet, metric.Name);
                var points = byWeek
                    .Where(x => x.Values.ContainsKey(key))
                    .Select(x => new MetricTrendPoint(x.Week, x.Values[key].Metric.Number ?? 0, x.Values[key].Metric.Value))
                    .ToImmutableArray();
                series.Add(new MetricTrendSeries(gate.Name, metric.Name, metric.Kind, points));
            }
        }

        return new ReportTrends
        {
            Window = [.. window],
            Coverage = coverage,
            Metrics = [.. series],
            SincePrevious = earlier.Count == 0 ? null : RunComparison.Compare(earlier[^1], current),
        };
    }
}

/// <summary>Required control coverage in one week.</summary>
/// <param name="Week">The week.</param>
/// <param name="Coverage">Its latest run's coverage.</param>
public sealed record CoverageTrendPoint(IsoWeek Week, CoverageFigure Coverage);

/// <summary>One metric's weekly values.</summary>
/// <param name="Gate">The gate of the current run that measures it.</param>
/// <param name="Metric">The metric, with its scope.</param>
/// <param name="Kind">The kind of quantity it is.</param>
/// <param name="Points">Its value in each week that has one, oldest first.</param>
public sealed record MetricTrendSeries(string Gate, string Metric, Core.Units.QuantityKind Kind, ImmutableArray<MetricTrendPoint> Points);

/// <summary>One metric's value in one week.</summary>
/// <param name="Week">The week.</param>
/// <param name="Value">The value as a number in its base unit.</param>
/// <param name="Text">The value as the engine rendered it.</param>
public sealed record MetricTrendPoint(IsoWeek Week, double Value, string Text);

/// <summary>How a run differs from an earlier run of the same policy set.</summary>
/// <param name="Previous">The earlier run's id.</param>
/// <param name="PreviousAt">The earlier run's evaluation time.</param>
/// <param name="ChangedGates">The gates whose status changed, in the current run's gate order.</param>
/// <param name="Moves">The metrics that moved, biggest relative move first.</param>
public sealed record RunComparison(string Previous, DateTimeOffset PreviousAt, ImmutableArray<GateChange> ChangedGates, ImmutableArray<MetricMove> Moves)
{
    /// <summary>Compares two runs.</summary>
    /// <param name="previous">The earlier run.</param>
    /// <param name="current">The later run.</param>
    /// <returns>The differences.</returns>
    public static RunComparison Compare(ReviewRun previous, ReviewRun current)
    {
        ArgumentNullException.ThrowIfNull(previous);
        ArgumentNullException.ThrowIfNull(current);
        var before = previous.Gates.GroupBy(g => g.Name, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        var changed = current.Gates
            .Where(g => before.TryGetValue(g.Name, out var b) && !string.Equals(b.Status, g.Status, StringComparison.Ordinal))
            .Select(g => new GateChange(g.Name, before[g.Name].Status, g.Status))
            .ToImmutableArray();
        var oldValues = previous.Gates.SelectMany(g => g.Metrics).Where(m => m.Number is not null)
            .GroupBy(m => m.Name, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        var moves = current.Gates.SelectMany(g => g.Metrics)
            .Where(m => m.Number is not null)
            .DistinctBy(m => m.Name, StringComparer.Ordinal)
            .Where(m => oldValues.ContainsKey(m.Name) && Math.Abs((m.Number ?? 0) - (oldValues[m.Name].Number ?? 0)) > 1e-9)
            .Select(m =>
            {
                var from = oldValues[m.Name];
                var delta = (m.Number ?? 0) - (from.Number ?? 0);
                var relative = from.Number is { } f && Math.Abs(f) > 1e-12 ? Math.Abs(delta / f) : double.PositiveInfinity;
                return new MetricMove(m.Name, from.Value, m.Value, relative, MetricDirection.Judge(m.Name, delta));
            })
            .OrderByDescending(m => m.Relative)
            .ThenBy(m => m.Metric, StringComparer.Ordinal)
            .ToImmutableArray();
        return new RunComparison(previous.RunId, previous.RecordedAt, changed, moves);
    }
}

/// <summary>A gate whose status changed between two runs.</summary>
/// <param name="Gate">The gate.</param>
/// <param name="From">Its status in the earlier run.</param>
/// <param name="To">Its status now.</param>
public sealed record GateChange(string Gate, string From, string To);

/// <summary>A metric that moved between two runs.</summary>
/// <param name="Metric">The metric.</param>
/// <param name="From">Its earlier value, as rendered.</param>
/// <param name="To">Its value now, as rendered.</param>
/// <param name="Relative">The size of the move relative to the earlier value (infinity when that was zero).</param>
/// <param name="Tone">Whether the move is for the better.</param>
public sealed record MetricMove(string Metric, string From, string To, double Relative, ChangeTone Tone);
