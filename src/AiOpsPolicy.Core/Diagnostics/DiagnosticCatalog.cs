// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using System.Collections.Immutable;
using System.Reflection;

namespace AiOpsPolicy.Core.Diagnostics;

/// <summary>
/// Every diagnostic the engine can report, in one place. Codes are stable and never reused:
/// AOP1xxx load, AOP2xxx schema and semantics, AOP3xxx compile, AOP4xxx evaluate, AOP5xxx CLI and reports.
/// Each code has a section in docs/diagnostics.md with its cause and fix.
/// </summary>
public static class DiagnosticCatalog
{
    private const DiagnosticSeverity Error = DiagnosticSeverity.Error;
    private const DiagnosticSeverity Warning = DiagnosticSeverity.Warning;

    /// <summary>AOP1001: the YAML is not well formed.</summary>
    public static readonly DiagnosticDescriptor YamlSyntax = new(
        "AOP1001", "YAML syntax error", "YAML syntax error: {0}. Fix the YAML at this position; the rest of the file was not read", DiagnosticCategory.Load, Error);

    /// <summary>AOP1002: a file or folder cannot be read.</summary>
    public static readonly DiagnosticDescriptor FileUnreadable = new(
        "AOP1002", "File cannot be read", "Cannot read '{0}': {1}. Check that the path exists and is readable", DiagnosticCategory.Load, Error);

    /// <summary>AOP1003: a policy path holds no policy files.</summary>
    public static readonly DiagnosticDescriptor NoPolicyFiles = new(
        "AOP1003", "No policy files", "No policy files (*.yaml, *.yml) found under '{0}'. Point the command at the folder that holds the policy set", DiagnosticCategory.Load, Error);

    /// <summary>AOP1004: a YAML document is not a mapping.</summary>
    public static readonly DiagnosticDescriptor DocumentNotMapping = new(
        "AOP1004", "Document is not a mapping", "A policy document must be a mapping with apiVersion, kind, metadata and spec, but this one is a {0}", DiagnosticCategory.Load, Error);

    /// <summary>AOP1005: a mapping has the same key twice.</summary>
    public static readonly DiagnosticDescriptor DuplicateKey = new(
        "AOP1005", "Duplicate key", "The key '{0}' appears more than once in this mapping (first at line {1}). Remove one of them: YAML keeps only one and silently drops the other", DiagnosticCategory.Load, Error);

    /// <summary>AOP1006: the YAML is too deep or expands too many aliases.</summary>
    public static readonly DiagnosticDescriptor YamlTooComplex = new(
        "AOP1006", "YAML too complex", "{0}. Policy files are small and flat; simplify the document", DiagnosticCategory.Load, Error);

    /// <summary>AOP1007: a file is not UTF-8 text or is too large.</summary>
    public static readonly DiagnosticDescriptor FileNotText = new(
        "AOP1007", "File is not usable text", "'{0}' {1}", DiagnosticCategory.Load, Error);

    /// <summary>AOP1020: a symbolic link inside a policy or evidence folder leads outside it.</summary>
    public static readonly DiagnosticDescriptor SymlinkOutsideFolder = new(
        "AOP1020", "Symbolic link leads outside the folder", "'{0}' is a symbolic link that leads outside '{1}'; it was not read. Replace it with the file itself, or give its target folder to the command", DiagnosticCategory.Load, Error);

    /// <summary>AOP1101: an evidence folder holds no evidence files.</summary>
    public static readonly DiagnosticDescriptor NoEvidenceFiles = new(
        "AOP1101", "No evidence files", "No evidence files (*.json, *.ndjson, *.jsonl, *.yaml, *.yml, *.csv) found under '{0}'. Every gate will be insufficient-evidence", DiagnosticCategory.Load, Warning);

    /// <summary>AOP1102: an evidence file is not well-formed JSON, YAML or CSV.</summary>
    public static readonly DiagnosticDescriptor EvidenceSyntax = new(
        "AOP1102", "Evidence file malformed", "Evidence is not well formed: {0}. Fix or re-export the file", DiagnosticCategory.Load, Error);

    /// <summary>AOP1103: an evidence file's kind is unknown.</summary>
    public static readonly DiagnosticDescriptor UnknownEvidenceKind = new(
        "AOP1103", "Unknown evidence kind", "{0}. Known evidence kinds: {1}", DiagnosticCategory.Load, Error);

    /// <summary>AOP1104: an evidence record has a missing or invalid field; it is quarantined (left out), not the end of the run.</summary>
    public static readonly DiagnosticDescriptor EvidenceField = new(
        "AOP1104", "Invalid evidence record", "Record {0}: {1}. The record is left out (quarantined); see the report's data-quality section", DiagnosticCategory.Load, Warning);

    /// <summary>AOP1108: an evidence file or header is malformed in a way that makes the whole file unusable.</summary>
    public static readonly DiagnosticDescriptor EvidenceEnvelope = new(
        "AOP1108", "Evidence envelope invalid", "The {0} of '{1}' is not usable: {2}. No record of the file was read", DiagnosticCategory.Load, Error);

    /// <summary>AOP1109: more invalid records in a file than are listed one by one.</summary>
    public static readonly DiagnosticDescriptor EvidenceMoreInvalid = new(
        "AOP1109", "More invalid evidence records", "{0} more invalid record(s) in '{1}' were not listed ({2} invalid in all); each is left out", DiagnosticCategory.Load, Warning);

    /// <summary>AOP1105: evidence does not say when it was collected.</summary>
    public static readonly DiagnosticDescriptor EvidenceNotDated = new(
        "AOP1105", "Evidence has no collection time", "Evidence in '{0}' does not say when it was collected. Add 'collectedAt' to the envelope (JSON, YAML), the header line (NDJSON), a '# collectedAt:' line (CSV), or each record; until then its {1} undated record(s) are left out", DiagnosticCategory.Load, Warning);

    /// <summary>AOP1106: an evidence file holds no records.</summary>
    public static readonly DiagnosticDescriptor EvidenceEmpty = new(
        "AOP1106", "Evidence file is empty", "'{0}' holds no evidence. It is ignored; gates that need {1} evidence will be insufficient-evidence. To state that there were no records, write an envelope with \"records\": []", DiagnosticCategory.Load, Warning);

    /// <summary>AOP1107: evidence records repeat.</summary>
    public static readonly DiagnosticDescriptor EvidenceDuplicate = new(
        "AOP1107", "Duplicate evidence records", "{0} {1} record(s) repeat a record already loaded (same key: {2}); each was counted once. Check the export for overlapping files", DiagnosticCategory.Load, Warning);

    /// <summary>AOP2001: apiVersion is missing or unknown.</summary>
    public static readonly DiagnosticDescriptor UnknownApiVersion = new(
        "AOP2001", "Unknown apiVersion", "{0}. This engine reads apiVersion 'aiops-policy/v1'", DiagnosticCategory.Schema, Error);

    /// <summary>AOP2002: kind is missing or unknown.</summary>
    public static readonly DiagnosticDescriptor UnknownKind = new(
        "AOP2002", "Unknown kind", "{0}. Known kinds: {1}", DiagnosticCategory.Schema, Error);

    /// <summary>AOP2003: a document does not match its kind's JSON Schema.</summary>
    public static readonly DiagnosticDescriptor SchemaViolation = new(
        "AOP2003", "Schema violation", "{0} (schema {1})", DiagnosticCategory.Schema, Error);

    /// <summary>AOP2004: a duration or percentage is malformed.</summary>
    public static readonly DiagnosticDescriptor MalformedUnit = new(
        "AOP2004", "Malformed unit", "'{0}' is not a valid {1}. Write {2}", DiagnosticCategory.Schema, Error);

    /// <summary>AOP2005: two documents of the same kind have the same name.</summary>
    public static readonly DiagnosticDescriptor DuplicateName = new(
        "AOP2005", "Duplicate name", "{0} '{1}' is already declared at {2}. Names are unique per kind: rename one of them", DiagnosticCategory.Schema, Error);

    /// <summary>AOP2006: a reference names something that is not declared.</summary>
    public static readonly DiagnosticDescriptor UnresolvedReference = new(
        "AOP2006", "Unresolved reference", "{0} '{1}' is not declared{2}. Declare it or fix the name", DiagnosticCategory.Schema, Error);

    /// <summary>AOP2007: more than one PolicySet document.</summary>
    public static readonly DiagnosticDescriptor DuplicatePolicySet = new(
        "AOP2007", "More than one PolicySet", "A policy set has at most one PolicySet document; another is declared at {0}. Merge them", DiagnosticCategory.Schema, Error);

    /// <summary>AOP2008: a gate checks nothing, or its bound is unusable.</summary>
    public static readonly DiagnosticDescriptor InvalidGate = new(
        "AOP2008", "Gate checks nothing", "{0}", DiagnosticCategory.Schema, Error);

    /// <summary>AOP2009: a name is used twice within one document.</summary>
    public static readonly DiagnosticDescriptor DuplicateMember = new(
        "AOP2009", "Duplicate name within a document", "{0} '{1}' appears more than once in this {2}. Names of steps and checks are unique within their document", DiagnosticCategory.Schema, Error);

    /// <summary>AOP2010: a waiver runs longer than the policy set allows.</summary>
    public static readonly DiagnosticDescriptor WaiverTooLong = new(
        "AOP2010", "Waiver too long", "Waiver '{0}' expires {1}, {2} after the evaluation time; the policy set allows at most {3} (spec.waivers.maxDuration). Shorten it, or renew it when it expires", DiagnosticCategory.Schema, Error);

    /// <summary>AOP2011: a waiver has expired.</summary>
    public static readonly DiagnosticDescriptor WaiverExpired = new(
        "AOP2011", "Waiver expired", "Waiver '{0}' expired {1}; it no longer applies to {2}. Fix the gate, or renew the waiver with a new expiry", DiagnosticCategory.Schema, DiagnosticSeverity.Warning);

    /// <summary>AOP2020: a gate's baseline cannot be used as written.</summary>
    public static readonly DiagnosticDescriptor InvalidBaseline = new(
        "AOP2020", "Invalid baseline", "{0}", DiagnosticCategory.Schema, Error);

    /// <summary>AOP2021: a finding cannot be evaluated as written.</summary>
    public static readonly DiagnosticDescriptor InvalidFinding = new(
        "AOP2021", "Invalid finding", "{0}", DiagnosticCategory.Schema, Error);

    /// <summary>AOP2022: the policy set's history setting cannot be used as written.</summary>
    public static readonly DiagnosticDescriptor InvalidHistorySetting = new(
        "AOP2022", "Invalid history setting", "{0}", DiagnosticCategory.Schema, Error);

    /// <summary>AOP2023: the policy set's score thresholds cannot be used.</summary>
    public static readonly DiagnosticDescriptor InvalidScoring = new(
        "AOP2023", "Invalid score thresholds", "{0}", DiagnosticCategory.Schema, Error);

    /// <summary>AOP2024: a roll-up names a level its metric does not have.</summary>
    public static readonly DiagnosticDescriptor RollupLevelNotApplicable = new(
        "AOP2024", "Roll-up level does not apply", "Roll-up '{0}' has level '{1}', but {2} has no such level; its levels are {3}. Remove '{1}' or use one of those", DiagnosticCategory.Schema, Error);

    /// <summary>AOP2025: the policy set's currency rates cannot be used as written.</summary>
    public static readonly DiagnosticDescriptor InvalidCurrencyRates = new(
        "AOP2025", "Invalid currency rates", "{0}", DiagnosticCategory.Schema, Error);

    /// <summary>AOP2030: a PolicySet's history store names no store the operator declared, or leads out of the repository.</summary>
    public static readonly DiagnosticDescriptor HistoryStoreNotResolved = new(
        "AOP2030", "History store not resolved", "{0}", DiagnosticCategory.Schema, Error);

    /// <summary>AOP3001: an expression is not exactly one C# expression.</summary>
    public static readonly DiagnosticDescriptor NotAnExpression = new(
        "AOP3001", "Not a single C# expression", "{0}. A policy expression is exactly one C# expression: no statements, no semicolons, no directives", DiagnosticCategory.Compile, Error);

    /// <summary>AOP3002: the C# compiler rejected an expression.</summary>
    public static readonly DiagnosticDescriptor CSharpError = new(
        "AOP3002", "C# error in expression", "{0}: {1}", DiagnosticCategory.Compile, Error);

    /// <summary>AOP3003: an expression has the wrong type for where it is used.</summary>
    public static readonly DiagnosticDescriptor ExpressionType = new(
        "AOP3003", "Expression has the wrong type", "{0}", DiagnosticCategory.Compile, Error);

    /// <summary>AOP3004: definitions depend on each other in a cycle.</summary>
    public static readonly DiagnosticDescriptor DefinitionCycle = new(
        "AOP3004", "Definition cycle", "The type of definition '{0}' cannot be worked out: {1}. Break the cycle or fix the definitions it uses", DiagnosticCategory.Compile, Error);

    /// <summary>AOP3005: an expression names something outside the sandbox's allow-list.</summary>
    public static readonly DiagnosticDescriptor ForbiddenSymbol = new(
        "AOP3005", "Forbidden symbol", "In the {0}: {1}", DiagnosticCategory.Compile, Error);

    /// <summary>AOP3007: an expression uses a construct the sandbox refuses.</summary>
    public static readonly DiagnosticDescriptor ForbiddenConstruct = new(
        "AOP3007", "Forbidden construct", "In the {0}: {1}", DiagnosticCategory.Compile, Error);

    /// <summary>AOP3006: a cached compilation was unusable and has been rebuilt.</summary>
    public static readonly DiagnosticDescriptor CacheRebuilt = new(
        "AOP3006", "Compilation cache entry rebuilt", "The cached compilation at '{0}' was {1}; it was rebuilt", DiagnosticCategory.Compile, DiagnosticSeverity.Info);

    /// <summary>AOP3010: a cache entry's MAC does not verify under this machine's cache key; it was rebuilt, not loaded.</summary>
    public static readonly DiagnosticDescriptor CacheNotAuthenticated = new(
        "AOP3010", "Compilation cache entry not authenticated", "The cached compilation at '{0}' is not authenticated by the cache key ({1}): it was written elsewhere (a cache restored from another run?) or altered. It was not loaded; the policies were compiled again", DiagnosticCategory.Compile, Warning);

    /// <summary>AOP3011: no cache key can be used, so the compilation cache is not used.</summary>
    public static readonly DiagnosticDescriptor CacheKeyUnusable = new(
        "AOP3011", "Compilation cache not used", "The compilation cache was not used: {0}. The policies were compiled without it", DiagnosticCategory.Compile, Warning);
    /// <summary>AOP3012: an expression is too long or too deeply nested to compile safely.</summary>
    public static readonly DiagnosticDescriptor ExpressionTooLarge = new(
        "AOP3012", "Expression too large", "The {0} {1}. Move parts of it into definitions (kind: Definition) and use them by name", DiagnosticCategory.Compile, Error);

    /// <summary>AOP5001: the command line is not valid.</summary>
    public static readonly DiagnosticDescriptor Usage = new(
        "AOP5001", "Invalid command line", "{0}. Run 'aiops-policy --help' for usage", DiagnosticCategory.Cli, Error);

    /// <summary>AOP5002: a report file could not be written.</summary>
    public static readonly DiagnosticDescriptor ReportWriteFailed = new(
        "AOP5002", "Report not written", "Cannot write '{0}': {1}. No partial file was left behind", DiagnosticCategory.Cli, Error);

    /// <summary>AOP5004: a policy bundle was refused.</summary>
    public static readonly DiagnosticDescriptor BundleRefused = new(
        "AOP5004", "Bundle refused", "The bundle '{0}' was refused: {1}", DiagnosticCategory.Cli, Error);

    /// <summary>AOP5005: a run could not be recorded in the history store.</summary>
    public static readonly DiagnosticDescriptor RecordFailed = new(
        "AOP5005", "Run not recorded", "The run was not recorded in '{0}': {1}. The decision stands; use --require-record to make recording part of it", DiagnosticCategory.Cli, Warning);

    /// <summary>AOP5009: a control catalog or baseline given to <c>coverage --catalog</c> could not be read.</summary>
    public static readonly DiagnosticDescriptor CatalogUnreadable = new(
        "AOP5009", "Control catalog not read", "The control catalog could not be read: {0}. Give an OSCAL catalog or profile in JSON, such as NIST's SP 800-53 rev5 MODERATE baseline", DiagnosticCategory.Cli, Error);

    /// <summary>AOP5030: the operator configuration file cannot be used.</summary>
    public static readonly DiagnosticDescriptor OperatorConfigurationInvalid = new(
        "AOP5030", "Operator configuration invalid", "Operator configuration: {0}. Nothing was run; fix the file (docs/configuration.md)", DiagnosticCategory.Cli, Error);

    /// <summary>AOP5031: a bundle that is unsigned or signed by an unknown key runs, because the operator said --allow-unsigned.</summary>
    public static readonly DiagnosticDescriptor BundleNotAuthenticated = new(
        "AOP5031", "Bundle not authenticated", "The bundle '{0}' is run WITHOUT authentication because --allow-unsigned was given: {1}", DiagnosticCategory.Cli, Warning);

    /// <summary>AOP5032: the assembly rebuilt from a bundle's own sources differs from the one it carries.</summary>
    public static readonly DiagnosticDescriptor BundleNotReproduced = new(
        "AOP5032", "Bundle does not match its sources", "The bundle '{0}' carries an assembly (sha256:{1}) that its own policy files do not compile to (sha256:{2}). Do not run it; rebuild it from reviewed policies", DiagnosticCategory.Cli, Error);

    /// <summary>AOP5033: a signing key or trusted key cannot be used.</summary>
    public static readonly DiagnosticDescriptor KeyUnusable = new(
        "AOP5033", "Key cannot be used", "The key '{0}' cannot be used: {1}", DiagnosticCategory.Cli, Error);

    /// <summary>AOP5034: the evaluation process was stopped in one gate or finding (a runaway, its memory, a crash) and the run evaluated again without it.</summary>
    public static readonly DiagnosticDescriptor EvaluationProcessStopped = new(
        "AOP5034", "Evaluation process stopped", "The evaluation process {0} in {1}; it was stopped and the run is evaluated again without it, which is reported as error", DiagnosticCategory.Cli, Warning);

    /// <summary>AOP5035: the evaluation process was stopped outside any gate or finding, so no report could be written.</summary>
    public static readonly DiagnosticDescriptor EvaluationProcessFailed = new(
        "AOP5035", "Evaluation process failed", "The evaluation process {0}. No gate was decided and no report was written; {1}", DiagnosticCategory.Cli, Error);

    /// <summary>AOP5101: an evidence sources file (<c>collect --sources</c>) is not valid.</summary>
    public static readonly DiagnosticDescriptor SourcesInvalid = new(
        "AOP5101", "Evidence sources file not valid", "{0}. Fix the sources file (see docs/collect.md); nothing was collected", DiagnosticCategory.Cli, Error);

    /// <summary>AOP5102: an evidence source could not be collected.</summary>
    public static readonly DiagnosticDescriptor SourceFailed = new(
        "AOP5102", "Evidence source failed", "Source '{0}' failed: {1}. Query: {2}. Its evidence is marked incomplete, so gates that read {3} evidence are insufficient-evidence", DiagnosticCategory.Cli, Error);

    /// <summary>AOP5103: an evidence source returned data that was left out.</summary>
    public static readonly DiagnosticDescriptor SourceDataLeftOut = new(
        "AOP5103", "Collected data left out", "Source '{0}': {1}", DiagnosticCategory.Cli, Warning);

    /// <summary>AOP5104: an import (<c>import devlake</c>) could not read its tables.</summary>
    public static readonly DiagnosticDescriptor ImportFailed = new(
        "AOP5104", "Import failed", "{0}. Nothing was written; fix the export (see docs/collect.md, 'Importing from DevLake')", DiagnosticCategory.Cli, Error);

    /// <summary>AOP5201: a request to the decision service is not valid (malformed JSON, a missing or unknown field, a bad evidence name).</summary>
    public static readonly DiagnosticDescriptor RequestInvalid = new(
        "AOP5201", "Request not valid", "{0}. Fix the request (see docs/service.md); no decision was made", DiagnosticCategory.Cli, Error);

    /// <summary>AOP5202: a request to the decision service is larger than the operator's limit.</summary>
    public static readonly DiagnosticDescriptor RequestTooLarge = new(
        "AOP5202", "Request too large", "The request body is larger than the limit of {0} bytes (service.limits.maxRequestBytes). Send less evidence inline, or collect it and refer to it with evidenceRef", DiagnosticCategory.Cli, Error);

    /// <summary>AOP5203: a request to the decision service has no valid token, or a token that may not do what it asked.</summary>
    public static readonly DiagnosticDescriptor NotAuthorized = new(
        "AOP5203", "Not authorized", "{0}", DiagnosticCategory.Cli, Error);

    /// <summary>AOP5204: the policy set (or decision) is not one the caller's tenant may use, or does not exist.</summary>
    public static readonly DiagnosticDescriptor PolicySetUnknown = new(
        "AOP5204", "Policy set unknown", "{0}", DiagnosticCategory.Cli, Error);

    /// <summary>AOP5205: no bundle has been loaded for a policy set.</summary>
    public static readonly DiagnosticDescriptor BundleNotLoaded = new(
        "AOP5205", "No bundle loaded", "No bundle is loaded for policy set '{0}'. An administrator loads one with PUT /v1/policy-sets/{0}/bundle (see docs/service.md)", DiagnosticCategory.Cli, Error);

    /// <summary>AOP5206: the decision log could not be read or written, so no decision was given (fail closed).</summary>
    public static readonly DiagnosticDescriptor DecisionLogUnavailable = new(
        "AOP5206", "Decision log unavailable", "The decision log could not be {0}: {1}. No decision was given (the service fails closed: a decision it cannot log does not count); try again", DiagnosticCategory.Cli, Error);

    /// <summary>AOP5207: the decision service is at its limit of concurrent decisions.</summary>
    public static readonly DiagnosticDescriptor ServiceBusy = new(
        "AOP5207", "Service busy", "Every decision slot stayed busy for {0} (service.limits.maxConcurrentDecisions is {1}); no decision was made. Try again, or run more instances", DiagnosticCategory.Cli, Error);

    /// <summary>AOP5003: the engine hit a bug.</summary>
    public static readonly DiagnosticDescriptor InternalError = new(
        "AOP5003", "Internal error", "The engine failed unexpectedly ({0}: {1}). This is a bug in aiops-policy, not in your policies; please report it with the command you ran", DiagnosticCategory.Cli, Error);

    /// <summary>Gets every descriptor in the catalogue, ordered by code.</summary>
    public static ImmutableArray<DiagnosticDescriptor> All { get; } =
        [.. typeof(DiagnosticCatalog)
            .GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(f => f.FieldType == typeof(DiagnosticDescriptor))
            .Select(f => f.GetValue(null))
            .OfType<DiagnosticDescriptor>()
            .OrderBy(d => d.Id, StringComparer.Ordinal)];
}
