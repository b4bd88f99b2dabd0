// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using System.Globalization;
using System.Text.Json;
using AiOpsPolicy.Core.Evidence;
using AiOpsPolicy.Core.Oscal;
using AiOpsPolicy.Core.Results;

namespace AiOpsPolicy.Reporting.Oscal;

/// <summary>
/// The OSCAL assessment-results report (OSCAL 1.0.6 JSON): one result for the gate run, with the
/// catalog ids of the declared controls as reviewed controls, one observation per declared control
/// and per gate, and one finding per catalog id. Every UUID is name-based (version 5), so the same
/// run gives the same bytes.
/// </summary>
public sealed class OscalAssessmentResultsWriter : IReportWriter
{
    /// <summary>The OSCAL version the document conforms to (the assessment-results schema it is tested against).</summary>
    public const string OscalVersion = "1.0.6";

    /// <summary>The namespace of the properties the export adds.</summary>
    public const string PropertyNamespace = "urn:aiops-policy";

    private readonly ReportOptions _options;

    /// <summary>Initializes a new instance of the <see cref="OscalAssessmentResultsWriter"/> class.</summary>
    /// <param name="options">The report options (the repository root evidence paths are made relative to); null for the defaults.</param>
    public OscalAssessmentResultsWriter(ReportOptions? options = null)
    {
        _options = options ?? ReportOptions.Default;
    }

    /// <inheritdoc />
    public string Format => "oscal";

    /// <inheritdoc />
    public string DefaultFileName => "aiops-policy-oscal-assessment-results.json";

    /// <inheritdoc />
    public void Write(GateRunResult result, Stream output)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(output);
        var runName = $"{result.PolicySet}/{Time(result.EvaluatedAt)}/{result.PolicyDigest}/{result.EvidenceDigest}";
        var catalogIds = result.Controls
            .SelectMany(c => c.CatalogIds)
            .Select(OscalControlSet.Normalize)
            .Where(id => id.Length > 0)
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal)
            .ToList();

        using var writer = new Utf8JsonWriter(output, ReportJson.WriterOptions);
        writer.WriteStartObject();
        writer.WriteStartObject("assessment-results");
        writer.WriteString("uuid", OscalUuid.Create("assessment-results/" + runName));
        WriteMetadata(writer, result);
        // The plan is the policy set itself: import-ap points (by "#uuid", as OSCAL's back-matter
        // convention allows) at a resource in this document that links to the policy files.
        var planUuid = OscalUuid.Create("assessment-plan/" + result.PolicySet);
        writer.WriteStartObject("import-ap");
        writer.WriteString("href", "#" + planUuid);
        writer.WriteString("remarks", "No separate assessment plan document: the policy set's gates and controls are the plan, described by the back-matter resource this reference points at.");
        writer.WriteEndObject();

        writer.WriteStartArray("results");
        writer.WriteStartObject();
        writer.WriteString("uuid", OscalUuid.Create("result/" + runName));
        writer.WriteString("title", $"Gate run of policy set {result.PolicySet}");
        writer.WriteString("description", $"AiOpsPolicy evaluated {result.Gates.Length} gate(s) and {result.Controls.Length} control(s) of policy set {result.PolicySet}: deployment {result.Decision}.");
        writer.WriteString("start", Time(result.EvaluatedAt));
        writer.WriteString("end", Time(result.EvaluatedAt));
        writer.WriteStartArray("props");
        WriteProp(writer, "decision", result.Decision);
        WriteProp(writer, "engine-version", result.EngineVersion);
        WriteProp(writer, "policy-digest", result.PolicyDigest);
        WriteProp(writer, "evidence-digest", result.EvidenceDigest);
        writer.WriteEndArray();
        WriteReviewedControls(writer, catalogIds);

        var observations = result.Controls.Length + result.Gates.Length;
        if (observations > 0)
        {
            writer.WriteStartArray("observations");
            foreach (var control in result.Controls)
            {
                WriteControlObservation(writer, result, control);
            }

            foreach (var gate in result.Gates)
            {
                WriteGateObservation(writer, result, gate);
            }

            writer.WriteEndArray();
        }

        if (catalogIds.Count > 0)
        {
            writer.WriteStartArray("findings");
            foreach (var id in catalogIds)
            {
                WriteFinding(writer, result, id);
            }

            writer.WriteEndArray();
        }

        writer.WriteEndObject();
        writer.WriteEndArray();
        WriteBackMatter(writer, result, planUuid);
        writer.WriteEndObject();
        writer.WriteEndObject();
    }

    /// <summary>The back matter: one resource, the assessment plan (the policy set), linking to every policy file that declared a gate.</summary>
    private void WriteBackMatter(Utf8JsonWriter writer, GateRunResult result, string planUuid)
    {
        var files = result.Gates
            .Where(g => g.Location.IsInFile)
            .Select(g => RepositoryPath.Relative(g.Location.Path, _options.RepositoryRoot))
            .OfType<string>()
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal)
            .ToList();
        writer.WriteStartObject("back-matter");
        writer.WriteStartArray("resources");
        writer.WriteStartObject();
        writer.WriteString("uuid", planUuid);
        writer.WriteString("title", $"Assessment plan: policy set {result.PolicySet}");
        writer.WriteString("description", $"The gates, controls and thresholds of policy set {result.PolicySet} (policy digest {result.PolicyDigest}) are the assessment plan of this run.");
        writer.WriteStartArray("props");
        WriteProp(writer, "policy-digest", result.PolicyDigest);
        writer.WriteEndArray();
        if (files.Count > 0)
        {
            writer.WriteStartArray("rlinks");
            foreach (var file in files)
            {
                writer.WriteStartObject();
                writer.WriteString("href", Uri.EscapeDataString(file).Replace("%2F", "/", StringComparison.Ordinal));
                writer.WriteString("media-type", "application/yaml");
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
        }

        writer.WriteEndObject();
        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    private static void WriteMetadata(Utf8JsonWriter writer, GateRunResult result)
    {
        writer.WriteStartObject("metadata");
        writer.WriteString("title", $"AiOpsPolicy assessment results: {result.PolicySet}");
        writer.WriteString("last-modified", Time(result.EvaluatedAt));
        writer.WriteString("version", string.IsNullOrWhiteSpace(result.PolicySetVersion) ? "0" : result.PolicySetVersion.Trim());
        writer.WriteString("oscal-version", OscalVersion);
        writer.WriteStartArray("props");
        WriteProp(writer, "policy-set", result.PolicySet);
        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    private static void WriteReviewedControls(Utf8JsonWriter writer, List<string> catalogIds)
    {
        writer.WriteStartObject("reviewed-controls");
        writer.WriteStartArray("control-selections");
        writer.WriteStartObject();
        if (catalogIds.Count == 0)
        {
            writer.WriteString("description", "No declared control names a catalog id; all controls are in scope.");
            writer.WriteStartObject("include-all");
            writer.WriteEndObject();
        }
        else
        {
            writer.WriteString("description", "The catalog ids the policy set's declared controls map to.");
            writer.WriteStartArray("include-controls");
            foreach (var id in catalogIds)
            {
                writer.WriteStartObject();
                writer.WriteString("control-id", id);
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
        }

        writer.WriteEndObject();
        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    private void WriteControlObservation(Utf8JsonWriter writer, GateRunResult result, ControlCoverage control)
    {
        writer.WriteStartObject();
        writer.WriteString("uuid", ControlObservationUuid(control));
        writer.WriteString("title", $"Control {control.Name}");
        writer.WriteString("description", $"{control.Title ?? control.Name}: {ControlState(control)}.");
        writer.WriteStartArray("props");
        WriteProp(writer, "control", control.Name);
        WriteProp(writer, "required", Bool(control.Required));
        WriteProp(writer, "declared-automated", Bool(control.DeclaredAutomated));
        WriteProp(writer, "evidenced", Bool(control.Evidenced));
        foreach (var point in control.EnforcedAt)
        {
            WriteProp(writer, "enforced-at", point);
        }

        if (control.LastAutomatedRun is { } automated)
        {
            WriteProp(writer, "last-automated-run", Time(automated));
        }

        writer.WriteEndArray();
        writer.WriteStartArray("methods");
        writer.WriteStringValue(control.DeclaredAutomated && control.Evidenced ? "TEST" : "EXAMINE");
        writer.WriteEndArray();
        WriteEvidence(writer, result.Evidence.Where(f => f.Kind == EvidenceKind.ControlExecutions));
        writer.WriteString("collected", Time(control.LastRun ?? result.EvaluatedAt));
        writer.WriteEndObject();
    }

    private void WriteGateObservation(Utf8JsonWriter writer, GateRunResult result, GateResult gate)
    {
        writer.WriteStartObject();
        writer.WriteString("uuid", OscalUuid.Create("observation/gate/" + gate.Gate));
        writer.WriteString("title", $"Gate {gate.Gate}");
        writer.WriteString("description", string.IsNullOrWhiteSpace(gate.Description) ? gate.Explanation : $"{gate.Description.Trim()} {gate.Explanation}");
        writer.WriteStartArray("props");
        WriteProp(writer, "gate", gate.Gate);
        WriteProp(writer, "status", gate.Status.ToText());
        WriteProp(writer, "severity", gate.Severity.ToString().ToLowerInvariant());
        WriteProp(writer, "blocks", Bool(gate.Blocks));
        if (gate.Observed is { } observed)
        {
            WriteProp(writer, "observed", observed);
        }

        if (gate.Bound is { } bound)
        {
            WriteProp(writer, "bound", bound);
        }

        writer.WriteEndArray();
        writer.WriteStartArray("methods");
        writer.WriteStringValue("TEST");
        writer.WriteEndArray();
        WriteEvidence(writer, gate.EvidenceFiles);
        writer.WriteString("collected", Time(result.EvaluatedAt));
        writer.WriteEndObject();
    }

    private static void WriteFinding(Utf8JsonWriter writer, GateRunResult result, string id)
    {
        var mapped = result.Controls.Where(c => c.CatalogIds.Any(i => OscalControlSet.Normalize(i) == id)).ToList();
        var satisfied = mapped.Any(CatalogCoverage.IsAutomatedAndEvidenced);
        writer.WriteStartObject();
        writer.WriteString("uuid", OscalUuid.Create("finding/" + id));
        writer.WriteString("title", $"Control {id}");
        writer.WriteString("description", $"{id} is mapped from: {string.Join(", ", mapped.Select(c => $"{c.Name} ({ControlState(c)})"))}.");
        // The assessment objective of the whole control, as NIST's SP 800-53 catalog names it (ac-6.1 -> ac-6.1_obj).
        writer.WriteStartObject("target");
        writer.WriteString("type", "objective-id");
        writer.WriteString("target-id", id + "_obj");
        writer.WriteStartObject("status");
        writer.WriteString("state", satisfied ? "satisfied" : "not-satisfied");
        writer.WriteString("reason", satisfied ? "pass" : "fail");
        writer.WriteString("remarks", satisfied
            ? "At least one mapped control is required, automated and evidenced by an automated run within its cadence."
            : "No mapped control is required, automated and evidenced by an automated run within its cadence.");
        writer.WriteEndObject();
        writer.WriteEndObject();
        writer.WriteStartArray("related-observations");
        foreach (var control in mapped)
        {
            writer.WriteStartObject();
            writer.WriteString("observation-uuid", ControlObservationUuid(control));
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    private void WriteEvidence(Utf8JsonWriter writer, IEnumerable<EvidenceFile> files)
    {
        var ordered = files.OrderBy(f => f.Path, StringComparer.Ordinal).ToList();
        if (ordered.Count == 0)
        {
            return;
        }

        writer.WriteStartArray("relevant-evidence");
        foreach (var file in ordered)
        {
            var path = RepositoryPath.Relative(file.Path, _options.RepositoryRoot);
            writer.WriteStartObject();
            if (path is not null)
            {
                writer.WriteString("href", Uri.EscapeDataString(path).Replace("%2F", "/", StringComparison.Ordinal));
            }

            writer.WriteString("description", $"{path ?? Path.GetFileName(file.Path)}: {EvidenceKinds.Name(file.Kind)} evidence, {file.Records.ToString(CultureInfo.InvariantCulture)} record(s).");
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
    }

    private static void WriteProp(Utf8JsonWriter writer, string name, string? value)
    {
        var trimmed = value?.Trim();
        if (string.IsNullOrEmpty(trimmed))
        {
            return;
        }

        writer.WriteStartObject();
        writer.WriteString("name", name);
        writer.WriteString("ns", PropertyNamespace);
        writer.WriteString("value", trimmed);
        writer.WriteEndObject();
    }

    private static string ControlObservationUuid(ControlCoverage control) => OscalUuid.Create("observation/control/" + control.Name);

    private static string ControlState(ControlCoverage control) =>
        (control.Required ? "required" : "optional")
        + (control.DeclaredAutomated ? ", automated" : ", manual")
        + (control.Evidenced ? ", evidenced" : ", not evidenced");

    private static string Bool(bool value) => value ? "true" : "false";

    private static string Time(DateTimeOffset time) => time.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", CultureInfo.InvariantCulture);
}
