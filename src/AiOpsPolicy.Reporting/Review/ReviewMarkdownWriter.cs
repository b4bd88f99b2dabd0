// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using System.Text;

namespace AiOpsPolicy.Reporting.Review;

/// <summary>
/// The weekly review as Markdown, for a pull request comment, a wiki page or a CI job summary: the
/// verdict, the five metric groups with this week against last and a text sparkline, the gates that
/// failed, the findings, control coverage by team and the waivers about to expire. Deterministic.
/// </summary>
public sealed class ReviewMarkdownWriter
{
    /// <summary>Gets the file name the review is written to by default.</summary>
    public static string DefaultFileName => "aiops-policy-review.md";

    /// <summary>Writes the review.</summary>
    /// <param name="review">The review.</param>
    /// <param name="output">Where to write (UTF-8, no byte order mark).</param>
    public static void Write(WeeklyReview review, Stream output)
    {
        ArgumentNullException.ThrowIfNull(review);
        ArgumentNullException.ThrowIfNull(output);
        var md = new StringBuilder(16 * 1024);
        md.Append("# Weekly review: ").Append(review.Week).Append(" (").Append(review.Week.Dates()).Append(")\n\n");
        md.Append("**").Append(E(ReviewText.Verdict(review))).Append("**\n");
        if (!review.IsEmpty)
        {
            var multi = review.PolicySets.Length > 1;
            md.Append("\nEach figure is the value in the latest run of the week that measured it, compared with ").Append(review.Week.Previous)
                .Append(". The last column shows the weeks ").Append(review.SparklineWeeks[0]).Append(" to ").Append(review.Week)
                .Append(" (· = no run that week).\n");
            foreach (var group in review.Groups)
            {
                Group(md, group, multi);
            }

            FailedGates(md, review, multi);
            Findings(md, review, multi);
            Coverage(md, review);
            Waivers(md, review);
        }

        var bytes = new UTF8Encoding(false).GetBytes(md.ToString());
        output.Write(bytes, 0, bytes.Length);
    }

    private static void Group(StringBuilder md, GroupFigures group, bool multi)
    {
        md.Append("\n## ").Append(group.Title).Append("\n\n");
        if (group.Metrics.Length == 0)
        {
            md.Append("No gate measured this group in either week.\n");
            return;
        }

        md.Append(multi ? "| Metric | Policy set |" : "| Metric |").Append(" This week | Last week | Change | Trend |\n")
            .Append(multi ? "|---|---|" : "|---|").Append("---:|---:|---|---|\n");
        foreach (var figure in group.Metrics)
        {
            md.Append("| ").Append(E(figure.Metric)).Append(" <br>").Append(E(ReviewText.Direction(figure.Metric))).Append(" |");
            if (multi)
            {
                md.Append(' ').Append(E(figure.PolicySet)).Append(" |");
            }

            var change = ReviewText.Change(figure);
            var arrow = ReviewText.Arrow(figure);
            var tone = figure.Tone is ChangeTone.Better or ChangeTone.Worse ? ", " + (figure.Tone == ChangeTone.Worse ? "**worse**" : "better") : string.Empty;
            md.Append(' ').Append(E(figure.ThisWeek?.Value ?? "–")).Append(" | ").Append(E(figure.LastWeek?.Value ?? "–")).Append(" | ")
                .Append(arrow.Length > 0 ? arrow + " " : string.Empty).Append(E(change)).Append(tone).Append(" | ")
                .Append(ReviewText.Sparkline(figure.Sparkline)).Append(" |\n");
        }
    }

    private static void FailedGates(StringBuilder md, WeeklyReview review, bool multi)
    {
        md.Append("\n## Gates that failed\n\n");
        if (review.FailedGates.Length == 0)
        {
            md.Append("No gate failed in ").Append(review.Week).Append(".\n");
            return;
        }

        md.Append(multi ? "| Gate | Policy set |" : "| Gate |").Append(" Failed runs | First seen | Last seen | Last observed | Week ended |\n")
            .Append(multi ? "|---|---|" : "|---|").Append("---:|---|---|---|---|\n");
        foreach (var gate in review.FailedGates)
        {
            md.Append("| ").Append(E(gate.Gate)).Append(" |");
            if (multi)
            {
                md.Append(' ').Append(E(gate.PolicySet)).Append(" |");
            }

            md.Append(' ').Append(gate.FailedRuns).Append(" of ").Append(gate.Runs).Append(" | ").Append(ReviewText.Time(gate.FirstSeen)).Append(" | ")
                .Append(ReviewText.Time(gate.LastSeen)).Append(" | ").Append(E(gate.Observed ?? "–")).Append(gate.Bound is null ? string.Empty : ", bound " + E(gate.Bound))
                .Append(" | ").Append(gate.StillFailing ? "**still " + E(gate.LatestStatus) + "**" : E(gate.LatestStatus)).Append(" |\n");
        }
    }

    private static void Findings(StringBuilder md, WeeklyReview review, bool multi)
    {
        md.Append("\n## Findings\n\n");
        if (review.Findings.Length == 0)
        {
            md.Append("The week's runs reported no findings.\n");
            return;
        }

        foreach (var finding in review.Findings)
        {
            md.Append("- ").Append(finding.New ? "**New:** " : "Also last week: ").Append('`').Append(E(finding.Name)).Append("`: ").Append(E(finding.Message))
                .Append(" (").Append(ReviewText.Plural(finding.Runs, "run"));
            if (multi)
            {
                md.Append(", ").Append(E(finding.PolicySet));
            }

            if (finding.Owner is not null)
            {
                md.Append(", owner ").Append(E(finding.Owner));
            }

            md.Append(")\n");
        }
    }

    private static void Coverage(StringBuilder md, WeeklyReview review)
    {
        var coverage = review.Coverage;
        md.Append("\n## Control coverage\n\n")
            .Append("Required controls automated and evidenced, in each policy set's latest run of the week: **").Append(ReviewText.Coverage(coverage.ThisWeek))
            .Append("**, last week ").Append(ReviewText.Coverage(coverage.LastWeek)).Append(" (").Append(ReviewText.CoverageChange(coverage.ThisWeek, coverage.LastWeek)).Append("). ")
            .Append(E(ReviewText.PullsDown(coverage))).Append('\n');
        if (coverage.Teams.Length == 0)
        {
            return;
        }

        md.Append("\n| Team | This week | Last week | Change |\n|---|---:|---:|---|\n");
        foreach (var team in coverage.Teams)
        {
            md.Append("| ").Append(E(team.Team)).Append(team.Team == coverage.PullsDown ? " (pulls it down)" : string.Empty).Append(" | ")
                .Append(ReviewText.Coverage(team.ThisWeek)).Append(" | ").Append(ReviewText.Coverage(team.LastWeek)).Append(" | ")
                .Append(ReviewText.CoverageChange(team.ThisWeek, team.LastWeek)).Append(" |\n");
        }
    }

    private static void Waivers(StringBuilder md, WeeklyReview review)
    {
        md.Append("\n## Waivers about to expire\n\n");
        if (review.Waivers.Length == 0)
        {
            md.Append("No waiver expires within 14 days of the week's end, and none has expired.\n");
            return;
        }

        md.Append("| Waiver | Policy set | Owner | Gates | State | Ticket |\n|---|---|---|---|---|---|\n");
        foreach (var due in review.Waivers)
        {
            md.Append("| ").Append(E(due.Waiver.Name)).Append(" | ").Append(E(due.PolicySet)).Append(" | ").Append(E(due.Waiver.Owner)).Append(" | ")
                .Append(E(string.Join(", ", due.Waiver.Gates))).Append(" | ").Append(due.Expired ? "**" + E(ReviewText.WaiverState(due)) + "**" : E(ReviewText.WaiverState(due)))
                .Append(" | ").Append(E(due.Waiver.Ticket)).Append(" |\n");
        }
    }

    private static string E(string text) => MarkdownReportWriter.Escape(text);
}
