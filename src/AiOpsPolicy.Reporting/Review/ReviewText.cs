// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using System.Globalization;
using AiOpsPolicy.Core.Units;

namespace AiOpsPolicy.Reporting.Review;

/// <summary>The words and numbers the review's writers share, so the HTML and Markdown pages say the same thing.</summary>
internal static class ReviewText
{
    private const string Blocks = "▁▂▃▄▅▆▇█";

    public static string Plural(int count, string noun) =>
        count.ToString(CultureInfo.InvariantCulture) + " " + noun + (count == 1 ? string.Empty : "s");

    public static string Percent(double? share) =>
        share is { } s ? (s * 100).ToString("0.#", CultureInfo.InvariantCulture) + "%" : "n/a";

    public static string Time(DateTimeOffset time) => time.ToUniversalTime().ToString("ddd d MMM HH:mm'Z'", CultureInfo.InvariantCulture);

    public static string Date(DateTimeOffset time) => time.ToUniversalTime().ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>The verdict line: how many runs, how many blocked, the scores.</summary>
    public static string Verdict(WeeklyReview review)
    {
        if (review.IsEmpty)
        {
            return $"No runs were recorded in {review.Week} ({review.Week.Dates()}): there is nothing to review for this week.";
        }

        var sets = review.PolicySets.Length == 1 ? $"of {review.PolicySets[0]}" : $"of {Plural(review.PolicySets.Length, "policy set")}";
        var blocked = review.BlockedRuns == 0 ? "none blocked" : $"{review.BlockedRuns} blocked";
        var text = $"{Plural(review.Runs, "run")} {sets} in {review.Week}; {blocked}";
        if (review.Scores.Length > 0)
        {
            text += "; score " + string.Join(", ", review.Scores.Select(s =>
                (review.Scores.Length > 1 ? s.PolicySet + " " : string.Empty) + Percent(s.Score)
                + (s.Status is null ? string.Empty : " (" + s.Status + ")")
                + (s.PreviousScore is { } p ? ", last week " + Percent(p) : string.Empty)));
        }

        return text + ".";
    }

    /// <summary>The change as it reads: percentage points for shares, a duration for times, the difference and its ratio for numbers.</summary>
    public static string Change(MetricFigure figure)
    {
        if (figure.Delta is not { } delta || figure.ThisWeek is not { } now || figure.LastWeek is not { Number: { } before })
        {
            return figure.ThisWeek is null ? "not measured" : figure.LastWeek is null ? "new" : "n/a";
        }

        if (Math.Abs(delta) < 1e-9)
        {
            return "no change";
        }

        var sign = delta > 0 ? "+" : "−";
        var magnitude = Math.Abs(delta);
        var text = now.Kind switch
        {
            QuantityKind.Percentage => sign + (magnitude * 100).ToString("0.##", CultureInfo.InvariantCulture) + " pp",
            QuantityKind.Duration => sign + UnitFormat.Duration(TimeSpan.FromSeconds(magnitude)),
            _ => sign + UnitFormat.Number(magnitude),
        };
        if (now.Kind != QuantityKind.Percentage && before != 0)
        {
            text += " (" + sign + (magnitude / Math.Abs(before) * 100).ToString("0", CultureInfo.InvariantCulture) + "%)";
        }

        return text;
    }

    /// <summary>An arrow for the direction of a change.</summary>
    public static string Arrow(MetricFigure figure) => figure.Delta switch
    {
        null => string.Empty,
        var d when Math.Abs(d.Value) < 1e-9 => "→",
        > 0 => "▲",
        _ => "▼",
    };

    /// <summary>How a change reads, in words.</summary>
    public static string Tone(ChangeTone tone) => tone switch
    {
        ChangeTone.Better => "better",
        ChangeTone.Worse => "worse",
        ChangeTone.Neutral => "changed",
        _ => "steady",
    };

    /// <summary>Which way is good for a metric, in words.</summary>
    public static string Direction(string metric) => MetricDirection.HigherIsBetter(metric) switch
    {
        true => "higher is better",
        false => "lower is better",
        null => "no preferred direction",
    };

    /// <summary>A text sparkline: one block per week, a middle dot for a week without a figure.</summary>
    public static string Sparkline(IReadOnlyList<double?> values)
    {
        var known = values.OfType<double>().ToList();
        if (known.Count == 0)
        {
            return string.Empty;
        }

        var lo = known.Min();
        var hi = known.Max();
        return string.Concat(values.Select(v => v is not { } x ? '·'
            : hi - lo < 1e-12 ? Blocks[3]
            : Blocks[(int)Math.Round((x - lo) / (hi - lo) * (Blocks.Length - 1))]));
    }

    public static string Coverage(CoverageFigure figure) =>
        figure.Required == 0 ? "n/a" : $"{Percent(figure.Share)} ({figure.Covered} of {figure.Required})";

    public static string CoverageChange(CoverageFigure now, CoverageFigure before)
    {
        if (now.Share is not { } n || before.Share is not { } b)
        {
            return "n/a";
        }

        var delta = (n - b) * 100;
        return Math.Abs(delta) < 0.05 ? "no change" : (delta > 0 ? "▲ +" : "▼ −") + Math.Abs(delta).ToString("0.#", CultureInfo.InvariantCulture) + " pp";
    }

    public static ChangeTone CoverageTone(CoverageFigure now, CoverageFigure before) =>
        now.Share is { } n && before.Share is { } b && Math.Abs(n - b) > 1e-9 ? (n > b ? ChangeTone.Better : ChangeTone.Worse) : ChangeTone.Flat;

    public static string PullsDown(CoverageComparison coverage)
    {
        if (coverage.PullsDown is not { } team)
        {
            return coverage.ThisWeek.Required == 0 ? "No required control was recorded this week." : "Every required control is automated and evidenced.";
        }

        var figure = coverage.Teams.First(t => t.Team == team).ThisWeek;
        var missing = figure.Required - figure.Covered;
        return $"{team} pulls coverage down: {Plural(missing, "required control")} not automated and evidenced ({figure.Covered} of {figure.Required} covered).";
    }

    public static string WaiverState(WaiverDue due) =>
        due.Expired
            ? "expired (applied through " + Core.Results.WaiverExpiry.LastDay(due.Waiver.Expires) + "), still declared"
            : "applies through " + Core.Results.WaiverExpiry.LastDay(due.Waiver.Expires) + " (expires " + UnitFormat.Duration(due.Left) + " after the week's end)";
}
