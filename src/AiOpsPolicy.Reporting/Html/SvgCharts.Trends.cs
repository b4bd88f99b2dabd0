// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using System.Text;
using AiOpsPolicy.Core.Units;
using AiOpsPolicy.Reporting.Review;

namespace AiOpsPolicy.Reporting.Html;

/// <content>Charts over time: sparklines, coverage per week and small multiples of metric trends.</content>
internal static partial class SvgCharts
{
    private const string TrendLine = "#2f6aa8";
    private const string Grid = "#e3e7ed";

    /// <summary>A value as a person reads it: a percentage, a duration or a number.</summary>
    /// <param name="value">The value in its base unit.</param>
    /// <param name="kind">Its kind.</param>
    /// <returns>The text.</returns>
    public static string Quantity(double value, QuantityKind kind) => kind switch
    {
        QuantityKind.Percentage => HtmlText.Percent(value),
        QuantityKind.Duration => UnitFormat.Duration(TimeSpan.FromSeconds(value)),
        _ => UnitFormat.Number(value),
    };

    /// <summary>A sparkline of weekly values: a line through the weeks with a value, the last one marked.</summary>
    /// <param name="html">Where to write.</param>
    /// <param name="label">What the values are of.</param>
    /// <param name="weeks">The weeks, oldest first.</param>
    /// <param name="values">One value per week, null where there is none.</param>
    /// <param name="kind">The kind of quantity.</param>
    public static void Sparkline(StringBuilder html, string label, IReadOnlyList<IsoWeek> weeks, IReadOnlyList<double?> values, QuantityKind kind)
    {
        const double W = 120;
        const double H = 28;
        var known = values.OfType<double>().ToList();
        var description = label + ", " + weeks[0] + " to " + weeks[^1] + ": "
            + string.Join(", ", weeks.Select((w, i) => "W" + w.Week.ToString("00", System.Globalization.CultureInfo.InvariantCulture) + " " + (values[i] is { } v ? Quantity(v, kind) : "no run")));
        html.Append("<svg class=\"spark\" data-testid=\"sparkline\" role=\"img\" viewBox=\"0 0 120 28\" width=\"120\" height=\"28\" aria-label=\"").Append(HtmlText.Encode(description))
            .Append("\"><title>").Append(HtmlText.Encode(description)).Append("</title>\n");
        Line(html, 2, H - 3, W - 2, H - 3, Grid, 1);
        if (known.Count > 0)
        {
            var lo = known.Min();
            var hi = known.Max();
            double X(int i) => 4 + ((W - 8) * i / Math.Max(1, weeks.Count - 1));
            double Y(double v) => hi - lo < 1e-12 ? H / 2 : (H - 5) - ((H - 9) * (v - lo) / (hi - lo));
            PolylineSegments(html, values, X, Y, TrendLine, 1.6);
            var last = values.Count - 1;
            while (last >= 0 && values[last] is null)
            {
                last--;
            }

            Circle(html, X(last), Y(values[last] ?? 0), 2.6, TrendLine);
        }

        html.Append("</svg>");
    }

    /// <summary>Required control coverage per week over the trend window, as a line on a 0 to 100% axis.</summary>
    /// <param name="html">Where to write.</param>
    /// <param name="trends">The trends.</param>
    public static void CoverageTrend(StringBuilder html, ReportTrends trends)
    {
        const double Height = 230;
        const double Left = 56;
        const double Top = 34;
        const double PlotHeight = 150;
        var weeks = trends.Window;
        var right = Width - 24;
        var points = trends.Coverage.Where(p => p.Coverage.Share is not null).ToList();
        var description = points.Count == 0
            ? "No recorded run in the window declares a required control."
            : "Required controls automated and evidenced, per week: " + string.Join("; ", points.Select(p => $"{p.Week} {HtmlText.Percent(p.Coverage.Share ?? 0)} ({p.Coverage.Covered} of {p.Coverage.Required})"));
        Open(html, "coverage-trend-chart", "Required control coverage per week, last " + HtmlText.Int(weeks.Length) + " weeks", description, Height);
        double X(int i) => Left + 20 + ((right - Left - 40) * i / Math.Max(1, weeks.Length - 1));
        double Y(double v) => Top + PlotHeight - (PlotHeight * Math.Clamp(v, 0, 1));
        foreach (var tick in new[] { 0, 0.25, 0.5, 0.75, 1 })
        {
            Line(html, Left, Y(tick), right, Y(tick), Grid, 1);
            Text(html, Left - 6, Y(tick) + 4, HtmlText.Percent(tick), Muted, 10, "end");
        }

        for (var i = 0; i < weeks.Length; i++)
        {
            Text(html, X(i), Top + PlotHeight + 18, "W" + weeks[i].Week.ToString("00", System.Globalization.CultureInfo.InvariantCulture), i == weeks.Length - 1 ? Ink : Muted, 11, "middle", bold: i == weeks.Length - 1);
        }

        Text(html, Left, Top + PlotHeight + 36, weeks[0] + " to " + weeks[^1] + "; the last week includes this run", Muted, 11);
        if (points.Count == 0)
        {
            Text(html, Left + 12, Top + 20, "No required controls recorded.", Muted, 13);
        }

        var values = weeks.Select(w => points.FirstOrDefault(p => p.Week == w)?.Coverage.Share).ToList();
        PolylineSegments(html, values, X, Y, TrendLine, 2.4);
        for (var i = 0; i < weeks.Length; i++)
        {
            if (points.FirstOrDefault(p => p.Week == weeks[i]) is not { } point)
            {
                continue;
            }

            var share = point.Coverage.Share ?? 0;
            html.Append("<g data-week=\"").Append(weeks[i]).Append("\"><title>")
                .Append(HtmlText.Encode($"{weeks[i]}: {HtmlText.Percent(share)}, {point.Coverage.Covered} of {point.Coverage.Required} required controls automated and evidenced")).Append("</title>\n");
            Circle(html, X(i), Y(share), 4, TrendLine);
            Text(html, X(i), Y(share) - 9, HtmlText.Percent(share), Ink, 11, "middle", bold: i == weeks.Length - 1);
            html.Append("</g>\n");
        }

        html.Append("</svg>\n");
    }

    /// <summary>One small panel per metric of the run: its weekly values over the window, on its own scale.</summary>
    /// <param name="html">Where to write.</param>
    /// <param name="trends">The trends.</param>
    public static void MetricTrends(StringBuilder html, ReportTrends trends)
    {
        const int Columns = 3;
        const double PanelWidth = 304;
        const double PanelHeight = 132;
        const double Gap = 12;
        var series = trends.Metrics;
        var rows = Math.Max(1, (series.Length + Columns - 1) / Columns);
        var height = 8 + (rows * (PanelHeight + Gap));
        var description = series.Length == 0
            ? "No gate of this run reports a numeric metric."
            : string.Join("; ", series.Select(s => s.Metric + ": " + string.Join(", ", s.Points.Select(p => p.Week + " " + p.Text))));
        Open(html, "metric-trends-chart", "Metric trends, one panel per metric, last " + HtmlText.Int(trends.Window.Length) + " weeks", description, height);
        if (series.Length == 0)
        {
            Text(html, LabelX, 30, "No gate of this run reports a numeric metric.", Muted, 13);
        }

        var weeks = trends.Window;
        for (var s = 0; s < series.Length; s++)
        {
            var item = series[s];
            var left = LabelX + (s % Columns * (PanelWidth + Gap));
            var top = 4 + (s / Columns * (PanelHeight + Gap));
            var plotTop = top + 48;
            const double PlotHeight = 64;
            var values = weeks.Select(w => item.Points.FirstOrDefault(p => p.Week == w)?.Value).ToList();
            var known = values.OfType<double>().ToList();
            var lo = known.Count == 0 ? 0 : known.Min();
            var hi = known.Count == 0 ? 1 : known.Max();
            double X(int i) => left + 10 + ((PanelWidth - 20) * i / Math.Max(1, weeks.Length - 1));
            double Y(double v) => hi - lo < 1e-12 ? plotTop + (PlotHeight / 2) : plotTop + PlotHeight - (PlotHeight * (v - lo) / (hi - lo));
            var latest = item.Points.IsEmpty ? null : item.Points[^1];
            var direction = MetricDirection.HigherIsBetter(item.Metric) switch { true => "higher is better", false => "lower is better", _ => "no preferred direction" };
            html.Append("<g data-metric=\"").Append(HtmlText.Encode(item.Metric)).Append("\"><title>")
                .Append(HtmlText.Encode($"{item.Metric} ({item.Gate}, {direction}): " + string.Join(", ", item.Points.Select(p => p.Week + " " + p.Text)))).Append("</title>\n");
            Rect(html, left, top, PanelWidth, PanelHeight, "#fafbfc", 6);
            Text(html, left + 10, top + 18, Truncate(item.Metric, 44), Ink, 12, bold: true);
            Text(html, left + 10, top + 34, Truncate(item.Gate + " · " + direction, 48), Muted, 10);
            Text(html, left + PanelWidth - 10, top + 34, latest?.Text ?? "n/a", Ink, 13, "end", bold: true);
            Line(html, left + 10, plotTop + PlotHeight + 4, left + PanelWidth - 10, plotTop + PlotHeight + 4, Grid, 1);
            PolylineSegments(html, values, X, Y, TrendLine, 1.8);
            for (var i = 0; i < values.Count; i++)
            {
                if (values[i] is { } v)
                {
                    Circle(html, X(i), Y(v), i == values.Count - 1 ? 3.6 : 2.2, TrendLine);
                }
            }

            Text(html, left + 10, top + PanelHeight - 6, known.Count < 2 ? "one week recorded" : "low " + Quantity(lo, item.Kind) + " · high " + Quantity(hi, item.Kind), Muted, 10);
            html.Append("</g>\n");
        }

        html.Append("</svg>\n");
    }

    /// <summary>Draws a line through consecutive known values, broken where a value is missing.</summary>
    private static void PolylineSegments(StringBuilder html, IReadOnlyList<double?> values, Func<int, double> x, Func<double, double> y, string stroke, double width)
    {
        var segment = new List<string>();
        void Flush()
        {
            if (segment.Count > 1)
            {
                html.Append("<polyline points=\"").Append(string.Join(' ', segment)).Append("\" fill=\"none\" stroke=\"").Append(stroke)
                    .Append("\" stroke-width=\"").Append(HtmlText.Num(width)).Append("\" stroke-linejoin=\"round\" stroke-linecap=\"round\"/>\n");
            }

            segment.Clear();
        }

        for (var i = 0; i < values.Count; i++)
        {
            if (values[i] is { } v)
            {
                segment.Add(HtmlText.Num(x(i)) + "," + HtmlText.Num(y(v)));
            }
            else
            {
                Flush();
            }
        }

        Flush();
    }

    private static void Circle(StringBuilder html, double cx, double cy, double r, string fill) =>
        html.Append("<circle cx=\"").Append(HtmlText.Num(cx)).Append("\" cy=\"").Append(HtmlText.Num(cy)).Append("\" r=\"").Append(HtmlText.Num(r))
            .Append("\" fill=\"").Append(fill).Append("\"/>\n");
}
