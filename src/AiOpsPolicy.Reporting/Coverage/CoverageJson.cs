// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using System.Globalization;
using System.Text.Json;
using AiOpsPolicy.Core.Oscal;
using AiOpsPolicy.Core.Results;

namespace AiOpsPolicy.Reporting.Coverage;

/// <summary>
/// The JSON forms of <c>aiops-policy coverage</c>: control coverage per period from the history store, and a framework
/// baseline's coverage. Share values are rounded to four places so that the same store gives the same bytes.
/// </summary>
public static class CoverageJson
{
    /// <summary>Writes <c>coverage --format json</c>: one row per period (and team or enforcement point), with each team's totals and the organisation's when grouped by team.</summary>
    /// <param name="writer">The JSON writer.</param>
    /// <param name="period">Weeks or months.</param>
    /// <param name="by">The grouping.</param>
    /// <param name="policySet">The policy set the rows are limited to, if any.</param>
    /// <param name="rows">The rows, oldest period first.</param>
    /// <param name="teams">Each team's totals over the range, lowest automated share first, and the organisation's; null unless grouped by team.</param>
    public static void WritePeriods(Utf8JsonWriter writer, CoveragePeriod period, CoverageGrouping by, string? policySet, IReadOnlyList<CoverageRow> rows, (IReadOnlyList<CoverageRow> Teams, CoverageRow Organisation)? teams)
    {
        writer.WriteStartObject();
        writer.WriteString("period", period == CoveragePeriod.Month ? "month" : "week");
        writer.WriteString("by", by switch
        {
            CoverageGrouping.Team => "team",
            CoverageGrouping.EnforcementPoint => "enforcement-point",
            _ => "none",
        });
        if (policySet is not null)
        {
            writer.WriteString("policySet", policySet);
        }

        writer.WriteStartArray("rows");
        foreach (var row in rows)
        {
            writer.WriteStartObject();
            writer.WriteString("period", CoverageText.Period(row.PeriodStart, period));
            writer.WriteString("starts", row.PeriodStart.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
            if (row.Group is { } group)
            {
                writer.WriteString(by == CoverageGrouping.Team ? "team" : "enforcementPoint", group);
            }

            WriteCounts(writer, row);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        if (teams is var (teamTotals, organisation))
        {
            writer.WriteStartObject("organisation");
            WriteCounts(writer, organisation);
            writer.WriteEndObject();
            writer.WriteStartArray("teams");
            foreach (var team in teamTotals)
            {
                writer.WriteStartObject();
                writer.WriteString("team", team.Group);
                WriteCounts(writer, team);
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteString("lowestTeam", teamTotals[0].Group);
        }

        writer.WriteEndObject();
    }

    private static void WriteCounts(Utf8JsonWriter writer, CoverageRow row)
    {
        writer.WriteNumber("observations", row.Observations);
        writer.WriteNumber("automatedAndEvidenced", row.AutomatedAndEvidenced);
        writer.WriteNumber("declaredOnly", row.DeclaredOnly);
        writer.WriteNumber("notAutomated", row.NotAutomated);
        writer.WriteNumber("automatedShare", Math.Round(row.AutomatedShare, 4));
    }

    /// <summary>Writes <c>coverage --catalog ... --format json</c>: a framework baseline's coverage by the latest run of each policy set.</summary>
    /// <param name="writer">The JSON writer.</param>
    /// <param name="catalogPath">The catalog or profile file, as given.</param>
    /// <param name="runs">The runs whose controls were counted.</param>
    /// <param name="report">The baseline's coverage.</param>
    public static void WriteFramework(Utf8JsonWriter writer, string catalogPath, IReadOnlyList<(string PolicySet, string RunId, DateTimeOffset RecordedAt)> runs, CatalogCoverageReport report)
    {
        writer.WriteStartObject();
        writer.WriteString("baseline", report.Baseline);
        writer.WriteString("catalogFile", catalogPath);
        writer.WriteStartArray("runs");
        foreach (var run in runs)
        {
            writer.WriteStartObject();
            writer.WriteString("policySet", run.PolicySet);
            writer.WriteString("runId", run.RunId);
            writer.WriteString("recordedAt", CoverageText.Time(run.RecordedAt));
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteNumber("catalogControls", report.Controls.Length);
        writer.WriteNumber("automatedAndEvidenced", report.Automated);
        writer.WriteNumber("declaredOnly", report.DeclaredOnly);
        writer.WriteNumber("missing", report.Missing);
        writer.WriteNumber("automatedShare", Math.Round(report.AutomatedShare, 4));
        writer.WriteStartArray("unknownIds");
        foreach (var id in report.UnknownIds)
        {
            writer.WriteStringValue(id);
        }

        writer.WriteEndArray();
        writer.WriteStartArray("controls");
        foreach (var control in report.Controls)
        {
            writer.WriteStartObject();
            writer.WriteString("id", control.Id);
            if (control.Title is { } title)
            {
                writer.WriteString("title", title);
            }

            writer.WriteString("status", control.Status switch
            {
                CatalogControlStatus.Automated => "automated",
                CatalogControlStatus.DeclaredOnly => "declared-only",
                _ => "missing",
            });
            writer.WriteStartArray("declaredBy");
            foreach (var name in control.DeclaredBy)
            {
                writer.WriteStringValue(name);
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
    }
}
