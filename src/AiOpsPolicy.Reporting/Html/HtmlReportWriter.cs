// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using System.Text;
using AiOpsPolicy.Core.Evidence;
using AiOpsPolicy.Core.Model;
using AiOpsPolicy.Core.Results;
using AiOpsPolicy.Core.Units;

namespace AiOpsPolicy.Reporting.Html;

/// <summary>
/// The HTML report: one self-contained HTML5 file for a person to read, with the decision, what needs
/// attention, charts of control coverage, of every metric group and of per-step SLA attainment, and
/// tables of gates, controls, waivers and evidence. CSS is inline and charts are SVG drawn here, so
/// viewing it makes no network request and runs no script. Every string from policies and evidence
/// is escaped, and the output is deterministic: the same inputs give the same bytes.
/// </summary>
public sealed partial class HtmlReportWriter : IReportWriter
{
    /// <summary>How close to its expiry a waiver is flagged as expiring soon.</summary>
    public static readonly TimeSpan ExpiringSoon = TimeSpan.FromDays(14);

    private const int MaxRecords = 5;

    /// <summary>Gets the run's history from the store, when one is available; without it the report has no Trends section.</summary>
    public Review.ReportTrends? Trends { get; init; }

    /// <inheritdoc />
    public string Format => "html";

    /// <inheritdoc />
    public string DefaultFileName => "aiops-policy-report.html";

    /// <inheritdoc />
    public void Write(GateRunResult result, Stream output)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(output);
        var html = new StringBuilder(64 * 1024);
        var title = "AiOpsPolicy report: " + result.PolicySet + " (" + result.Decision + ")";
        html.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
            .Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
            .Append("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; img-src data:\">\n")
            .Append("<meta name=\"generator\" content=\"AiOpsPolicy ").Append(HtmlText.Encode(result.EngineVersion)).Append("\">\n")
            .Append("<title>").Append(HtmlText.Encode(title)).Append("</title>\n<style>\n").Append(ReportStyles.Css).Append("</style>\n</head>\n<body>\n")
            .Append("<main class=\"page\">\n");

        var gates = result.Gates.IsDefault ? [] : result.Gates.ToList();
        var controls = (result.Controls.IsDefault ? [] : result.Controls.AsEnumerable()).OrderBy(c => c.Name, StringComparer.Ordinal).ToList();
        var waivers = (result.Waivers.IsDefault ? [] : result.Waivers.AsEnumerable()).OrderBy(w => w.Name, StringComparer.Ordinal).ToList();
        var evidence = (result.Evidence.IsDefault ? [] : result.Evidence.AsEnumerable()).OrderBy(f => f.Path, StringComparer.Ordinal).ToList();

        Header(html, result, gates);
        Navigation(html, hasFindings: !result.Findings.IsDefaultOrEmpty, trends: Trends is not null);
        Summary(html, gates);
        Attention(html, gates, result.EvaluatedAt);
        Findings(html, result);
        CoverageSection(html, controls);
        GroupSection(html, gates);
        SlaSection(html, gates);
        if (Trends is { } trends)
        {
            TrendSection(html, trends);
        }

        GatesTable(html, gates);
        ControlsTable(html, controls);
        WaiversTable(html, waivers, result.EvaluatedAt);
        EvidenceTable(html, evidence, result.EvaluatedAt);
        html.Append(DataQualityReport.Html(result.DataQuality));
        Diagnostics(html, result);

        html.Append("<footer class=\"footer\">Written by AiOpsPolicy <span data-testid=\"engine-version\">").Append(HtmlText.Encode(result.EngineVersion))
            .Append("</span> for the evaluation at ").Append(Time(result.EvaluatedAt)).Append(". This file is self-contained: it loads nothing and runs no script.</footer>\n")
            .Append("</main>\n</body>\n</html>\n");
        var bytes = new UTF8Encoding(false).GetBytes(html.ToString());
        output.Write(bytes, 0, bytes.Length);
    }

    private static void Header(StringBuilder html, GateRunResult result, List<GateResult> gates)
    {
        var blocked = result.Blocked;
        var blocking = gates.Count(g => g.Blocks);
        html.Append("<header class=\"decision ").Append(blocked ? "blocked" : "allowed").Append("\" id=\"decision\" data-testid=\"decision\" data-decision=\"")
            .Append(blocked ? "blocked" : "allowed").Append("\">\n<div class=\"decision-main\">\n")
            .Append("<p class=\"eyebrow\">Deployment decision</p>\n")
            .Append("<p class=\"verdict\"><span class=\"verdict-mark\" aria-hidden=\"true\">").Append(blocked ? "&#10005;" : "&#10003;").Append("</span> ")
            .Append(blocked ? "Blocked" : "Allowed").Append("</p>\n<p class=\"verdict-why\">");
        if (blocked && blocking > 0)
        {
            html.Append(Plural(blocking, "blocking gate")).Append(" must pass (or be waived) before this deployment may go ahead.");
        }
        else if (blocked)
        {
            html.Append("The score must reach its warn threshold, with every key gate passing, before this deployment may go ahead.");
        }
        else
        {
            var warnings = gates.Count(g => g.Status != GateStatus.Pass);
            html.Append(warnings == 0 ? "Every gate passed." : "No gate blocks; " + Plural(warnings, "gate") + " still " + (warnings == 1 ? "needs" : "need") + " attention.");
        }

        html.Append("</p>\n");
        if (result.Score is { } score)
        {
            html.Append("<p class=\"verdict-score\" data-testid=\"score\" data-score-status=\"").Append(score.Status.ToText()).Append("\">Score: ")
                .Append(HtmlText.Encode(ScoreText.Describe(score))).Append("</p>\n");
        }

        html.Append("</div>\n<dl class=\"meta\">\n");
        Meta(html, "Policy set", HtmlText.Encode(result.PolicySet));
        Meta(html, "Version", HtmlText.Encode(result.PolicySetVersion ?? "not stated"));
        Meta(html, "Evaluated at", Time(result.EvaluatedAt));
        Meta(html, "Gates", HtmlText.Int(gates.Count));
        Meta(html, "Policy digest", "<code class=\"digest\">" + HtmlText.Encode(result.PolicyDigest) + "</code>");
        Meta(html, "Evidence digest", "<code class=\"digest\">" + HtmlText.Encode(result.EvidenceDigest) + "</code>");
        html.Append("</dl>\n</header>\n");
    }

    private static void Meta(StringBuilder html, string term, string encodedValue) =>
        html.Append("<div><dt>").Append(term).Append("</dt><dd>").Append(encodedValue).Append("</dd></div>\n");

    private static void Navigation(StringBuilder html, bool hasFindings, bool trends)
    {
        html.Append("<nav class=\"toc\" aria-label=\"Sections\"><ul>\n");
        foreach (var (id, label) in new[]
        {
            ("summary", "Summary"), ("attention", "Needs attention"), ("findings", "Findings"), ("coverage", "Control coverage"), ("metrics", "Metrics"),
            ("sla", "Step SLA"), ("trends", "Trends"), ("gates", "Gates"), ("controls", "Controls"), ("waivers", "Waivers"), ("evidence", "Evidence"), ("diagnostics", "Diagnostics"),
        })
        {
            if ((id == "findings" && !hasFindings) || (id == "trends" && !trends))
            {
                continue;
            }

            html.Append("<li><a href=\"#").Append(id).Append("\">").Append(label).Append("</a></li>\n");
        }

        html.Append("</ul></nav>\n");
    }

    private static void Summary(StringBuilder html, List<GateResult> gates)
    {
        html.Append("<section id=\"summary\" class=\"card\" aria-labelledby=\"summary-h\">\n<h2 id=\"summary-h\">Summary</h2>\n")
            .Append("<ul class=\"tiles\" data-testid=\"summary\">\n");
        foreach (var status in StatusStyle.ByUrgency)
        {
            var count = gates.Count(g => g.Status == status);
            html.Append("<li class=\"tile ").Append(StatusStyle.CssClass(status)).Append(count == 0 ? " zero" : string.Empty)
                .Append("\" data-status=\"").Append(status.ToText()).Append("\"><span class=\"tile-count\">").Append(HtmlText.Int(count))
                .Append("</span><span class=\"tile-label\">").Append(StatusStyle.Heading(status)).Append("</span></li>\n");
        }

        html.Append("</ul>\n</section>\n");
    }

    private static void Attention(StringBuilder html, List<GateResult> gates, DateTimeOffset evaluatedAt)
    {
        var items = gates
            .Select((gate, index) => (Gate: gate, Index: index))
            .Where(x => x.Gate.Status != GateStatus.Pass)
            .OrderBy(x => StatusStyle.Urgency(x.Gate.Status))
            .ThenBy(x => x.Index)
            .Select(x => x.Gate)
            .ToList();
        html.Append("<section id=\"attention\" class=\"card\" aria-labelledby=\"attention-h\">\n<h2 id=\"attention-h\">Needs attention</h2>\n");
        if (items.Count == 0)
        {
            html.Append("<p class=\"empty\">Nothing needs attention: every gate passed.</p>\n</section>\n");
            return;
        }

        html.Append("<ol class=\"attention\" data-testid=\"attention-list\">\n");
        foreach (var gate in items)
        {
            html.Append("<li class=\"attn ").Append(StatusStyle.CssClass(gate.Status)).Append("\">\n<div class=\"attn-head\">")
                .Append(Badge(gate.Status)).Append(" <strong class=\"gate-name\">").Append(HtmlText.Encode(gate.Gate)).Append("</strong>")
                .Append("<span class=\"sev\">").Append(Severity(gate.Severity)).Append(gate.Blocks ? " · blocks deployment" : string.Empty).Append("</span></div>\n");
            if (!string.IsNullOrWhiteSpace(gate.Description))
            {
                html.Append("<p class=\"desc\">").Append(HtmlText.Encode(gate.Description)).Append("</p>\n");
            }

            html.Append("<p class=\"expl\">").Append(HtmlText.Encode(gate.Explanation)).Append("</p>\n");
            if (gate.Observed is not null || gate.Bound is not null)
            {
                html.Append("<p class=\"nums\">Observed <strong>").Append(HtmlText.Encode(gate.Observed ?? "n/a")).Append("</strong>; bound <strong>")
                    .Append(HtmlText.Encode(gate.Bound ?? "none")).Append("</strong></p>\n");
            }

            if (gate.Waiver is { } waiver)
            {
                html.Append("<p class=\"waiver-note\">Waived by <strong>").Append(HtmlText.Encode(waiver.Owner)).Append("</strong> <strong>")
                    .Append(WaiverExpiry.Describe(waiver.Expires)).Append("</strong>")
                    .Append(waiver.Expires - evaluatedAt <= ExpiringSoon ? " <span class=\"flag\">expires within 14 days</span>" : string.Empty)
                    .Append(" (").Append(HtmlText.Encode(waiver.Ticket)).Append("): ").Append(HtmlText.Encode(waiver.Reason));
                if (gate.WaivedStatus is { } waivedStatus)
                {
                    html.Append(". Without the waiver: ").Append(waivedStatus.ToText());
                }

                html.Append("</p>\n");
            }

            html.Append("</li>\n");
        }

        html.Append("</ol>\n</section>\n");
    }

    private static void CoverageSection(StringBuilder html, List<ControlCoverage> controls)
    {
        var required = controls.Where(c => c.Required).ToList();
        var covered = required.Count(c => c.DeclaredAutomated && c.Evidenced);
        html.Append("<section id=\"coverage\" class=\"card\" aria-labelledby=\"coverage-h\">\n<h2 id=\"coverage-h\">Control coverage by enforcement point</h2>\n")
            .Append("<p class=\"lede\">Required controls that are automated <em>and</em> have evidence of an automated run within their cadence, against those only declared automated and those run by hand.</p>\n")
            .Append("<div class=\"coverage-layout\">\n<div class=\"stat\" data-testid=\"coverage-overall\"><span class=\"stat-value\">")
            .Append(required.Count == 0 ? "n/a" : HtmlText.Percent((double)covered / required.Count))
            .Append("</span><span class=\"stat-label\">overall coverage</span><span class=\"stat-detail\">")
            .Append(required.Count == 0 ? "no required controls declared" : HtmlText.Int(covered) + " of " + Plural(required.Count, "required control") + " automated and evidenced")
            .Append("</span></div>\n<figure class=\"chart-figure\">\n");
        SvgCharts.Coverage(html, controls);
        html.Append("</figure>\n</div>\n</section>\n");
    }

    private static void GroupSection(StringBuilder html, List<GateResult> gates) =>
        ChartSection(html, "metrics", "Metrics by group", "Each gate's observed value against its bound. The shaded band is the passing zone and the dark tick the bound; each row has its own scale.", () => SvgCharts.GroupMetrics(html, gates));

    private static void SlaSection(StringBuilder html, List<GateResult> gates) =>
        ChartSection(html, "sla", "SLA attainment per step", "SLA attainment for each workflow and step the gates measure. The dashed line is the gate's bound; the axis starts where the data does, not at zero.", () => SvgCharts.StepSla(html, gates));

    /// <summary>A card with a heading, a one-line lede and one chart.</summary>
    private static void ChartSection(StringBuilder html, string id, string title, string lede, Action drawChart)
    {
        html.Append("<section id=\"").Append(id).Append("\" class=\"card\" aria-labelledby=\"").Append(id).Append("-h\">\n<h2 id=\"").Append(id).Append("-h\">").Append(title).Append("</h2>\n")
            .Append("<p class=\"lede\">").Append(lede).Append("</p>\n")
            .Append("<figure class=\"chart-figure\">\n");
        drawChart();
        html.Append("</figure>\n</section>\n");
    }

    /// <summary>Coverage per week and each metric's weekly trend from the history store, with the same figures as tables.</summary>
    private static void TrendSection(StringBuilder html, Review.ReportTrends trends)
    {
        html.Append("<section id=\"trends\" class=\"card\" aria-labelledby=\"trends-h\" data-testid=\"trends\">\n<h2 id=\"trends-h\">Trends</h2>\n")
            .Append("<p class=\"lede\">From the history store: each week's figure is that of its latest recorded run of this policy set, over the last ")
            .Append(HtmlText.Int(trends.Window.Length)).Append(" weeks; the last week includes this run.</p>\n<figure class=\"chart-figure\">\n");
        SvgCharts.CoverageTrend(html, trends);
        html.Append("</figure>\n<figure class=\"chart-figure\">\n");
        SvgCharts.MetricTrends(html, trends);
        html.Append("</figure>\n<details class=\"trend-tables\">\n<summary>The figures as tables</summary>\n<div class=\"table-wrap\">\n<table id=\"coverage-trend-table\">\n<caption>Required control coverage per week</caption>\n")
            .Append("<thead><tr><th scope=\"col\">Week</th><th scope=\"col\">Coverage</th><th scope=\"col\">Covered</th><th scope=\"col\">Required</th></tr></thead>\n<tbody>\n");
        foreach (var point in trends.Coverage)
        {
            html.Append("<tr><th scope=\"row\">").Append(point.Week).Append("</th><td class=\"num\">").Append(point.Coverage.Share is { } share ? HtmlText.Percent(share) : "n/a")
                .Append("</td><td class=\"num\">").Append(HtmlText.Int(point.Coverage.Covered)).Append("</td><td class=\"num\">").Append(HtmlText.Int(point.Coverage.Required)).Append("</td></tr>\n");
        }

        html.Append("</tbody>\n</table>\n</div>\n<div class=\"table-wrap\">\n<table id=\"metric-trend-table\">\n<caption>Each metric's value per week</caption>\n<thead><tr><th scope=\"col\">Metric</th>");
        foreach (var week in trends.Window)
        {
            html.Append("<th scope=\"col\">W").Append(week.Week.ToString("00", System.Globalization.CultureInfo.InvariantCulture)).Append("</th>");
        }

        html.Append("</tr></thead>\n<tbody>\n");
        foreach (var series in trends.Metrics)
        {
            html.Append("<tr><th scope=\"row\">").Append(HtmlText.Encode(series.Metric)).Append("<span class=\"sub\">").Append(HtmlText.Encode(series.Gate)).Append("</span></th>");
            foreach (var week in trends.Window)
            {
                html.Append("<td class=\"num\">").Append(HtmlText.Encode(series.Points.FirstOrDefault(p => p.Week == week)?.Text ?? "–")).Append("</td>");
            }

            html.Append("</tr>\n");
        }

        html.Append("</tbody>\n</table>\n</div>\n</details>\n</section>\n");
    }

    private static void GatesTable(StringBuilder html, List<GateResult> gates)
    {
        html.Append("<section id=\"gates\" class=\"card\" aria-labelledby=\"gates-h\">\n<h2 id=\"gates-h\">Every gate</h2>\n<div class=\"table-wrap\">\n")
            .Append("<table id=\"gates-table\" data-testid=\"gates-table\">\n<caption>All ").Append(Plural(gates.Count, "gate")).Append(", in declaration order</caption>\n")
            .Append("<thead><tr><th scope=\"col\">Gate</th><th scope=\"col\">Status</th><th scope=\"col\">Severity</th><th scope=\"col\">Observed</th><th scope=\"col\">Bound</th><th scope=\"col\">Explanation</th><th scope=\"col\">Evidence files</th></tr></thead>\n<tbody>\n");
        foreach (var gate in gates)
        {
            html.Append("<tr class=\"row-").Append(gate.Status.ToText()).Append("\" data-gate=\"").Append(HtmlText.Encode(gate.Gate)).Append("\">\n<th scope=\"row\"><span class=\"gate-name\">")
                .Append(HtmlText.Encode(gate.Gate)).Append("</span>");
            if (!string.IsNullOrWhiteSpace(gate.Description))
            {
                html.Append("<span class=\"sub\">").Append(HtmlText.Encode(gate.Description)).Append("</span>");
            }

            if (gate.Location.IsInFile)
            {
                html.Append("<span class=\"loc\">").Append(PathText(gate.Location.HasPosition ? gate.Location.Path + ":" + HtmlText.Int(gate.Location.StartLine) : gate.Location.Path)).Append("</span>");
            }

            html.Append("</th>\n<td>").Append(Badge(gate.Status)).Append("</td>\n<td>").Append(Severity(gate.Severity))
                .Append("</td>\n<td class=\"num\">").Append(HtmlText.Encode(gate.Observed ?? "n/a")).Append("</td>\n<td class=\"num\">")
                .Append(HtmlText.Encode(gate.Bound ?? "none")).Append("</td>\n<td>").Append(HtmlText.Encode(gate.Explanation));
            if (gate.Waiver is { } waiver)
            {
                html.Append("<span class=\"sub\">Waived by ").Append(HtmlText.Encode(waiver.Owner)).Append(' ').Append(WaiverExpiry.Describe(waiver.Expires)).Append(" (").Append(HtmlText.Encode(waiver.Ticket)).Append(")</span>");
            }

            if (gate.Metrics.Length > 0)
            {
                html.Append("<ul class=\"metrics\">");
                foreach (var metric in gate.Metrics)
                {
                    html.Append("<li><code>").Append(HtmlText.Encode(metric.Metric)).Append("</code> = <strong>").Append(HtmlText.Encode(metric.Value)).Append("</strong>");
                    if (gate.Status != GateStatus.Pass && metric.FailingRecords.Length > 0)
                    {
                        html.Append("<span class=\"sub\">Pulled down by ").Append(HtmlText.Encode(string.Join(", ", metric.FailingRecords.Take(MaxRecords))));
                        if (metric.FailingRecords.Length > MaxRecords)
                        {
                            html.Append(" and ").Append(HtmlText.Int(metric.FailingRecords.Length - MaxRecords)).Append(" more");
                        }

                        html.Append("</span>");
                    }

                    html.Append("</li>");
                }

                html.Append("</ul>");
            }

            if (gate.Clauses.Length > 0)
            {
                html.Append("<ul class=\"clauses\">");
                foreach (var clause in gate.Clauses)
                {
                    var verdict = clause.Value switch
                    {
                        true => "<span class=\"clause-true\">true</span>",
                        false => "<span class=\"clause-false\">false</span>",
                        _ => "<span class=\"clause-unknown\">unknown</span>",
                    };
                    html.Append("<li>").Append(verdict).Append(" <code>").Append(HtmlText.Encode(clause.Text)).Append("</code>");
                    if (clause.Problem is not null)
                    {
                        html.Append(" <span class=\"sub-inline\">").Append(HtmlText.Encode(clause.Problem)).Append("</span>");
                    }

                    html.Append("</li>");
                }

                html.Append("</ul>");
            }

            html.Append("</td>\n<td class=\"files\">");
            if (gate.EvidenceFiles.Length == 0)
            {
                html.Append("<span class=\"muted\">none</span>");
            }

            foreach (var file in gate.EvidenceFiles.OrderBy(f => f.Path, StringComparer.Ordinal))
            {
                html.Append("<code>").Append(PathText(file.Path)).Append("</code>");
            }

            html.Append("</td>\n</tr>\n");
        }

        html.Append("</tbody>\n</table>\n</div>\n</section>\n");
    }

    private static void ControlsTable(StringBuilder html, List<ControlCoverage> controls)
    {
        html.Append("<section id=\"controls\" class=\"card\" aria-labelledby=\"controls-h\">\n<h2 id=\"controls-h\">Controls</h2>\n");
        if (controls.Count == 0)
        {
            html.Append("<p class=\"empty\">The policy set declares no controls.</p>\n");
        }

        html.Append("<div class=\"table-wrap\">\n<table id=\"controls-table\" data-testid=\"controls-table\">\n<caption>")
            .Append(Plural(controls.Count, "declared control")).Append(", by name</caption>\n")
            .Append("<thead><tr><th scope=\"col\">Control</th><th scope=\"col\">Required</th><th scope=\"col\">Automation</th><th scope=\"col\">Evidenced</th><th scope=\"col\">Last automated run</th><th scope=\"col\">Last run</th><th scope=\"col\">Enforced at</th><th scope=\"col\">Catalog ids</th></tr></thead>\n<tbody>\n");
        foreach (var control in controls)
        {
            var state = control.DeclaredAutomated && control.Evidenced ? "covered" : control.DeclaredAutomated ? "declared-only" : "manual";
            html.Append("<tr class=\"ctl-").Append(state).Append("\">\n<th scope=\"row\"><span class=\"gate-name\">").Append(HtmlText.Encode(control.Name)).Append("</span>");
            if (!string.IsNullOrWhiteSpace(control.Title))
            {
                html.Append("<span class=\"sub\">").Append(HtmlText.Encode(control.Title)).Append("</span>");
            }

            html.Append("</th>\n<td>").Append(control.Required ? "required" : "optional")
                .Append("</td>\n<td>").Append(control.DeclaredAutomated ? "automated" : "manual")
                .Append("</td>\n<td>").Append(control.Evidenced ? "<span class=\"yes\">&#10003; yes</span>" : "<span class=\"no\">&#10005; no</span>")
                .Append("</td>\n<td>").Append(control.LastAutomatedRun is { } auto ? Time(auto) : "<span class=\"muted\">never</span>")
                .Append("</td>\n<td>").Append(control.LastRun is { } run ? Time(run) : "<span class=\"muted\">never</span>")
                .Append("</td>\n<td>").Append(List(control.EnforcedAt))
                .Append("</td>\n<td>").Append(List(control.CatalogIds)).Append("</td>\n</tr>\n");
        }

        html.Append("</tbody>\n</table>\n</div>\n</section>\n");
    }

    private static void WaiversTable(StringBuilder html, List<WaiverInfo> waivers, DateTimeOffset evaluatedAt)
    {
        html.Append("<section id=\"waivers\" class=\"card\" aria-labelledby=\"waivers-h\">\n<h2 id=\"waivers-h\">Waivers</h2>\n");
        if (waivers.Count == 0)
        {
            html.Append("<p class=\"empty\">The policy set declares no waivers.</p>\n");
        }

        html.Append("<div class=\"table-wrap\">\n<table id=\"waivers-table\" data-testid=\"waivers-table\">\n<caption>")
            .Append(Plural(waivers.Count, "waiver")).Append(", by name; those expiring within 14 days are highlighted</caption>\n")
            .Append("<thead><tr><th scope=\"col\">Waiver</th><th scope=\"col\">State</th><th scope=\"col\">Owner</th><th scope=\"col\">Gates</th><th scope=\"col\">Applies through (UTC)</th><th scope=\"col\">Ticket</th><th scope=\"col\">Reason</th></tr></thead>\n<tbody>\n");
        foreach (var waiver in waivers)
        {
            var left = waiver.Expires - evaluatedAt;
            var (state, label) = waiver.Expired || left <= TimeSpan.Zero ? ("expired", "Expired")
                : left <= ExpiringSoon ? ("expiring", "Expiring in " + UnitFormat.Duration(left))
                : ("active", "Active");
            html.Append("<tr class=\"w-").Append(state).Append("\" data-state=\"").Append(state).Append("\">\n<th scope=\"row\">").Append(HtmlText.Encode(waiver.Name))
                .Append("</th>\n<td><span class=\"wstate wstate-").Append(state).Append("\">").Append(HtmlText.Encode(label)).Append("</span></td>\n<td>")
                .Append(HtmlText.Encode(waiver.Owner)).Append("</td>\n<td>").Append(List(waiver.Gates)).Append("</td>\n<td>")
                .Append(WaiverExpiry.LastDay(waiver.Expires)).Append("</td>\n<td>").Append(HtmlText.Encode(waiver.Ticket)).Append("</td>\n<td>")
                .Append(HtmlText.Encode(waiver.Reason)).Append("</td>\n</tr>\n");
        }

        html.Append("</tbody>\n</table>\n</div>\n</section>\n");
    }

    private static void EvidenceTable(StringBuilder html, List<EvidenceFile> evidence, DateTimeOffset evaluatedAt)
    {
        html.Append("<section id=\"evidence\" class=\"card\" aria-labelledby=\"evidence-h\">\n<h2 id=\"evidence-h\">Evidence files</h2>\n<div class=\"table-wrap\">\n")
            .Append("<table id=\"evidence-table\" data-testid=\"evidence-table\">\n<caption>").Append(Plural(evidence.Count, "evidence file")).Append(" read, by path</caption>\n")
            .Append("<thead><tr><th scope=\"col\">File</th><th scope=\"col\">Kind</th><th scope=\"col\">Records</th><th scope=\"col\">Newest record</th><th scope=\"col\">Age at evaluation</th></tr></thead>\n<tbody>\n");
        foreach (var file in evidence)
        {
            html.Append("<tr>\n<th scope=\"row\"><code>").Append(PathText(file.Path)).Append("</code></th>\n<td>")
                .Append(HtmlText.Encode(EvidenceKinds.Name(file.Kind))).Append("</td>\n<td class=\"num right\">").Append(HtmlText.Int(file.Records))
                .Append("</td>\n<td>").Append(file.CollectedAt is { } at ? Time(at) : "<span class=\"muted\">unknown</span>")
                .Append("</td>\n<td class=\"num right\">").Append(file.CollectedAt is { } c ? HtmlText.Encode(UnitFormat.Duration(evaluatedAt - c)) : "<span class=\"muted\">n/a</span>")
                .Append("</td>\n</tr>\n");
        }

        html.Append("</tbody>\n</table>\n</div>\n</section>\n");
    }

    private static void Diagnostics(StringBuilder html, GateRunResult result)
    {
        var diagnostics = result.Diagnostics.IsDefault ? [] : result.Diagnostics.ToList();
        html.Append("<section id=\"diagnostics\" class=\"card\" aria-labelledby=\"diagnostics-h\">\n<h2 id=\"diagnostics-h\">Diagnostics</h2>\n");
        if (diagnostics.Count == 0)
        {
            html.Append("<p class=\"empty\">Loading reported no warnings.</p>\n</section>\n");
            return;
        }

        html.Append("<ul class=\"diagnostics\">\n");
        foreach (var diagnostic in diagnostics)
        {
            html.Append("<li><code>").Append(HtmlText.Encode(diagnostic.Id)).Append("</code> <span class=\"sev\">")
                .Append(HtmlText.Encode(diagnostic.Severity.ToString().ToLowerInvariant())).Append("</span> ")
                .Append(HtmlText.Encode(diagnostic.Message));
            if (diagnostic.Location.IsInFile)
            {
                html.Append(" <span class=\"loc\">").Append(HtmlText.Encode(diagnostic.Location.ToString())).Append("</span>");
            }

            html.Append("</li>\n");
        }

        html.Append("</ul>\n</section>\n");
    }

    private static string Badge(GateStatus status) =>
        "<span class=\"badge " + StatusStyle.CssClass(status) + "\">" + StatusStyle.Label(status) + "</span>";

    private static string Severity(GateSeverity severity) => severity == GateSeverity.Block ? "block" : "warn";

    private static string Time(DateTimeOffset time) =>
        "<time datetime=\"" + HtmlText.MachineTime(time) + "\">" + HtmlText.Time(time) + "</time>";

    private static string List(System.Collections.Immutable.ImmutableArray<string> items) =>
        items.IsDefaultOrEmpty ? "<span class=\"muted\">none</span>" : string.Join(", ", items.Select(HtmlText.Encode));

    private static string PathText(string path) => HtmlText.Encode(path).Replace("/", "/<wbr>", StringComparison.Ordinal);

    private static string Plural(int count, string noun) => HtmlText.Int(count) + " " + noun + (count == 1 ? string.Empty : "s");
}
