// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using System.Text;
using AiOpsPolicy.Core.Results;

namespace AiOpsPolicy.Reporting.Html;

/// <summary>
/// The report's charts, drawn server-side as inline SVG: no script, no fonts, no network. Each chart
/// has a title, a description and an ARIA label, and every colour comes with a text label.
/// </summary>
internal static partial class SvgCharts
{
    private const double Width = 960;
    private const double LabelX = 8;
    private const double BarX = 290;
    private const double BarWidth = 390;
    private const double ValueX = 696;
    private const double PillX = 872;
    private const double PillWidth = 88;
    private const double RowHeight = 30;
    private const double CoverageWidth = 860;
    private const double CoverageBarX = 170;
    private const double CoverageBarWidth = 500;
    private const string Ink = "#1c2430";
    private const string Muted = "#5b6675";
    private const string Track = "#eef1f5";
    private const string PassZone = "#d7ecdf";
    private const string Font = "font-family=\"system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif\"";

    /// <summary>Control coverage by enforcement point: required controls automated and evidenced, declared only, manual.</summary>
    /// <param name="html">Where to write.</param>
    /// <param name="controls">The controls.</param>
    public static void Coverage(StringBuilder html, IReadOnlyList<ControlCoverage> controls)
    {
        var required = controls.Where(c => c.Required).ToList();
        var points = required
            .SelectMany(c => c.EnforcedAt.IsDefaultOrEmpty ? ["(not stated)"] : c.EnforcedAt.AsEnumerable())
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal)
            .ToList();
        var rows = points.Select(point =>
        {
            var at = required.Where(c => c.EnforcedAt.IsDefaultOrEmpty ? point == "(not stated)" : c.EnforcedAt.Contains(point, StringComparer.Ordinal)).ToList();
            return (Point: point, Covered: at.Count(c => c.DeclaredAutomated && c.Evidenced), DeclaredOnly: at.Count(c => c.DeclaredAutomated && !c.Evidenced), Manual: at.Count(c => !c.DeclaredAutomated));
        }).ToList();
        var covered = required.Count(c => c.DeclaredAutomated && c.Evidenced);
        var description = required.Count == 0
            ? "No required controls are declared."
            : $"{HtmlText.Int(covered)} of {HtmlText.Int(required.Count)} required controls are automated and evidenced ({HtmlText.Percent((double)covered / required.Count)}). "
              + string.Join("; ", rows.Select(r => $"{r.Point}: {HtmlText.Int(r.Covered)} automated and evidenced, {HtmlText.Int(r.DeclaredOnly)} declared automated without evidence, {HtmlText.Int(r.Manual)} manual"));

        var height = 44 + (Math.Max(rows.Count, 1) * RowHeight) + 8;
        Open(html, "coverage-chart", "Required control coverage by enforcement point", description, height, CoverageWidth);
        Legend(html, 10, [(StatusStyle.Covered, "Automated and evidenced"), (StatusStyle.DeclaredOnly, "Declared automated, no evidence"), (StatusStyle.Manual, "Manual")]);
        if (rows.Count == 0)
        {
            Text(html, LabelX, 58, "No required controls are declared.", Muted, 13);
        }

        var max = Math.Max(1, rows.Count == 0 ? 1 : rows.Max(r => r.Covered + r.DeclaredOnly + r.Manual));
        var y = 44.0;
        foreach (var row in rows)
        {
            var total = row.Covered + row.DeclaredOnly + row.Manual;
            var mid = y + (RowHeight / 2);
            html.Append("<g data-point=\"").Append(HtmlText.Encode(row.Point)).Append("\"><title>")
                .Append(HtmlText.Encode($"{row.Point}: {row.Covered} automated and evidenced, {row.DeclaredOnly} declared only, {row.Manual} manual"))
                .Append("</title>\n");
            Text(html, LabelX, mid + 4, Truncate(row.Point, 22), Ink, 13);
            Rect(html, CoverageBarX, mid - 9, CoverageBarWidth, 18, Track, 3);
            var x = CoverageBarX;
            foreach (var (count, colour) in new[] { (row.Covered, StatusStyle.Covered), (row.DeclaredOnly, StatusStyle.DeclaredOnly), (row.Manual, StatusStyle.Manual) })
            {
                if (count == 0)
                {
                    continue;
                }

                var w = CoverageBarWidth * count / max;
                Rect(html, x, mid - 9, w, 18, colour, 0);
                if (w >= 18)
                {
                    Text(html, x + (w / 2), mid + 4, HtmlText.Int(count), colour == StatusStyle.Manual ? Ink : "#ffffff", 11, "middle", bold: true);
                }

                x += w;
            }

            var share = total == 0 ? 0 : (double)row.Covered / total;
            Text(html, CoverageBarX + CoverageBarWidth + 16, mid + 4, $"{HtmlText.Int(row.Covered)} of {HtmlText.Int(total)} covered · {HtmlText.Percent(share)}", Ink, 12);
            html.Append("</g>\n");
            y += RowHeight;
        }

        html.Append("</svg>\n");
    }

    /// <summary>Each group's gates as bullet bars: the observed value, the bound and the passing zone, coloured by status.</summary>
    /// <param name="html">Where to write.</param>
    /// <param name="gates">The gates.</param>
    public static void GroupMetrics(StringBuilder html, IReadOnlyList<GateResult> gates)
    {
        var groups = MetricGroups.Named.Append(MetricGroups.Other)
            .Select(g => (Group: g, Gates: gates.Where(x => MetricGroups.GroupOf(x) == g).ToList()))
            .Where(g => g.Group != MetricGroups.Other || g.Gates.Count > 0)
            .ToList();
        var rowCount = groups.Sum(g => Math.Max(1, g.Gates.Count));
        var height = 36 + (groups.Count * 34) + (rowCount * RowHeight) + 4;
        var description = string.Join("; ", groups.Select(g =>
            $"{g.Group.Title}: {HtmlText.Int(g.Gates.Count)} gates, {HtmlText.Int(g.Gates.Count(x => x.Status == GateStatus.Pass))} passing"));
        Open(html, "group-metrics-chart", "Gate measures by metric group: observed value against bound", description, height);
        Legend(html, 10, [(StatusStyle.Colour(GateStatus.Pass), "Observed (bar colour = status)"), (PassZone, "Passing zone"), (Ink, "Bound")]);
        var y = 36.0;
        foreach (var (group, members) in groups)
        {
            html.Append("<g data-group=\"").Append(group.Id).Append("\">\n");
            Text(html, LabelX, y + 22, group.Title, Ink, 14, bold: true);
            Line(html, LabelX, y + 29, Width - 4, y + 29, "#d5dae1", 1);
            y += 34;
            if (members.Count == 0)
            {
                Text(html, LabelX, y + 19, "No gate measures this group.", Muted, 12);
                y += RowHeight;
            }

            foreach (var gate in members)
            {
                GateRow(html, gate, y);
                y += RowHeight;
            }

            html.Append("</g>\n");
        }

        html.Append("</svg>\n");
    }

    /// <summary>SLA attainment per step of each workflow, as columns with the bound marked.</summary>
    /// <param name="html">Where to write.</param>
    /// <param name="gates">The gates.</param>
    public static void StepSla(StringBuilder html, IReadOnlyList<GateResult> gates)
    {
        var points = SlaPoints(gates);
        var workflows = points.Select(p => p.Workflow).Distinct(StringComparer.Ordinal).ToList();
        const double PanelHeight = 262;
        const double PlotTop = 44;
        const double PlotHeight = 140;
        const double AxisWidth = 56;
        const double Column = 56;
        const double Pitch = 112;
        var widest = workflows.Count == 0 ? 0 : workflows.Max(w => points.Count(p => p.Workflow == w));
        var width = Math.Max(480, AxisWidth + 24 + (widest * Pitch));
        var height = 30 + (Math.Max(1, workflows.Count) * PanelHeight);
        var description = points.Count == 0
            ? "No gate reports an SLA attainment metric."
            : string.Join("; ", points.Select(p => $"{p.Workflow} {p.Step}: {p.ValueText}" + (p.Bound is { } b ? $" against a bound of {HtmlText.Percent(b)}" : string.Empty)));
        Open(html, "step-sla-chart", "SLA attainment per workflow step", description, height, width);
        Legend(html, 10, [(StatusStyle.Colour(GateStatus.Pass), "Meets bound"), (StatusStyle.Colour(GateStatus.Fail), "Below bound"), ("#4f6d8f", "No bound"), (Ink, "Bound (dashed)")]);
        if (points.Count == 0)
        {
            Text(html, LabelX, 58, "No gate reports an SLA attainment metric.", Muted, 13);
        }

        var lowest = points.Count == 0 ? 0.9 : points.Min(p => Math.Min(p.Value, p.Bound ?? 1));
        var lo = Math.Clamp(Math.Floor((lowest - 0.03) * 20) / 20, 0, 0.95);
        var range = 1 - lo;
        var step = range <= 0.25 ? 0.05 : range <= 0.5 ? 0.1 : 0.2;
        var top = 30.0;
        foreach (var workflow in workflows)
        {
            html.Append("<g data-workflow=\"").Append(HtmlText.Encode(workflow)).Append("\">\n");
            Text(html, LabelX, top + 20, workflow, Ink, 14, bold: true);
            var plotTop = top + PlotTop;
            double Y(double v) => plotTop + PlotHeight - (PlotHeight * (Math.Clamp(v, lo, 1) - lo) / range);
            for (var tick = lo; tick <= 1.0001; tick += step)
            {
                Line(html, AxisWidth, Y(tick), width - 8, Y(tick), "#e3e7ed", 1);
                Text(html, AxisWidth - 6, Y(tick) + 4, HtmlText.Percent(tick), Muted, 10, "end");
            }

            var x = AxisWidth + 28;
            foreach (var point in points.Where(p => p.Workflow == workflow))
            {
                var meets = point.Bound is not { } bound || point.Value >= bound;
                var colour = point.Bound is null ? "#4f6d8f" : meets ? StatusStyle.Colour(GateStatus.Pass) : StatusStyle.Colour(GateStatus.Fail);
                var verdict = point.Bound is null ? "no bound" : meets ? "meets bound" : "below bound";
                html.Append("<g data-step=\"").Append(HtmlText.Encode(point.Step)).Append("\"><title>")
                    .Append(HtmlText.Encode($"{workflow} · {point.Step}: {point.ValueText} ({verdict})")).Append("</title>\n");
                var barTop = Y(point.Value);
                Rect(html, x, barTop, Column, plotTop + PlotHeight - barTop, colour, 2);

                // The value sits above the bar; when the bound line runs through that space (a bar just
                // below its bound), the value goes above the line instead of being struck through by it.
                var valueY = barTop - 6;
                if (point.Bound is { } over && Y(over) < barTop && Y(over) > valueY - 16)
                {
                    valueY = Y(over) - 6;
                }

                html.Append("<g data-role=\"value\">");
                Text(html, x + (Column / 2), valueY, point.ValueText, Ink, 12, "middle", bold: true);
                html.Append("</g>\n");
                if (point.Bound is { } b)
                {
                    html.Append("<line data-role=\"bound\" x1=\"").Append(HtmlText.Num(x - 12)).Append("\" y1=\"").Append(HtmlText.Num(Y(b)))
                        .Append("\" x2=\"").Append(HtmlText.Num(x + Column + 12)).Append("\" y2=\"").Append(HtmlText.Num(Y(b)))
                        .Append("\" stroke=\"").Append(Ink).Append("\" stroke-width=\"2\" stroke-dasharray=\"5 3\"/>\n");
                }

                var labelY = plotTop + PlotHeight + 18;
                Text(html, x + (Column / 2), labelY, Truncate(point.Step, 16), Ink, 12, "middle", bold: true);
                Text(html, x + (Column / 2), labelY + 15, point.Bound is { } bb ? "bound " + HtmlText.Percent(bb) : "no bound", Muted, 11, "middle");
                Text(html, x + (Column / 2), labelY + 30, verdict, colour, 11, "middle", bold: !meets);
                html.Append("</g>\n");
                x += Pitch;
            }

            html.Append("</g>\n");
            top += PanelHeight;
        }

        html.Append("</svg>\n");
    }

    /// <summary>The SLA attainment points the gates report, one per metric, in the order gates report them.</summary>
    /// <param name="gates">The gates.</param>
    /// <returns>The points.</returns>
    internal static List<SlaPoint> SlaPoints(IReadOnlyList<GateResult> gates)
    {
        var points = new List<SlaPoint>();
        foreach (var gate in gates)
        {
            foreach (var metric in gate.Metrics)
            {
                if (MetricGroups.BareName(metric.Metric) != "SlaAttainment" || MetricGroups.Share(metric) is not { } value)
                {
                    continue;
                }

                var args = MetricGroups.Arguments(metric.Metric);
                var workflow = args.Length > 0 ? args[0] : "(all workflows)";
                var stepName = args.Length > 1 ? string.Join(", ", args[1..]) : "all steps";
                var bound = gate.Metrics.Length == 1 ? MetricGroups.ParseBound(gate.Bound).Min : null;
                var existing = points.FindIndex(p => p.Workflow == workflow && p.Step == stepName);
                if (existing < 0)
                {
                    points.Add(new SlaPoint(workflow, stepName, value, metric.Value, bound));
                }
                else if (points[existing].Bound is null && bound is not null)
                {
                    points[existing] = points[existing] with { Bound = bound };
                }
            }
        }

        return points;
    }

    private static void GateRow(StringBuilder html, GateResult gate, double y)
    {
        var mid = y + (RowHeight / 2);
        var colour = StatusStyle.Colour(gate.Status);
        var (min, max) = MetricGroups.ParseBound(gate.Bound);
        var boundText = BoundText(gate.Bound);
        html.Append("<g data-gate=\"").Append(HtmlText.Encode(gate.Gate)).Append("\"><title>")
            .Append(HtmlText.Encode($"{gate.Gate}: {gate.Status.ToText()}. {gate.Explanation}")).Append("</title>\n");
        Text(html, LabelX + 8, mid + 4, Truncate(gate.Gate, 38), Ink, 12);
        Rect(html, BarX, mid - 8, BarWidth, 16, Track, 3);
        if (gate.ObservedValue is { } observed)
        {
            var values = new[] { observed, min ?? observed, max ?? observed, 0 };
            var lo = values.Min();
            var hi = values.Max();
            hi = hi <= lo ? lo + 1 : hi + ((hi - lo) * 0.2);
            double X(double v) => BarX + (BarWidth * (v - lo) / (hi - lo));
            if (min is not null || max is not null)
            {
                var zoneFrom = X(min ?? lo);
                var zoneTo = X(max ?? hi);
                Rect(html, zoneFrom, mid - 8, Math.Max(zoneTo - zoneFrom, 2), 16, PassZone, 0);
            }

            var from = X(Math.Min(0, observed));
            var to = X(Math.Max(0, observed));
            Rect(html, from, mid - 4, Math.Max(to - from, 2), 8, colour, 1);
            foreach (var tick in new[] { min, max })
            {
                if (tick is { } t)
                {
                    Line(html, X(t), mid - 11, X(t), mid + 11, Ink, 2);
                }
            }

            var valueText = HtmlText.Encode(gate.Observed ?? HtmlText.Num(observed));
            html.Append("<text x=\"").Append(HtmlText.Num(ValueX)).Append("\" y=\"").Append(HtmlText.Num(mid + 4))
                .Append("\" font-size=\"12\" fill=\"").Append(Ink).Append("\"><tspan font-weight=\"600\">").Append(valueText)
                .Append("</tspan><tspan fill=\"").Append(Muted).Append("\"> ").Append(boundText).Append("</tspan></text>\n");
        }
        else
        {
            Text(html, BarX + 8, mid + 4, "condition only: no measured value", Muted, 11);
            Text(html, ValueX, mid + 4, gate.ConditionHeld is false ? "condition failed" : "condition held", Muted, 12);
        }

        Pill(html, PillX, mid, gate.Status);
        html.Append("</g>\n");
    }

    private static string BoundText(string? bound)
    {
        if (string.IsNullOrEmpty(bound))
        {
            return "no bound";
        }

        var encoded = HtmlText.Encode(bound);
        return encoded.StartsWith("&gt;=", StringComparison.Ordinal) ? "bound &#8805;" + encoded[5..]
            : encoded.StartsWith("&lt;=", StringComparison.Ordinal) ? "bound &#8804;" + encoded[5..]
            : "bound " + encoded;
    }

    private static void Open(StringBuilder html, string id, string title, string description, double height, double width = Width)
    {
        html.Append("<svg id=\"").Append(id).Append("\" data-testid=\"").Append(id).Append("\" class=\"chart\" role=\"img\" viewBox=\"0 0 ")
            .Append(HtmlText.Num(width)).Append(' ').Append(HtmlText.Num(height))
            .Append("\" width=\"").Append(HtmlText.Num(width)).Append("\" height=\"").Append(HtmlText.Num(height))
            .Append("\" style=\"max-width:100%;height:auto\" preserveAspectRatio=\"xMinYMin meet\" aria-label=\"").Append(HtmlText.Encode(title))
            .Append("\" aria-describedby=\"").Append(id).Append("-desc\" ").Append(Font).Append(">\n<title>")
            .Append(HtmlText.Encode(title)).Append("</title>\n<desc id=\"").Append(id).Append("-desc\">").Append(HtmlText.Encode(description)).Append("</desc>\n");
    }

    private static void Legend(StringBuilder html, double y, (string Colour, string Label)[] items)
    {
        var x = LabelX;
        html.Append("<g class=\"legend\">\n");
        foreach (var (colour, label) in items)
        {
            Rect(html, x, y, 12, 12, colour, 2);
            Text(html, x + 18, y + 10, label, Muted, 12);
            x += 30 + (label.Length * 6.6);
        }

        html.Append("</g>\n");
    }

    private static void Pill(StringBuilder html, double x, double mid, GateStatus status)
    {
        Rect(html, x, mid - 10, PillWidth, 20, StatusStyle.Colour(status), 10);
        Text(html, x + (PillWidth / 2), mid + 4, StatusStyle.Label(status), "#ffffff", 10, "middle", bold: true);
    }

    private static void Rect(StringBuilder html, double x, double y, double w, double h, string fill, double radius)
    {
        html.Append("<rect x=\"").Append(HtmlText.Num(x)).Append("\" y=\"").Append(HtmlText.Num(y))
            .Append("\" width=\"").Append(HtmlText.Num(w)).Append("\" height=\"").Append(HtmlText.Num(h))
            .Append("\" fill=\"").Append(fill).Append('"');
        if (radius > 0)
        {
            html.Append(" rx=\"").Append(HtmlText.Num(radius)).Append('"');
        }

        html.Append("/>\n");
    }

    private static void Line(StringBuilder html, double x1, double y1, double x2, double y2, string stroke, double width)
    {
        html.Append("<line x1=\"").Append(HtmlText.Num(x1)).Append("\" y1=\"").Append(HtmlText.Num(y1))
            .Append("\" x2=\"").Append(HtmlText.Num(x2)).Append("\" y2=\"").Append(HtmlText.Num(y2))
            .Append("\" stroke=\"").Append(stroke).Append("\" stroke-width=\"").Append(HtmlText.Num(width)).Append("\"/>\n");
    }

    private static void Text(StringBuilder html, double x, double y, string text, string fill, double size, string anchor = "start", bool bold = false)
    {
        html.Append("<text x=\"").Append(HtmlText.Num(x)).Append("\" y=\"").Append(HtmlText.Num(y))
            .Append("\" font-size=\"").Append(HtmlText.Num(size)).Append("\" fill=\"").Append(fill).Append('"');
        if (anchor != "start")
        {
            html.Append(" text-anchor=\"").Append(anchor).Append('"');
        }

        if (bold)
        {
            html.Append(" font-weight=\"600\"");
        }

        html.Append('>').Append(HtmlText.Encode(text)).Append("</text>\n");
    }

    private static string Truncate(string text, int length) => text.Length <= length ? text : string.Concat(text.AsSpan(0, length - 1), "…");
}

/// <summary>One SLA attainment figure for the step chart.</summary>
/// <param name="Workflow">The workflow.</param>
/// <param name="Step">The step, or <c>all steps</c>.</param>
/// <param name="Value">The attainment, 0 to 1.</param>
/// <param name="ValueText">The attainment as formatted by the engine.</param>
/// <param name="Bound">The lowest passing attainment, when a gate bounds this metric alone.</param>
internal sealed record SlaPoint(string Workflow, string Step, double Value, string ValueText, double? Bound);
