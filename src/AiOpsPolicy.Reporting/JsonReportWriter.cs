// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using System.Globalization;
using System.Text.Json;
using AiOpsPolicy.Core.Diagnostics;
using AiOpsPolicy.Core.Results;

namespace AiOpsPolicy.Reporting;

/// <summary>
/// The JSON report: the engine version, the digests of the policy set and the evidence, the
/// evaluation time and every gate's result. Properties are written in a fixed order and numbers in
/// invariant form, so the same inputs give the same bytes. Its schema is <c>schemas/report.schema.json</c>.
/// </summary>
public sealed class JsonReportWriter : IReportWriter
{
    /// <summary>The report format's version, written as <c>reportVersion</c>.</summary>
    public const string ReportVersion = "aiops-policy-report/v1";

    /// <inheritdoc />
    public string Format => "json";

    /// <inheritdoc />
    public string DefaultFileName => "aiops-policy-report.json";

    /// <inheritdoc />
    public void Write(GateRunResult result, Stream output)
    {
        using var writer = new Utf8JsonWriter(output, ReportJson.WriterOptions);
        writer.WriteStartObject();
        writer.WriteString("reportVersion", ReportVersion);
        writer.WriteString("engineVersion", result.EngineVersion);
        writer.WriteString("evaluatedAt", Time(result.EvaluatedAt));
        writer.WriteString("decision", result.Decision);
        writer.WriteStartObject("policySet");
        writer.WriteString("name", result.PolicySet);
        WriteOptional(writer, "version", result.PolicySetVersion);
        writer.WriteString("digest", result.PolicyDigest);
        writer.WriteEndObject();

        writer.WriteStartObject("evidence");
        writer.WriteString("digest", result.EvidenceDigest);
        writer.WriteStartArray("files");
        foreach (var file in result.Evidence.OrderBy(f => f.Path, StringComparer.Ordinal))
        {
            WriteEvidenceFile(writer, file);
        }

        writer.WriteEndArray();
        DataQualityReport.WriteJson(writer, result.DataQuality);
        writer.WriteEndObject();

        writer.WriteStartObject("summary");
        writer.WriteNumber("gates", result.Gates.Length);
        foreach (var status in Enum.GetValues<GateStatus>())
        {
            writer.WriteNumber(status.ToText(), result.Count(status));
        }

        writer.WriteNumber("blocking", result.Gates.Count(g => g.Blocks));
        writer.WriteEndObject();

        if (result.Score is { } score)
        {
            writer.WriteStartObject("score");
            writer.WriteNumber("score", Math.Round(score.Score, 9));
            writer.WriteNumber("passAt", Math.Round(score.PassAt, 9));
            writer.WriteNumber("warnAt", Math.Round(score.WarnAt, 9));
            writer.WriteString("status", score.Status.ToText());
            writer.WriteStartArray("failedKeyGates");
            foreach (var gate in score.FailedKeyGates)
            {
                writer.WriteStringValue(gate);
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        writer.WriteStartArray("gates");
        foreach (var gate in result.Gates)
        {
            WriteGate(writer, gate);
        }

        writer.WriteEndArray();

        writer.WriteStartArray("controls");
        foreach (var control in result.Controls)
        {
            writer.WriteStartObject();
            writer.WriteString("name", control.Name);
            WriteOptional(writer, "title", control.Title);
            writer.WriteBoolean("required", control.Required);
            writer.WriteBoolean("declaredAutomated", control.DeclaredAutomated);
            writer.WriteBoolean("evidenced", control.Evidenced);
            WriteOptional(writer, "lastAutomatedRun", control.LastAutomatedRun is { } automated ? Time(automated) : null);
            WriteOptional(writer, "lastRun", control.LastRun is { } any ? Time(any) : null);
            writer.WriteStartArray("enforcedAt");
            foreach (var point in control.EnforcedAt)
            {
                writer.WriteStringValue(point);
            }

            writer.WriteEndArray();
            writer.WriteStartArray("catalogIds");
            foreach (var id in control.CatalogIds)
            {
                writer.WriteStringValue(id);
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        writer.WriteEndArray();

        writer.WriteStartArray("waivers");
        foreach (var waiver in result.Waivers)
        {
            WriteWaiver(writer, waiver);
        }

        writer.WriteEndArray();

        WriteFindings(writer, result);

        writer.WriteStartArray("diagnostics");
        foreach (var diagnostic in result.Diagnostics)
        {
            WriteDiagnostic(writer, diagnostic);
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    private static void WriteGate(Utf8JsonWriter writer, GateResult gate)
    {
        writer.WriteStartObject();
        writer.WriteString("name", gate.Gate);
        WriteOptional(writer, "description", gate.Description);
        writer.WriteString("severity", gate.Severity.ToString().ToLowerInvariant());
        writer.WriteString("status", gate.Status.ToText());
        writer.WriteBoolean("blocks", gate.Blocks);
        if (gate.Weight is { } weight)
        {
            writer.WriteNumber("weight", weight);
        }

        if (gate.Key)
        {
            writer.WriteBoolean("key", true);
        }

        WriteOptional(writer, "observed", gate.Observed);
        if (gate.ObservedValue is { } value)
        {
            // The exact double, in its shortest round-trip form: 1E-12 stays 1E-12 (docs/reports.md).
            writer.WriteNumber("observedValue", value);
        }

        WriteOptional(writer, "bound", gate.Bound);
        if (gate.ConditionHeld is { } held)
        {
            writer.WriteBoolean("conditionHeld", held);
        }

        writer.WriteString("explanation", gate.Explanation);
        writer.WriteStartArray("clauses");
        foreach (var clause in gate.Clauses)
        {
            writer.WriteStartObject();
            writer.WriteString("text", clause.Text);
            if (clause.Value is { } clauseValue)
            {
                writer.WriteBoolean("value", clauseValue);
            }
            else
            {
                writer.WriteNull("value");
            }

            WriteOptional(writer, "problem", clause.Problem);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteStartArray("metrics");
        foreach (var metric in gate.Metrics)
        {
            writer.WriteStartObject();
            writer.WriteString("metric", metric.Metric);
            writer.WriteString("value", metric.Value);
            if (metric.Numerator is { } n)
            {
                writer.WriteNumber("numerator", n);
            }

            if (metric.Denominator is { } d)
            {
                writer.WriteNumber("denominator", d);
            }

            writer.WriteNumber("sampleSize", metric.SampleSize);
            writer.WriteString("explanation", metric.Explanation);
            writer.WriteStartArray("assumptions");
            foreach (var assumption in metric.Assumptions)
            {
                writer.WriteStringValue(assumption);
            }

            writer.WriteEndArray();
            writer.WriteStartArray("failingRecords");
            foreach (var record in metric.FailingRecords)
            {
                writer.WriteStringValue(record);
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteStartObject("provenance");
        writer.WriteStartArray("evidenceKinds");
        foreach (var kind in gate.EvidenceKinds)
        {
            writer.WriteStringValue(kind);
        }

        writer.WriteEndArray();
        writer.WriteStartArray("evidenceFiles");
        foreach (var file in gate.EvidenceFiles)
        {
            WriteEvidenceFile(writer, file);
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
        if (gate.Waiver is { } waiver)
        {
            writer.WritePropertyName("waiver");
            WriteWaiver(writer, waiver);
        }

        if (gate.WaivedStatus is { } waivedStatus)
        {
            writer.WriteString("waivedStatus", waivedStatus.ToText());
        }

        if (gate.Baseline is { } baseline)
        {
            WriteBaseline(writer, baseline);
        }

        WriteLocation(writer, gate.Location);
        writer.WriteEndObject();
    }

    private static void WriteFindings(Utf8JsonWriter writer, GateRunResult result)
    {
        writer.WriteStartArray("findings");
        foreach (var finding in result.Findings)
        {
            writer.WriteStartObject();
            writer.WriteString("name", finding.Name);
            writer.WriteString("status", finding.Status == FindingStatus.Error ? "error" : "found");
            WriteOptional(writer, "group", finding.Group);
            WriteOptional(writer, "owner", finding.Owner);
            writer.WriteString("message", finding.Message);
            if (finding.Location is { } location)
            {
                WriteLocation(writer, location);
            }

            writer.WriteEndObject();
        }

        writer.WriteEndArray();
    }

    private static void WriteBaseline(Utf8JsonWriter writer, BaselineResult baseline)
    {
        writer.WriteStartObject("baseline");
        writer.WriteString("from", baseline.From);
        writer.WriteNumber("requested", baseline.Requested);
        writer.WriteStartArray("runs");
        foreach (var run in baseline.Runs)
        {
            writer.WriteStringValue(run);
        }

        writer.WriteEndArray();
        if (baseline.Value is { } value)
        {
            writer.WriteNumber("value", Math.Round(value, 9));
        }

        writer.WriteNumber("tolerance", Math.Round(baseline.Tolerance, 9));
        if (baseline.Limit is { } limit)
        {
            writer.WriteNumber("limit", Math.Round(limit, 9));
        }

        if (baseline.Held is { } held)
        {
            writer.WriteBoolean("held", held);
        }

        writer.WriteString("explanation", baseline.Display);
        writer.WriteEndObject();
    }

    private static void WriteWaiver(Utf8JsonWriter writer, WaiverInfo waiver)
    {
        writer.WriteStartObject();
        writer.WriteString("name", waiver.Name);
        writer.WriteString("owner", waiver.Owner);
        writer.WriteString("reason", waiver.Reason);
        writer.WriteString("ticket", waiver.Ticket);
        writer.WriteString("expires", Time(waiver.Expires));
        writer.WriteStartArray("gates");
        foreach (var gate in waiver.Gates)
        {
            writer.WriteStringValue(gate);
        }

        writer.WriteEndArray();
        writer.WriteBoolean("expired", waiver.Expired);
        writer.WriteEndObject();
    }

    private static void WriteEvidenceFile(Utf8JsonWriter writer, Core.Evidence.EvidenceFile file)
    {
        writer.WriteStartObject();
        writer.WriteString("path", file.Path);
        writer.WriteString("kind", Core.Evidence.EvidenceKinds.Name(file.Kind));
        writer.WriteNumber("records", file.Records);
        if (file.Invalid > 0)
        {
            writer.WriteNumber("invalid", file.Invalid);
        }

        WriteOptional(writer, "collectedAt", file.CollectedAt is { } c ? Time(c) : null);
        writer.WriteEndObject();
    }

    private static void WriteDiagnostic(Utf8JsonWriter writer, Diagnostic diagnostic)
    {
        writer.WriteStartObject();
        writer.WriteString("code", diagnostic.Id);
        writer.WriteString("severity", diagnostic.Severity.ToString().ToLowerInvariant());
        writer.WriteString("message", diagnostic.Message);
        WriteLocation(writer, diagnostic.Location);
        writer.WriteEndObject();
    }

    private static void WriteLocation(Utf8JsonWriter writer, Core.Text.SourceLocation location)
    {
        if (!location.IsInFile)
        {
            return;
        }

        writer.WriteStartObject("location");
        writer.WriteString("file", location.Path);
        if (location.HasPosition)
        {
            writer.WriteNumber("line", location.StartLine);
            writer.WriteNumber("column", location.StartColumn);
            writer.WriteNumber("endLine", location.EndLine);
            writer.WriteNumber("endColumn", location.EndColumn);
        }

        writer.WriteEndObject();
    }

    private static void WriteOptional(Utf8JsonWriter writer, string name, string? value)
    {
        if (value is not null)
        {
            writer.WriteString(name, value);
        }
    }

    private static string Time(DateTimeOffset time) => time.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", CultureInfo.InvariantCulture);
}
