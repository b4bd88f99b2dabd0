// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using System.Text.Json;
using AiOpsPolicy.Core.Diagnostics;
using AiOpsPolicy.Core.Results;
using AiOpsPolicy.Core.Text;

namespace AiOpsPolicy.Reporting;

/// <summary>
/// The GitLab Code Quality report (<c>artifacts:reports:codequality</c>): a JSON array with one issue
/// per gate that did not pass and per diagnostic. Severities: <c>blocker</c> for a gate that blocks,
/// <c>minor</c> for one that does not, <c>info</c> for a waived gate; diagnostics <c>critical</c>,
/// <c>minor</c> or <c>info</c>. The fingerprint is a SHA-256 of the check name, the repository-relative
/// path and (for diagnostics) the message, so an issue keeps its fingerprint when lines move and the
/// merge request widget shows only new and fixed issues.
/// </summary>
public sealed class GitLabCodeQualityWriter : IReportWriter
{
    private readonly ReportOptions _options;

    /// <summary>Initializes a new instance of the <see cref="GitLabCodeQualityWriter"/> class.</summary>
    /// <param name="options">The report options; null for the defaults.</param>
    public GitLabCodeQualityWriter(ReportOptions? options = null)
    {
        _options = options ?? ReportOptions.Default;
    }

    /// <inheritdoc />
    public string Format => "gitlab";

    /// <inheritdoc />
    public string DefaultFileName => "gl-code-quality-report.json";

    /// <inheritdoc />
    public void Write(GateRunResult result, Stream output)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(output);
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        using var writer = new Utf8JsonWriter(output, ReportJson.WriterOptions);
        writer.WriteStartArray();
        foreach (var gate in result.Gates.Where(g => g.Status != GateStatus.Pass))
        {
            var severity = gate.Status == GateStatus.Waived ? "info" : gate.Blocks ? "blocker" : "minor";
            WriteIssue(writer, seen, ReportText.GateMessage(gate), "aiops-policy/gate/" + gate.Gate, severity, gate.Location, string.Empty);
        }

        foreach (var diagnostic in DiagnosticOrder.Sort(result.Diagnostics.Where(d => d.Severity > DiagnosticSeverity.Off)))
        {
            var severity = diagnostic.Severity switch
            {
                DiagnosticSeverity.Error => "critical",
                DiagnosticSeverity.Warning => "minor",
                _ => "info",
            };
            WriteIssue(writer, seen, $"{diagnostic.Id}: {diagnostic.Message}", "aiops-policy/" + diagnostic.Id, severity, diagnostic.Location, diagnostic.Message);
        }

        writer.WriteEndArray();
    }

    private void WriteIssue(Utf8JsonWriter writer, Dictionary<string, int> seen, string description, string checkName, string severity, SourceLocation location, string identity)
    {
        var path = location.IsInFile ? RepositoryPath.Display(location.Path, _options.RepositoryRoot) : ".";
        var key = checkName + "\0" + path + "\0" + identity;
        seen[key] = seen.TryGetValue(key, out var count) ? count + 1 : 1;
        var fingerprint = ReportText.Sha256(key + "\0" + seen[key].ToString(System.Globalization.CultureInfo.InvariantCulture));

        writer.WriteStartObject();
        writer.WriteString("type", "issue");
        writer.WriteString("description", ReportText.Truncate(description, 4000));
        writer.WriteString("check_name", checkName);
        writer.WriteString("fingerprint", fingerprint);
        writer.WriteString("severity", severity);
        writer.WriteStartObject("location");
        writer.WriteString("path", path);
        writer.WriteStartObject("lines");
        writer.WriteNumber("begin", location.HasPosition ? location.StartLine : 1);
        if (location.HasPosition && location.EndLine > location.StartLine)
        {
            writer.WriteNumber("end", location.EndLine);
        }

        writer.WriteEndObject();
        writer.WriteEndObject();
        writer.WriteEndObject();
    }
}
