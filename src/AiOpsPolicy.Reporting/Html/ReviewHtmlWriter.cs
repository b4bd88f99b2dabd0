// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using System.Text;
using AiOpsPolicy.Reporting.Review;

namespace AiOpsPolicy.Reporting.Html;

/// <summary>
/// The weekly review as one self-contained HTML page: the same content as the Markdown review, with
/// coloured changes and SVG sparklines. Like the gate report it loads nothing, runs no script, escapes
/// every string and writes the same bytes for the same review.
/// </summary>
public sealed class ReviewHtmlWriter
{
    private const string ExtraCss = """
.review-head { border-left-color: var(--waived); }
.review-head.has-blocked { border-left-color: var(--fail); }
.review-head .verdict { font-size: 34px; color: var(--ink); }
.kpis { list-style: none; margin: 0; padding: 0; display: grid; grid-template-columns: repeat(3, minmax(0, 1fr)); gap: 12px; align-content: start; }
.kpi { border: 1px solid var(--line); border-radius: 8px; padding: 10px 14px; display: flex; flex-direction: column; }
.kpi-value { font-size: 26px; font-weight: 700; line-height: 1.1; }
.kpi-label { font-size: 12px; color: var(--muted); }
.tone-better { color: var(--pass); font-weight: 600; } .tone-worse { color: var(--fail); font-weight: 600; }
.tone-neutral { color: var(--waived); font-weight: 600; } .tone-flat { color: var(--muted); }
.metric-table td.spark-cell { width: 132px; }
.metric-table th:nth-child(1) { width: 34%; }
svg.spark { display: block; }
.pill-new { background: #fde8e6; color: #8c2620; border-radius: 4px; padding: 0 6px; font-size: 11px; font-weight: 700; text-transform: uppercase; letter-spacing: 0.04em; }
.pill-repeat { background: #eef1f5; color: var(--muted); border-radius: 4px; padding: 0 6px; font-size: 11px; font-weight: 700; text-transform: uppercase; letter-spacing: 0.04em; }
ul.findings { list-style: none; margin: 8px 0 0; padding: 0; display: grid; gap: 8px; }
ul.findings li { border: 1px solid var(--line); border-radius: 8px; padding: 8px 12px; }
tr.pulls-down th { box-shadow: inset 4px 0 0 var(--fail); }
@media (max-width: 760px) { .kpis { grid-template-columns: 1fr 1fr; } }

""";

    /// <summary>Gets the file name the review is written to by default.</summary>
    public static string DefaultFileName => "aiops-policy-review.html";

    /// <summary>Writes the review.</summary>
    /// <param name="review">The review.</param>
    /// <param name="engineVersion">The engine version, named in the page's generator tag and footer.</param>
    /// <param name="output">Where to write (UTF-8, no byte order mark).</param>
    public static void Write(WeeklyReview review, string engineVersion, Stream output)
    {
        ArgumentNullException.ThrowIfNull(review);
        ArgumentNullException.ThrowIfNull(output);
        var html = new StringBuilder(64 * 1024);
        var title = "AiOpsPolicy weekly review: " + review.Week;
        html.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
            .Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
            .Append("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; img-src data:\">\n")
            .Append("<meta name=\"generator\" content=\"AiOpsPolicy ").Append(HtmlText.Encode(engineVersion)).Append("\">\n")
            .Append("<title>").Append(HtmlText.Encode(title)).Append("</title>\n<style>\n").Append(ReportStyles.Css).Append(ExtraCss).Append("</style>\n</head>\n<body>\n")
            .Append("<main class=\"page\">\n");
        Header(html, review);
        if (!review.IsEmpty)
        {
            html.Append("<nav class=\"toc\" aria-label=\"Sections\"><ul>\n");
            foreach (var group in review.Groups)
            {
                html.Append("<li><a href=\"#group-").Append(group.Id).Append("\">").Append(HtmlText.Encode(group.Title)).Append("</a></li>\n");
            }

            html.Append("<li><a href=\"#failed\">Gates that failed</a></li>\n<li><a href=\"#findings\">Findings</a></li>\n")
                .Append("<li><a href=\"#coverage\">Control coverage</a></li>\n<li><a href=\"#waivers\">Waivers</a></li>\n</ul></nav>\n");
            var multi = review.PolicySets.Length > 1;
            foreach (var group in review.Groups)
            {
                Group(html, review, group, multi);
            }

            FailedGates(html, review, multi);
            Findings(html, review, multi);
            Coverage(html, review);
            Waivers(html, review);
        }

        html.Append("<footer class=\"footer\">Written by AiOpsPolicy ").Append(HtmlText.Encode(engineVersion)).Append(" from the runs recorded in ")
            .Append(review.Week.Previous).Append(" and ").Append(review.Week).Append(". This file is self-contained: it loads nothing and runs no script.</footer>\n")
            .Append("</main>\n</body>\n</html>\n");
        var bytes = new UTF8Encoding(false).GetBytes(html.ToString());
        output.Write(bytes, 0, bytes.Length);
    }

    private static void Header(StringBuilder html, WeeklyReview review)
    {
        html.Append("<header class=\"decision review-head").Append(review.BlockedRuns > 0 ? " has-blocked" : string.Empty)
            .Append("\" id=\"verdict\" data-testid=\"review-verdict\">\n<div class=\"decision-main\">\n<p class=\"eyebrow\">Weekly review · ")
            .Append(review.Week).Append(" · ").Append(HtmlText.Encode(review.Week.Dates())).Append("</p>\n<p class=\"verdict\">").Append(HtmlText.Encode(Headline(review))).Append("</p>\n<p class=\"verdict-why\">")
            .Append(HtmlText.Encode(ReviewText.Verdict(review))).Append("</p>\n</div>\n");
        if (review.IsEmpty)
        {
            html.Append("</header>\n<section class=\"card\" id=\"empty\"><p class=\"empty\" data-testid=\"review-empty\">Record runs with <code>aiops-policy gate --record</code>; the review of a week with runs shows each metric against the week before.</p></section>\n");
            return;
        }

        html.Append("<ul class=\"kpis\">\n");
        Kpi(html, HtmlText.Int(review.Runs), "runs this week (" + HtmlText.Int(review.PreviousRuns) + " last week)", string.Empty);
        Kpi(html, HtmlText.Int(review.BlockedRuns), "blocked", review.BlockedRuns > 0 ? "tone-worse" : string.Empty);
        Kpi(html, HtmlText.Encode(ReviewText.Percent(review.Coverage.ThisWeek.Share)), "control coverage", ToneClass(ReviewText.CoverageTone(review.Coverage.ThisWeek, review.Coverage.LastWeek)));
        foreach (var score in review.Scores)
        {
            var tone = score.PreviousScore is { } p && Math.Abs(score.Score - p) > 1e-9 ? (score.Score > p ? ChangeTone.Better : ChangeTone.Worse) : ChangeTone.Flat;
            Kpi(html, HtmlText.Encode(ReviewText.Percent(score.Score)), "score" + (review.Scores.Length > 1 ? " of " + score.PolicySet : string.Empty) + (score.Status is null ? string.Empty : " (" + score.Status + ")"), ToneClass(tone));
        }

        Kpi(html, HtmlText.Int(review.FailedGates.Length), "gates failed", review.FailedGates.Length > 0 ? "tone-worse" : string.Empty);
        Kpi(html, HtmlText.Int(review.Findings.Count(f => f.New)), "new findings", string.Empty);
        html.Append("</ul>\n</header>\n");
    }

    private static string Headline(WeeklyReview review) =>
        review.IsEmpty ? "No runs"
        : review.BlockedRuns == 0 ? (review.Runs == 1 ? "1 run, allowed" : $"All {review.Runs} runs allowed")
        : $"{review.BlockedRuns} of {ReviewText.Plural(review.Runs, "run")} blocked";

    private static void Kpi(StringBuilder html, string encodedValue, string label, string toneClass) =>
        html.Append("<li class=\"kpi\"><span class=\"kpi-value ").Append(toneClass).Append("\">").Append(encodedValue).Append("</span><span class=\"kpi-label\">")
            .Append(HtmlText.Encode(label)).Append("</span></li>\n");

    private static void Group(StringBuilder html, WeeklyReview review, GroupFigures group, bool multi)
    {
        html.Append("<section id=\"group-").Append(group.Id).Append("\" class=\"card\" data-group=\"").Append(group.Id).Append("\" aria-labelledby=\"group-").Append(group.Id).Append("-h\">\n<h2 id=\"group-")
            .Append(group.Id).Append("-h\">").Append(HtmlText.Encode(group.Title)).Append("</h2>\n");
        if (group.Metrics.Length == 0)
        {
            html.Append("<p class=\"empty\">No gate measured this group in either week.</p>\n</section>\n");
            return;
        }

        html.Append("<div class=\"table-wrap\">\n<table class=\"metric-table\">\n<caption>").Append(HtmlText.Encode(group.Title))
            .Append(": the latest value of ").Append(review.Week).Append(" against ").Append(review.Week.Previous).Append("; the trend covers ")
            .Append(review.SparklineWeeks[0]).Append(" to ").Append(review.Week).Append("</caption>\n<thead><tr><th scope=\"col\">Metric</th>")
            .Append(multi ? "<th scope=\"col\">Policy set</th>" : string.Empty)
            .Append("<th scope=\"col\">This week</th><th scope=\"col\">Last week</th><th scope=\"col\">Change</th><th scope=\"col\">Trend</th></tr></thead>\n<tbody>\n");
        foreach (var figure in group.Metrics)
        {
            html.Append("<tr data-metric=\"").Append(HtmlText.Encode(figure.Metric)).Append("\" data-tone=\"").Append(ToneName(figure.Tone)).Append("\">\n<th scope=\"row\"><span class=\"gate-name\">")
                .Append(HtmlText.Encode(figure.Metric)).Append("</span><span class=\"sub\">").Append(HtmlText.Encode(ReviewText.Direction(figure.Metric)))
                .Append(" · gate ").Append(HtmlText.Encode(string.Join(", ", figure.Gates))).Append("</span></th>\n");
            if (multi)
            {
                html.Append("<td>").Append(HtmlText.Encode(figure.PolicySet)).Append("</td>\n");
            }

            var arrow = ReviewText.Arrow(figure);
            html.Append("<td class=\"num\"><strong>").Append(HtmlText.Encode(figure.ThisWeek?.Value ?? "–")).Append("</strong></td>\n<td class=\"num\">")
                .Append(HtmlText.Encode(figure.LastWeek?.Value ?? "–")).Append("</td>\n<td class=\"num ").Append(ToneClass(figure.Tone)).Append("\">")
                .Append(arrow.Length > 0 ? "<span aria-hidden=\"true\">" + arrow + "</span> " : string.Empty).Append(HtmlText.Encode(ReviewText.Change(figure)));
            if (figure.Tone is ChangeTone.Better or ChangeTone.Worse)
            {
                html.Append(" <span class=\"sub-inline\">").Append(ReviewText.Tone(figure.Tone)).Append("</span>");
            }

            html.Append("</td>\n<td class=\"spark-cell\">");
            SvgCharts.Sparkline(html, figure.Metric, review.SparklineWeeks, figure.Sparkline, figure.ThisWeek?.Kind ?? figure.LastWeek?.Kind ?? Core.Units.QuantityKind.Number);
            html.Append("</td>\n</tr>\n");
        }

        html.Append("</tbody>\n</table>\n</div>\n</section>\n");
    }

    private static void FailedGates(StringBuilder html, WeeklyReview review, bool multi)
    {
        html.Append("<section id=\"failed\" class=\"card\" aria-labelledby=\"failed-h\">\n<h2 id=\"failed-h\">Gates that failed</h2>\n");
        if (review.FailedGates.Length == 0)
        {
            html.Append("<p class=\"empty\">No gate failed in ").Append(review.Week).Append(".</p>\n</section>\n");
            return;
        }

        html.Append("<div class=\"table-wrap\">\n<table id=\"failed-table\" data-testid=\"failed-table\">\n<caption>Gates that failed or errored in at least one run of ").Append(review.Week)
            .Append("; those still failing at the week's end first</caption>\n<thead><tr><th scope=\"col\">Gate</th>").Append(multi ? "<th scope=\"col\">Policy set</th>" : string.Empty)
            .Append("<th scope=\"col\">Failed runs</th><th scope=\"col\">First seen</th><th scope=\"col\">Last seen</th><th scope=\"col\">Last observed</th><th scope=\"col\">Week ended</th></tr></thead>\n<tbody>\n");
        foreach (var gate in review.FailedGates)
        {
            html.Append("<tr class=\"row-").Append(gate.StillFailing ? "fail" : "pass").Append("\" data-gate=\"").Append(HtmlText.Encode(gate.Gate)).Append("\">\n<th scope=\"row\"><span class=\"gate-name\">")
                .Append(HtmlText.Encode(gate.Gate)).Append("</span></th>\n");
            if (multi)
            {
                html.Append("<td>").Append(HtmlText.Encode(gate.PolicySet)).Append("</td>\n");
            }

            html.Append("<td class=\"num\">").Append(HtmlText.Int(gate.FailedRuns)).Append(" of ").Append(HtmlText.Int(gate.Runs)).Append("</td>\n<td>")
                .Append(Time(gate.FirstSeen)).Append("</td>\n<td>").Append(Time(gate.LastSeen)).Append("</td>\n<td class=\"num\">")
                .Append(HtmlText.Encode(gate.Observed ?? "–")).Append(gate.Bound is null ? string.Empty : "<span class=\"sub\">bound " + HtmlText.Encode(gate.Bound) + "</span>")
                .Append("</td>\n<td>").Append(gate.StillFailing ? "<span class=\"tone-worse\">still " + HtmlText.Encode(gate.LatestStatus) + "</span>" : HtmlText.Encode(gate.LatestStatus))
                .Append("</td>\n</tr>\n");
        }

        html.Append("</tbody>\n</table>\n</div>\n</section>\n");
    }

    private static void Findings(StringBuilder html, WeeklyReview review, bool multi)
    {
        html.Append("<section id=\"findings\" class=\"card\" aria-labelledby=\"findings-h\">\n<h2 id=\"findings-h\">Findings</h2>\n");
        if (review.Findings.Length == 0)
        {
            html.Append("<p class=\"empty\">The week's runs reported no findings.</p>\n</section>\n");
            return;
        }

        html.Append("<p class=\"lede\">Observations the policies report without blocking; <em>new</em> ones were not reported in ").Append(review.Week.Previous).Append(".</p>\n<ul class=\"findings\" data-testid=\"findings\">\n");
        foreach (var finding in review.Findings)
        {
            html.Append("<li data-finding=\"").Append(HtmlText.Encode(finding.Name)).Append("\" data-new=\"").Append(finding.New ? "true" : "false").Append("\">")
                .Append(finding.New ? "<span class=\"pill-new\">new</span> " : "<span class=\"pill-repeat\">also last week</span> ")
                .Append("<code>").Append(HtmlText.Encode(finding.Name)).Append("</code> ").Append(HtmlText.Encode(finding.Message))
                .Append(" <span class=\"sub-inline\">").Append(HtmlText.Encode(ReviewText.Plural(finding.Runs, "run")))
                .Append(multi ? " · " + HtmlText.Encode(finding.PolicySet) : string.Empty)
                .Append(finding.Owner is null ? string.Empty : " · owner " + HtmlText.Encode(finding.Owner)).Append("</span></li>\n");
        }

        html.Append("</ul>\n</section>\n");
    }

    private static void Coverage(StringBuilder html, WeeklyReview review)
    {
        var coverage = review.Coverage;
        var tone = ReviewText.CoverageTone(coverage.ThisWeek, coverage.LastWeek);
        html.Append("<section id=\"coverage\" class=\"card\" aria-labelledby=\"coverage-h\">\n<h2 id=\"coverage-h\">Control coverage</h2>\n")
            .Append("<p class=\"lede\">Required controls that are automated and evidenced, in each policy set's latest run of the week.</p>\n")
            .Append("<div class=\"coverage-layout\">\n<div class=\"stat\" data-testid=\"review-coverage\"><span class=\"stat-value\">").Append(HtmlText.Encode(ReviewText.Percent(coverage.ThisWeek.Share)))
            .Append("</span><span class=\"stat-label ").Append(ToneClass(tone)).Append("\">").Append(HtmlText.Encode(ReviewText.CoverageChange(coverage.ThisWeek, coverage.LastWeek)))
            .Append("</span><span class=\"stat-detail\">").Append(HtmlText.Encode(ReviewText.Coverage(coverage.ThisWeek))).Append("; last week ")
            .Append(HtmlText.Encode(ReviewText.Coverage(coverage.LastWeek))).Append("</span></div>\n<div>\n<p data-testid=\"pulls-down\"><strong>")
            .Append(HtmlText.Encode(ReviewText.PullsDown(coverage))).Append("</strong></p>\n");
        if (coverage.Teams.Length > 0)
        {
            html.Append("<div class=\"table-wrap\">\n<table id=\"team-coverage-table\">\n<caption>Coverage by team (control owner)</caption>\n")
                .Append("<thead><tr><th scope=\"col\">Team</th><th scope=\"col\">This week</th><th scope=\"col\">Last week</th><th scope=\"col\">Change</th></tr></thead>\n<tbody>\n");
            foreach (var team in coverage.Teams)
            {
                var pulls = team.Team == coverage.PullsDown;
                html.Append("<tr").Append(pulls ? " class=\"pulls-down\"" : string.Empty).Append(" data-team=\"").Append(HtmlText.Encode(team.Team)).Append("\">\n<th scope=\"row\">")
                    .Append(HtmlText.Encode(team.Team)).Append(pulls ? "<span class=\"sub\">pulls coverage down</span>" : string.Empty).Append("</th>\n<td class=\"num\">")
                    .Append(HtmlText.Encode(ReviewText.Coverage(team.ThisWeek))).Append("</td>\n<td class=\"num\">").Append(HtmlText.Encode(ReviewText.Coverage(team.LastWeek)))
                    .Append("</td>\n<td class=\"num ").Append(ToneClass(ReviewText.CoverageTone(team.ThisWeek, team.LastWeek))).Append("\">")
                    .Append(HtmlText.Encode(ReviewText.CoverageChange(team.ThisWeek, team.LastWeek))).Append("</td>\n</tr>\n");
            }

            html.Append("</tbody>\n</table>\n</div>\n");
        }

        html.Append("</div>\n</div>\n</section>\n");
    }

    private static void Waivers(StringBuilder html, WeeklyReview review)
    {
        html.Append("<section id=\"waivers\" class=\"card\" aria-labelledby=\"waivers-h\">\n<h2 id=\"waivers-h\">Waivers about to expire</h2>\n");
        if (review.Waivers.Length == 0)
        {
            html.Append("<p class=\"empty\">No waiver expires within 14 days of the week's end, and none has expired.</p>\n</section>\n");
            return;
        }

        html.Append("<div class=\"table-wrap\">\n<table id=\"review-waivers-table\" data-testid=\"review-waivers-table\">\n<caption>Waivers that expire within 14 days of ")
            .Append(HtmlText.Encode(ReviewText.Date(review.Week.End.AddDays(-1)))).Append(", and expired waivers the policies still declare, soonest first</caption>\n")
            .Append("<thead><tr><th scope=\"col\">Waiver</th><th scope=\"col\">Policy set</th><th scope=\"col\">Owner</th><th scope=\"col\">Gates</th><th scope=\"col\">State</th><th scope=\"col\">Ticket</th></tr></thead>\n<tbody>\n");
        foreach (var due in review.Waivers)
        {
            var state = due.Expired ? "expired" : "expiring";
            html.Append("<tr class=\"w-").Append(state).Append("\" data-state=\"").Append(state).Append("\">\n<th scope=\"row\">").Append(HtmlText.Encode(due.Waiver.Name))
                .Append("</th>\n<td>").Append(HtmlText.Encode(due.PolicySet)).Append("</td>\n<td>").Append(HtmlText.Encode(due.Waiver.Owner)).Append("</td>\n<td>")
                .Append(HtmlText.Encode(string.Join(", ", due.Waiver.Gates))).Append("</td>\n<td><span class=\"wstate wstate-").Append(state).Append("\">")
                .Append(HtmlText.Encode(ReviewText.WaiverState(due))).Append("</span></td>\n<td>").Append(HtmlText.Encode(due.Waiver.Ticket)).Append("</td>\n</tr>\n");
        }

        html.Append("</tbody>\n</table>\n</div>\n</section>\n");
    }

    private static string Time(DateTimeOffset time) =>
        "<time datetime=\"" + HtmlText.MachineTime(time) + "\">" + HtmlText.Encode(ReviewText.Time(time)) + "</time>";

    private static string ToneClass(ChangeTone tone) => "tone-" + ToneName(tone);

    private static string ToneName(ChangeTone tone) => tone switch
    {
        ChangeTone.Better => "better",
        ChangeTone.Worse => "worse",
        ChangeTone.Neutral => "neutral",
        _ => "flat",
    };
}
