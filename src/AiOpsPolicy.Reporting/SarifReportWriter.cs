// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using System.Text.Json;
using AiOpsPolicy.Core;
using AiOpsPolicy.Core.Diagnostics;
using AiOpsPolicy.Core.Results;
using AiOpsPolicy.Core.Text;

namespace AiOpsPolicy.Reporting;

/// <summary>
/// The SARIF 2.1.0 report, in the subset GitHub code scanning reads. There is one rule per gate
/// (id = the gate's name) and one per diagnostic code used; there is one result per gate that did
/// not pass and one per diagnostic. Levels: <c>error</c> for a gate that blocks and for error
/// diagnostics, <c>warning</c> for a gate that did not pass but does not block and for warnings,
/// <c>note</c> for a waived gate (which also carries an accepted external suppression) and for
/// informational diagnostics. Paths are repository-relative under <c>%SRCROOT%</c>; every located
/// result has a <c>primaryLocationLineHash</c>. At most <see cref="MaxResults"/> results are written,
/// most severe first, and the run says how many were left out.
/// </summary>
public sealed class SarifReportWriter : IReportWriter
{
    /// <summary>The most results written in a run: what GitHub displays of the 25,000 it accepts.</summary>
    public const int MaxResults = 5000;

    /// <summary>The longest result message written, in characters; longer ones are cut with a note.</summary>
    public const int MaxMessageLength = 4000;

    /// <summary>The tool's information address, written as <c>tool.driver.informationUri</c>.</summary>
    public const string InformationUri = "https://github.com/aiops-policy/aiops-policy";

    /// <summary>The SARIF schema address written as <c>$schema</c>.</summary>
    public const string SchemaUri = "https://json.schemastore.org/sarif-2.1.0.json";

    private const string SourceRoot = "%SRCROOT%";

    private readonly ReportOptions _options;

    /// <summary>Initializes a new instance of the <see cref="SarifReportWriter"/> class.</summary>
    /// <param name="options">The report options; null for the defaults.</param>
    public SarifReportWriter(ReportOptions? options = null)
    {
        _options = options ?? ReportOptions.Default;
    }

    /// <inheritdoc />
    public string Format => "sarif";

    /// <inheritdoc />
    public string DefaultFileName => "aiops-policy.sarif";

    /// <summary>Writes SARIF for diagnostics alone, as <c>validate --format sarif</c> does.</summary>
    /// <param name="diagnostics">The diagnostics.</param>
    /// <param name="output">Where to write.</param>
    /// <param name="options">The report options; null for the defaults.</param>
    public static void WriteDiagnostics(IEnumerable<Diagnostic> diagnostics, Stream output, ReportOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(diagnostics);
        ArgumentNullException.ThrowIfNull(output);
        var results = DiagnosticOrder.Sort(diagnostics.Where(d => d.Severity > DiagnosticSeverity.Off))
            .Select(FromDiagnostic)
            .ToList();
        WriteRun(output, options ?? ReportOptions.Default, [], results, run: null, "aiops-policy/validate/");
    }

    /// <inheritdoc />
    public void Write(GateRunResult result, Stream output)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(output);
        var results = result.Gates
            .Where(g => g.Status != GateStatus.Pass)
            .Select(FromGate)
            .Concat(DiagnosticOrder.Sort(result.Diagnostics.Where(d => d.Severity > DiagnosticSeverity.Off)).Select(FromDiagnostic))
            .ToList();
        WriteRun(output, _options, result.Gates, results, result, $"aiops-policy/gate/{result.PolicySet}/");
    }

    private static SarifResult FromGate(GateResult gate)
    {
        var level = gate.Status == GateStatus.Waived ? "note" : gate.Blocks ? "error" : "warning";
        return new SarifResult(gate.Gate, null, level, ReportText.GateMessage(gate), gate.Location, gate);
    }

    private static SarifResult FromDiagnostic(Diagnostic diagnostic)
    {
        var level = diagnostic.Severity switch
        {
            DiagnosticSeverity.Error => "error",
            DiagnosticSeverity.Warning => "warning",
            _ => "note",
        };
        return new SarifResult(diagnostic.Id, diagnostic.Descriptor, level, diagnostic.Message, diagnostic.Location, null);
    }

    private static int Rank(string level) => level switch
    {
        "error" => 0,
        "warning" => 1,
        _ => 2,
    };

    /// <summary>
    /// Writes the one run. <paramref name="category"/> goes to <c>automationDetails.id</c>: ending in a
    /// slash, it is a category without a run id, so GitHub code scanning keeps the validate and gate uploads
    /// (and each policy set's gate) apart and replaces each with its own next upload, and the report stays
    /// the same byte for byte for the same inputs.
    /// </summary>
    private static void WriteRun(Stream output, ReportOptions options, IReadOnlyList<GateResult> gates, List<SarifResult> all, GateRunResult? run, string category)
    {
        // Most severe first, stable within a level, then cut to what GitHub displays.
        var results = all.Select((r, i) => (r, i)).OrderBy(x => Rank(x.r.Level)).ThenBy(x => x.i).Select(x => x.r).Take(MaxResults).ToList();
        var omitted = all.Count - results.Count;

        var ruleIndex = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var gate in gates)
        {
            ruleIndex.TryAdd(gate.Gate, ruleIndex.Count);
        }

        var descriptors = results.Where(r => r.Descriptor is not null).Select(r => r.Descriptor!).DistinctBy(d => d.Id).OrderBy(d => d.Id, StringComparer.Ordinal).ToList();
        foreach (var descriptor in descriptors)
        {
            ruleIndex.TryAdd(descriptor.Id, ruleIndex.Count);
        }

        var hasher = new SourceLineHasher();
        using var writer = new Utf8JsonWriter(output, ReportJson.WriterOptions);
        writer.WriteStartObject();
        writer.WriteString("$schema", SchemaUri);
        writer.WriteString("version", "2.1.0");
        writer.WriteStartArray("runs");
        writer.WriteStartObject();

        writer.WriteStartObject("tool");
        writer.WriteStartObject("driver");
        writer.WriteString("name", "aiops-policy");
        writer.WriteString("fullName", $"aiops-policy {run?.EngineVersion ?? EngineInfo.Version} ({(run is null ? "validate" : "gate")})");
        writer.WriteString("version", run?.EngineVersion ?? EngineInfo.Version);
        writer.WriteString("semanticVersion", run?.EngineVersion ?? EngineInfo.Version);
        writer.WriteString("informationUri", InformationUri);
        writer.WriteStartArray("rules");
        foreach (var gate in gates.DistinctBy(g => g.Gate))
        {
            WriteGateRule(writer, gate);
        }

        foreach (var descriptor in descriptors)
        {
            WriteDiagnosticRule(writer, descriptor);
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
        writer.WriteEndObject();

        writer.WriteStartObject("automationDetails");
        writer.WriteString("id", category);
        WriteText(writer, "description", run is null ? "aiops-policy validate: problems in the policy files" : $"aiops-policy gate: gates of {run.PolicySet} that did not pass");
        writer.WriteEndObject();

        writer.WriteStartArray("invocations");
        writer.WriteStartObject();
        writer.WriteBoolean("executionSuccessful", true);
        if (run is not null)
        {
            writer.WriteString("endTimeUtc", ReportText.Time(run.EvaluatedAt));
        }

        if (omitted > 0)
        {
            writer.WriteStartArray("toolExecutionNotifications");
            writer.WriteStartObject();
            writer.WriteString("level", "warning");
            writer.WriteStartObject("message");
            writer.WriteString("text", $"{omitted} result(s) were left out: GitHub displays at most {MaxResults} results per run. The JSON report has them all.");
            writer.WriteEndObject();
            writer.WriteEndObject();
            writer.WriteEndArray();
        }

        writer.WriteEndObject();
        writer.WriteEndArray();

        writer.WriteString("columnKind", "utf16CodeUnits");
        writer.WriteStartArray("results");
        foreach (var result in results)
        {
            WriteResult(writer, result, ruleIndex[result.RuleId], options, hasher);
        }

        writer.WriteEndArray();

        if (run is not null)
        {
            writer.WriteStartObject("properties");
            writer.WriteString("decision", run.Decision);
            writer.WriteString("policySet", run.PolicySet);
            if (run.PolicySetVersion is { } version)
            {
                writer.WriteString("policySetVersion", version);
            }

            writer.WriteString("policyDigest", run.PolicyDigest);
            writer.WriteString("evidenceDigest", run.EvidenceDigest);
            writer.WriteString("evaluatedAt", ReportText.Time(run.EvaluatedAt));
            writer.WriteNumber("omittedResults", omitted);
            writer.WriteEndObject();
        }

        writer.WriteEndObject();
        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    private static void WriteGateRule(Utf8JsonWriter writer, GateResult gate)
    {
        var severity = ReportText.Severity(gate);
        var description = gate.Description ?? $"Release gate {gate.Gate}.";
        writer.WriteStartObject();
        writer.WriteString("id", gate.Gate);

        // SARIF: the id is the stable identifier, the name a readable one, and they must differ (Multitool SARIF1001).
        var name = RuleName(gate.Gate);
        if (!string.Equals(name, gate.Gate, StringComparison.Ordinal))
        {
            writer.WriteString("name", name);
        }

        WriteText(writer, "shortDescription", ReportText.Truncate(description, 1000));
        WriteText(writer, "fullDescription", ReportText.Truncate($"{description} Severity: {severity} ({(severity == "block" ? "a failure blocks the deployment" : "a failure is reported but does not block")}).", MaxMessageLength));
        writer.WriteStartObject("defaultConfiguration");
        writer.WriteString("level", severity == "block" ? "error" : "warning");
        writer.WriteEndObject();
        writer.WriteStartObject("help");
        var help = $"aiops-policy gate '{gate.Gate}' ({severity}). {description} Its bound, condition and evidence are in the policy file at the alert's location; the gate report explains the numbers.";
        writer.WriteString("text", ReportText.Truncate(help, MaxMessageLength));
        writer.WriteEndObject();
        writer.WriteStartObject("properties");
        writer.WriteStartArray("tags");
        writer.WriteStringValue("aiops-policy");
        writer.WriteStringValue("gate");
        writer.WriteStringValue(severity);
        writer.WriteEndArray();
        writer.WriteEndObject();
        writer.WriteEndObject();
    }

    /// <summary>A gate's rule name: its id in Pascal case, the words split at every character that is not a letter or digit.</summary>
    private static string RuleName(string id)
    {
        var builder = new System.Text.StringBuilder(id.Length);
        var upper = true;
        foreach (var c in id)
        {
            if (!char.IsLetterOrDigit(c))
            {
                upper = true;
                continue;
            }

            builder.Append(upper ? char.ToUpperInvariant(c) : c);
            upper = false;
        }

        return builder.Length == 0 ? id : builder.ToString();
    }

    private static void WriteDiagnosticRule(Utf8JsonWriter writer, DiagnosticDescriptor descriptor)
    {
        writer.WriteStartObject();
        writer.WriteString("id", descriptor.Id);
        writer.WriteString("name", descriptor.Title);
        WriteText(writer, "shortDescription", descriptor.Title);
        WriteText(writer, "fullDescription", $"{descriptor.Id}: {descriptor.Title} ({descriptor.Category.ToString().ToLowerInvariant()} stage).");
        writer.WriteStartObject("defaultConfiguration");
        writer.WriteString("level", descriptor.DefaultSeverity switch
        {
            DiagnosticSeverity.Error => "error",
            DiagnosticSeverity.Warning => "warning",
            DiagnosticSeverity.Off => "none",
            _ => "note",
        });
        writer.WriteEndObject();
        writer.WriteString("helpUri", $"{InformationUri}/blob/main/{descriptor.HelpLink}");
        writer.WriteStartObject("help");
        writer.WriteString("text", $"{descriptor.Title}. The cause and the fix are in {descriptor.HelpLink}.");
        writer.WriteEndObject();
        writer.WriteStartObject("properties");
        writer.WriteStartArray("tags");
        writer.WriteStringValue("aiops-policy");
        writer.WriteStringValue("diagnostic");
        writer.WriteStringValue(descriptor.Category.ToString().ToLowerInvariant());
        writer.WriteEndArray();
        writer.WriteEndObject();
        writer.WriteEndObject();
    }

    private static void WriteResult(Utf8JsonWriter writer, SarifResult result, int ruleIndex, ReportOptions options, SourceLineHasher hasher)
    {
        writer.WriteStartObject();
        writer.WriteString("ruleId", result.RuleId);
        writer.WriteNumber("ruleIndex", ruleIndex);
        writer.WriteString("level", result.Level);
        WriteText(writer, "message", ReportText.Truncate(result.Message, MaxMessageLength));
        var location = result.Location;
        if (location.IsInFile)
        {
            writer.WriteStartArray("locations");
            writer.WriteStartObject();
            writer.WriteStartObject("physicalLocation");
            writer.WriteStartObject("artifactLocation");
            if (RepositoryPath.Relative(location.Path, options.RepositoryRoot) is { } relative)
            {
                writer.WriteString("uri", Uri.EscapeDataString(relative).Replace("%2F", "/", StringComparison.Ordinal));
                writer.WriteString("uriBaseId", SourceRoot);
            }
            else
            {
                writer.WriteString("uri", new Uri(Path.GetFullPath(location.Path)).AbsoluteUri);
            }

            writer.WriteEndObject();
            if (location.HasPosition)
            {
                writer.WriteStartObject("region");
                writer.WriteNumber("startLine", location.StartLine);
                writer.WriteNumber("startColumn", Math.Max(1, location.StartColumn));
                writer.WriteNumber("endLine", Math.Max(location.StartLine, location.EndLine));
                writer.WriteNumber("endColumn", Math.Max(1, location.EndColumn));
                writer.WriteEndObject();
            }

            writer.WriteEndObject();
            writer.WriteEndObject();
            writer.WriteEndArray();

            writer.WriteStartObject("partialFingerprints");
            writer.WriteString("primaryLocationLineHash", hasher.Hash(location.Path, location.StartLine, result.RuleId + "|" + (RepositoryPath.Relative(location.Path, options.RepositoryRoot) ?? location.Path)));
            writer.WriteEndObject();
        }

        if (result.Gate is { } gate)
        {
            if (gate.Status == GateStatus.Waived)
            {
                writer.WriteStartArray("suppressions");
                writer.WriteStartObject();
                writer.WriteString("kind", "external");
                writer.WriteString("status", "accepted");
                writer.WriteString("justification", ReportText.Truncate(ReportText.WaivedText(gate), MaxMessageLength));
                writer.WriteEndObject();
                writer.WriteEndArray();
            }

            writer.WriteStartObject("properties");
            writer.WriteString("status", gate.Status.ToText());
            writer.WriteString("severity", ReportText.Severity(gate));
            writer.WriteBoolean("blocks", gate.Blocks);
            if (gate.Observed is { } observed)
            {
                writer.WriteString("observed", observed);
            }

            if (gate.Bound is { } bound)
            {
                writer.WriteString("bound", bound);
            }

            writer.WriteStartArray("failingRecords");
            foreach (var record in gate.Metrics.SelectMany(m => m.FailingRecords).Distinct(StringComparer.Ordinal).Take(10))
            {
                writer.WriteStringValue(record);
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        writer.WriteEndObject();
    }

    private static void WriteText(Utf8JsonWriter writer, string name, string text)
    {
        writer.WriteStartObject(name);
        writer.WriteString("text", text);
        writer.WriteEndObject();
    }

    private sealed record SarifResult(string RuleId, DiagnosticDescriptor? Descriptor, string Level, string Message, SourceLocation Location, GateResult? Gate);
}
