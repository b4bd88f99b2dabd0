// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using AiOpsPolicy.Core.Evidence;

namespace AiOpsPolicy.Reporting;

/// <summary>
/// The data-quality section every report carries: per evidence kind, how many records were valid and
/// how many were left out (quarantined), and the first invalid records with their file, line, field,
/// reason and allowed values. One place, so that JSON, Markdown, HTML and the console say the same.
/// </summary>
public static class DataQualityReport
{
    /// <summary>The invalid records shown per kind in the Markdown report and on the console (the JSON report has up to <see cref="EvidenceQuality.ListedPerKind"/>).</summary>
    public const int ShownPerKind = 10;

    /// <summary>Writes the JSON object <c>dataQuality</c>: counts per kind (exact) and the listed invalid records.</summary>
    /// <param name="writer">The writer, inside an object.</param>
    /// <param name="quality">The data quality.</param>
    public static void WriteJson(Utf8JsonWriter writer, EvidenceQuality quality)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(quality);
        writer.WriteStartObject("dataQuality");
        writer.WriteNumber("invalid", quality.Invalid);
        writer.WriteStartArray("kinds");
        foreach (var kind in quality.Kinds)
        {
            writer.WriteStartObject();
            writer.WriteString("kind", kind.Name);
            writer.WriteNumber("valid", kind.Valid);
            writer.WriteNumber("invalid", kind.Invalid);
            writer.WriteNumber("invalidShare", kind.InvalidShare);
            writer.WriteStartArray("records");
            foreach (var record in kind.Listed)
            {
                writer.WriteStartObject();
                writer.WriteString("file", record.Location.Path);
                if (record.Location.HasPosition)
                {
                    writer.WriteNumber("line", record.Location.StartLine);
                    writer.WriteNumber("column", record.Location.StartColumn);
                }

                writer.WriteString("record", record.Record);
                writer.WriteStartArray("problems");
                foreach (var problem in record.Problems)
                {
                    writer.WriteStartObject();
                    writer.WriteString("field", problem.Field);
                    writer.WriteString("reason", problem.Reason);
                    writer.WriteString("allowed", problem.Allowed);
                    writer.WriteEndObject();
                }

                writer.WriteEndArray();
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    /// <summary>The Markdown section, or null when every record was valid.</summary>
    /// <param name="quality">The data quality.</param>
    /// <param name="escape">Escapes text for Markdown.</param>
    /// <returns>The section's text.</returns>
    public static string? Markdown(EvidenceQuality quality, Func<string, string> escape)
    {
        ArgumentNullException.ThrowIfNull(quality);
        ArgumentNullException.ThrowIfNull(escape);
        if (quality.IsClean)
        {
            return null;
        }

        var builder = new StringBuilder("\n## Data quality\n\n");
        builder.Append(CultureInfo.InvariantCulture, $"{Count(quality.Invalid)} invalid evidence record(s) were left out of every metric.\n\n");
        builder.Append("| kind | valid | invalid | invalid share |\n|---|---|---|---|\n");
        foreach (var kind in quality.Kinds.Where(k => k.Invalid > 0))
        {
            builder.Append(CultureInfo.InvariantCulture, $"| {escape(kind.Name)} | {Count(kind.Valid)} | {Count(kind.Invalid)} | {Share(kind.InvalidShare)} |\n");
        }

        builder.Append('\n');
        foreach (var kind in quality.Kinds.Where(k => k.Invalid > 0))
        {
            foreach (var record in kind.Listed.Take(ShownPerKind))
            {
                builder.Append(CultureInfo.InvariantCulture, $"- `{escape(Where(record))}` {escape(kind.Name)} record {escape(record.Record)}: {escape(record.Text)}\n");
            }

            if (kind.Invalid > Math.Min(kind.Listed.Length, ShownPerKind))
            {
                builder.Append(CultureInfo.InvariantCulture, $"- ... and {Count(kind.Invalid - Math.Min(kind.Listed.Length, ShownPerKind))} more invalid {escape(kind.Name)} record(s) (the JSON report lists up to {EvidenceQuality.ListedPerKind} per kind)\n");
            }
        }

        return builder.ToString();
    }

    /// <summary>The HTML section, or an empty string when every record was valid.</summary>
    /// <param name="quality">The data quality.</param>
    /// <returns>The section's HTML.</returns>
    public static string Html(EvidenceQuality quality)
    {
        ArgumentNullException.ThrowIfNull(quality);
        if (quality.IsClean)
        {
            return string.Empty;
        }

        var html = new StringBuilder("<section id=\"data-quality\" class=\"card\" aria-labelledby=\"data-quality-h\" data-testid=\"data-quality\">\n<h2 id=\"data-quality-h\">Data quality</h2>\n");
        html.Append("<p>").Append(Count(quality.Invalid)).Append(" invalid evidence record(s) were left out of every metric.</p>\n");
        html.Append("<div class=\"table-wrap\">\n<table>\n<thead><tr><th scope=\"col\">Kind</th><th scope=\"col\" class=\"num\">Valid</th><th scope=\"col\" class=\"num\">Invalid</th><th scope=\"col\" class=\"num\">Invalid share</th></tr></thead>\n<tbody>\n");
        foreach (var kind in quality.Kinds.Where(k => k.Invalid > 0))
        {
            html.Append("<tr><th scope=\"row\">").Append(WebUtility.HtmlEncode(kind.Name)).Append("</th><td class=\"num\">").Append(Count(kind.Valid))
                .Append("</td><td class=\"num\">").Append(Count(kind.Invalid)).Append("</td><td class=\"num\">").Append(Share(kind.InvalidShare)).Append("</td></tr>\n");
        }

        html.Append("</tbody>\n</table>\n</div>\n<ul>\n");
        foreach (var kind in quality.Kinds.Where(k => k.Invalid > 0))
        {
            foreach (var record in kind.Listed.Take(ShownPerKind))
            {
                html.Append("<li><code>").Append(WebUtility.HtmlEncode(Where(record))).Append("</code> ").Append(WebUtility.HtmlEncode(kind.Name)).Append(" record ")
                    .Append(WebUtility.HtmlEncode(record.Record)).Append(": ").Append(WebUtility.HtmlEncode(record.Text)).Append("</li>\n");
            }

            if (kind.Invalid > Math.Min(kind.Listed.Length, ShownPerKind))
            {
                html.Append("<li>... and ").Append(Count(kind.Invalid - Math.Min(kind.Listed.Length, ShownPerKind))).Append(" more invalid ").Append(WebUtility.HtmlEncode(kind.Name)).Append(" record(s)</li>\n");
            }
        }

        html.Append("</ul>\n</section>\n");
        return html.ToString();
    }

    /// <summary>The console lines, empty when every record was valid.</summary>
    /// <param name="quality">The data quality.</param>
    /// <returns>The lines, without indentation.</returns>
    public static IEnumerable<string> ConsoleLines(EvidenceQuality quality)
    {
        ArgumentNullException.ThrowIfNull(quality);
        if (quality.IsClean)
        {
            yield break;
        }

        yield return $"Data quality: {Count(quality.Invalid)} invalid evidence record(s) left out";
        foreach (var kind in quality.Kinds.Where(k => k.Invalid > 0))
        {
            yield return $"  {kind.Name}: {Count(kind.Invalid)} of {Count(kind.Total)} invalid ({Share(kind.InvalidShare)})";
            foreach (var record in kind.Listed.Take(3))
            {
                yield return $"    {Where(record)} {record.Record}: {record.Text}";
            }
        }
    }

    /// <summary>A share as a percentage with up to four decimals, so that one bad record in a million still shows.</summary>
    /// <param name="fraction">The share.</param>
    /// <returns>The text, such as 0.0012%.</returns>
    public static string Share(double fraction) => (fraction * 100).ToString("0.####", CultureInfo.InvariantCulture) + "%";

    private static string Count(long value) => value.ToString("N0", CultureInfo.InvariantCulture);

    private static string Where(QuarantinedRecord record) => record.Location.HasPosition
        ? $"{record.Location.Path}({record.Location.StartLine.ToString(CultureInfo.InvariantCulture)},{record.Location.StartColumn.ToString(CultureInfo.InvariantCulture)})"
        : record.Location.Path;
}
