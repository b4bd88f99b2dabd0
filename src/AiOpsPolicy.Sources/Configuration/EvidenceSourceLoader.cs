// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using System.Collections.Immutable;
using System.Globalization;
using System.Text.RegularExpressions;
using AiOpsPolicy.Core.Diagnostics;
using AiOpsPolicy.Core.Evidence;
using AiOpsPolicy.Core.Files;
using AiOpsPolicy.Core.Syntax;
using AiOpsPolicy.Core.Text;
using AiOpsPolicy.Core.Units;

namespace AiOpsPolicy.Sources.Configuration;

/// <summary>
/// Reads the operator's sources file: one or more <c>kind: EvidenceSource</c> documents. Every problem is
/// reported at its line and column (AOP5101), all of them, not only the first; nothing is collected from
/// a file with a problem.
/// </summary>
public static partial class EvidenceSourceLoader
{
    /// <summary>The API version of a sources file.</summary>
    public const string ApiVersion = "aiops-policy/v1";

    /// <summary>The kind of a source declaration.</summary>
    public const string Kind = "EvidenceSource";

    /// <summary>A sources file is a short list of endpoints and queries: 1 MiB is plenty and bounds what a mistake can cost.</summary>
    public const long MaxSourcesFileBytes = 1024 * 1024;

    private static readonly string[] SourceTypes = ["prometheus", "git", "otlp"];

    /// <summary>Loads a sources file.</summary>
    /// <param name="path">The file.</param>
    /// <returns>The sources and every problem found.</returns>
    public static (ImmutableArray<EvidenceSource> Sources, ImmutableArray<Diagnostic> Diagnostics) Load(string path)
    {
        var diagnostics = new List<Diagnostic>();
        var full = Path.GetFullPath(path);
        if (!File.Exists(full))
        {
            diagnostics.Add(Diagnostic.Create(DiagnosticCatalog.FileUnreadable, SourceLocation.None, path, "no such file"));
            return ([], [.. diagnostics]);
        }

        var file = SourceFileReader.Read(full, MaxSourcesFileBytes, diagnostics);
        if (file is null)
        {
            return ([], [.. diagnostics]);
        }

        return Parse(new SourceFile(SourceFileReader.DisplayPath(full), file.Text), Path.GetDirectoryName(full) ?? ".", diagnostics);
    }

    /// <summary>Parses the text of a sources file.</summary>
    /// <param name="file">The file's text and display path.</param>
    /// <param name="baseFolder">The folder relative paths are resolved against.</param>
    /// <param name="diagnostics">Problems found so far; more are added.</param>
    /// <returns>The sources and every problem found.</returns>
    public static (ImmutableArray<EvidenceSource> Sources, ImmutableArray<Diagnostic> Diagnostics) Parse(SourceFile file, string baseFolder, List<Diagnostic> diagnostics)
    {
        var documents = YamlDocumentReader.Read(file, diagnostics);
        var sources = ImmutableArray.CreateBuilder<EvidenceSource>();
        var names = new Dictionary<string, SourceLocation>(StringComparer.Ordinal);
        foreach (var document in documents)
        {
            var reader = new NodeReader(diagnostics);
            if (document is not YamlMapping root)
            {
                reader.Problem(document, $"a source declaration must be a mapping with apiVersion, kind, metadata and spec, but this is a {document.ShapeName}");
                continue;
            }

            if (ReadSource(root, reader, baseFolder) is { } source)
            {
                if (names.TryGetValue(source.Name, out var first))
                {
                    reader.Problem(root["metadata"] ?? root, $"the source name '{source.Name}' is used twice (first at line {first.StartLine}); each source writes its own files, so names must differ");
                    continue;
                }

                names.Add(source.Name, source.Location);
                sources.Add(source);
            }
        }

        if (documents.Length == 0 && !diagnostics.Any(d => d.IsError))
        {
            diagnostics.Add(Diagnostic.Create(DiagnosticCatalog.SourcesInvalid, SourceLocation.ForFile(file.Path), "the sources file declares no source: add a document with kind: EvidenceSource"));
        }

        ImmutableArray<Diagnostic> sorted = [.. DiagnosticOrder.Sort(diagnostics)];
        return sorted.Any(d => d.IsError) ? ([], sorted) : (sources.ToImmutable(), sorted);
    }

    private static EvidenceSource? ReadSource(YamlMapping root, NodeReader reader, string baseFolder)
    {
        var errors = reader.Errors;
        reader.Keys(root, "apiVersion", "kind", "metadata", "spec");
        var kind = reader.String(root, "kind", required: true);
        if (kind is not null && kind != Kind)
        {
            reader.Problem(root["kind"]!, $"'{kind}' is not a source declaration: a sources file holds only kind: {Kind} (policies belong in the policy folder)");
            return null;
        }

        var apiVersion = reader.String(root, "apiVersion", required: true);
        if (apiVersion is not null && apiVersion != ApiVersion)
        {
            reader.Problem(root["apiVersion"]!, $"apiVersion '{apiVersion}' is not supported; write {ApiVersion}");
        }

        var metadata = reader.Mapping(root, "metadata", required: true);
        string? name = null;
        if (metadata is not null)
        {
            reader.Keys(metadata, "name", "description");
            name = reader.Name(metadata, "name", required: true);
        }

        // A bad name is reported, and the spec is still read: every problem of the file at once.
        var spec = reader.Mapping(root, "spec", required: true);
        if (spec is null)
        {
            return null;
        }

        name ??= "unnamed";

        reader.Keys(spec, "prometheus", "git", "otlp");
        var types = SourceTypes.Where(t => spec[t] is not null).ToList();
        if (types.Count != 1)
        {
            reader.Problem(spec, types.Count == 0
                ? "a source needs one of prometheus, git or otlp under spec"
                : $"a source is one system: give one of {string.Join(", ", types)} per EvidenceSource, and declare another source for the others");
            return null;
        }

        var source = new EvidenceSource { Name = name, Location = root.Location };
        source = types[0] switch
        {
            "prometheus" => source with { Prometheus = ReadPrometheus(reader.Mapping(spec, "prometheus", required: true), reader) },
            "git" => source with { Git = ReadGit(reader.Mapping(spec, "git", required: true), reader, baseFolder) },
            _ => source with { Otlp = ReadOtlp(reader.Mapping(spec, "otlp", required: true), reader, baseFolder) },
        };
        return reader.Errors > errors ? null : source;
    }

    private static PrometheusSource? ReadPrometheus(YamlMapping? node, NodeReader reader)
    {
        if (node is null)
        {
            return null;
        }

        reader.Keys(node, "url", "auth", "timeout", "maxResponseBytes", "insecure", "sla", "connectorChecks", "freshness");
        var credentials = ReadCredentials(reader.Mapping(node, "auth", required: false), reader);
        var url = reader.Url(node, "url", credentials.Any, reader.Bool(node, "insecure") ?? false);
        var source = new PrometheusSource
        {
            Url = url ?? new Uri("http://invalid"),
            Credentials = credentials,
            Timeout = reader.Duration(node, "timeout") ?? TimeSpan.FromSeconds(30),
            MaxResponseBytes = reader.Integer(node, "maxResponseBytes", 1024, 1L << 31) ?? PrometheusSource.DefaultMaxResponseBytes,
            Sla = [.. reader.Items(node, "sla").Select(item => ReadSla(item, reader)).OfType<PrometheusSla>()],
            ConnectorChecks = [.. reader.Items(node, "connectorChecks").Select(item => ReadProbes(item, reader)).OfType<PrometheusProbes>()],
            Freshness = [.. reader.Items(node, "freshness").Select(item => ReadFreshness(item, reader)).OfType<PrometheusFreshness>()],
        };
        if (node["sla"] is null && node["connectorChecks"] is null && node["freshness"] is null)
        {
            reader.Problem(node, "a Prometheus source needs at least one of sla, connectorChecks or freshness: say what to collect");
        }

        return source;
    }

    private static PrometheusSla? ReadSla(YamlMapping item, NodeReader reader)
    {
        reader.Keys(item, "workflow", "step", "histogram", "selector", "within", "unit", "quality", "interval");
        var workflow = reader.Name(item, "workflow", required: true);
        var histogram = reader.MetricName(item, "histogram", required: true);
        var quality = reader.Mapping(item, "quality", required: false);
        string? qualityLabel = null, qualityValue = null;
        if (quality is not null)
        {
            reader.Keys(quality, "label", "value");
            qualityLabel = reader.LabelName(quality, "label", required: true);
            qualityValue = reader.String(quality, "value", required: true);
        }

        var within = reader.Duration(item, "within");
        if (item["within"] is null && quality is null)
        {
            reader.Problem(item, "an SLA histogram needs within (the bucket boundary that is the time target), quality (the label and value of a good outcome), or both");
        }

        var unit = reader.String(item, "unit", required: false) ?? "seconds";
        if (unit is not ("seconds" or "milliseconds"))
        {
            reader.Problem(item["unit"]!, $"unit '{unit}' is not known; the histogram observes seconds or milliseconds");
        }

        var step = reader.Name(item, "step", required: false);
        var selector = reader.Selector(item, "selector");
        var interval = reader.Interval(item, "interval", TimeSpan.FromHours(1));
        return workflow is null || histogram is null ? null : new PrometheusSla
        {
            Workflow = workflow,
            Step = step,
            Histogram = histogram,
            Selector = selector,
            Within = within,
            Unit = unit == "milliseconds" ? TimeSpan.FromMilliseconds(1) : TimeSpan.FromSeconds(1),
            QualityLabel = qualityLabel,
            QualityValue = qualityValue,
            Interval = interval,
        };
    }

    private static PrometheusProbes? ReadProbes(YamlMapping item, NodeReader reader)
    {
        reader.Keys(item, "selector", "connectorLabel", "successMetric", "durationMetric", "statusMetric", "latency");
        var latency = reader.String(item, "latency", required: false) ?? "avg";
        if (latency is not ("avg" or "max"))
        {
            reader.Problem(item["latency"]!, $"latency '{latency}' is not known; write avg (the day's mean probe duration) or max (its slowest)");
        }

        return new PrometheusProbes
        {
            Selector = reader.Selector(item, "selector"),
            ConnectorLabel = reader.LabelName(item, "connectorLabel", required: false) ?? "instance",
            SuccessMetric = reader.MetricName(item, "successMetric", required: false) ?? "probe_success",
            DurationMetric = reader.MetricName(item, "durationMetric", required: false) ?? "probe_duration_seconds",
            StatusMetric = reader.MetricName(item, "statusMetric", required: false) ?? "probe_http_status_code",
            Latency = latency,
        };
    }

    private static PrometheusFreshness? ReadFreshness(YamlMapping item, NodeReader reader)
    {
        reader.Keys(item, "metric", "selector", "datasetLabel", "stage", "interval");
        var metric = reader.MetricName(item, "metric", required: true);
        var stageText = reader.String(item, "stage", required: true);
        FreshnessStage? stage = stageText switch
        {
            "source-to-pipeline" => FreshnessStage.SourceToPipeline,
            "pipeline-to-feature-store" => FreshnessStage.PipelineToFeatureStore,
            "feature-store-to-dashboard" => FreshnessStage.FeatureStoreToDashboard,
            _ => null,
        };
        if (stageText is not null && stage is null)
        {
            reader.Problem(item["stage"]!, $"stage '{stageText}' is not known; write source-to-pipeline, pipeline-to-feature-store or feature-store-to-dashboard");
        }

        var selector = reader.Selector(item, "selector");
        var datasetLabel = reader.LabelName(item, "datasetLabel", required: false) ?? "dataset";
        var interval = reader.Interval(item, "interval", TimeSpan.FromHours(1));
        return metric is null || stage is null ? null : new PrometheusFreshness
        {
            Metric = metric,
            Selector = selector,
            DatasetLabel = datasetLabel,
            Stage = stage.Value,
            Interval = interval,
        };
    }

    private static GitSource? ReadGit(YamlMapping? node, NodeReader reader, string baseFolder)
    {
        if (node is null)
        {
            return null;
        }

        reader.Keys(node, "repository", "branch", "deployments", "types", "directCommits", "timeout");
        var repository = reader.String(node, "repository", required: true);
        var branch = reader.String(node, "branch", required: false) ?? "HEAD";
        if (branch.StartsWith('-') || branch.Any(char.IsControl) || branch.Contains("..", StringComparison.Ordinal))
        {
            reader.Problem(node["branch"]!, $"'{branch}' is not a branch name");
        }

        string? refs = null, log = null;
        if (reader.Mapping(node, "deployments", required: true) is { } deployments)
        {
            reader.Keys(deployments, "refs", "log");
            var refPattern = reader.String(deployments, "refs", required: false);
            log = reader.String(deployments, "log", required: false);
            if ((refPattern is null) == (log is null))
            {
                reader.Problem(deployments, "deployments needs one of refs (a ref pattern such as refs/tags/deploy/production/*) or log (a CSV file of commit,deployedAt)");
            }

            if (refPattern is not null)
            {
                if (!refPattern.StartsWith("refs/", StringComparison.Ordinal) || !refPattern.EndsWith("/*", StringComparison.Ordinal) || refPattern[..^2].Contains('*', StringComparison.Ordinal) || refPattern.Any(char.IsControl))
                {
                    reader.Problem(deployments["refs"]!, $"'{refPattern}' is not a ref pattern this reads: write refs/<prefix>/* such as refs/tags/deploy/production/*");
                }
                else
                {
                    refs = refPattern[..^1];
                }
            }
        }

        var types = ImmutableArray.CreateBuilder<(ChangeType, ImmutableArray<string>)>();
        if (reader.Mapping(node, "types", required: true) is { } typeMap)
        {
            foreach (var (key, value) in typeMap.Entries)
            {
                ChangeType? type = key.Value switch
                {
                    "model" => ChangeType.Model,
                    "prompt" => ChangeType.Prompt,
                    "policy" => ChangeType.Policy,
                    "pipeline" => ChangeType.Pipeline,
                    _ => null,
                };
                if (type is null)
                {
                    reader.Problem(key, $"'{key.Value}' is not a change type; write model, prompt, policy or pipeline");
                    continue;
                }

                var patterns = reader.StringList(value);
                types.Add((type.Value, patterns));
            }

            if (typeMap.Entries.Length == 0)
            {
                reader.Problem(typeMap, "types needs at least one change type with its path patterns, such as model: [\"models/**\"]");
            }
        }

        return repository is null ? null : new GitSource
        {
            Repository = Path.GetFullPath(Path.Combine(baseFolder, repository)),
            Branch = branch,
            DeploymentRefs = refs,
            DeploymentLog = log is null ? null : Path.GetFullPath(Path.Combine(baseFolder, log)),
            Types = types.ToImmutable(),
            DirectCommits = reader.Bool(node, "directCommits") ?? false,
            Timeout = reader.Duration(node, "timeout") ?? TimeSpan.FromMinutes(2),
        };
    }

    private static OtlpSource? ReadOtlp(YamlMapping? node, NodeReader reader, string baseFolder)
    {
        if (node is null)
        {
            return null;
        }

        reader.Keys(node, "files", "workflowAttribute", "stepAttribute", "outcomeAttribute", "correctAttribute", "humanAttribute", "humanTools", "workflowRuns", "agentRuns");
        var files = node["files"] is { } filesNode ? reader.StringList(filesNode) : [];
        if (files.IsEmpty)
        {
            reader.Problem(node, "an otlp source needs files: the OTLP JSON files or folders to read (what the Collector's file exporter or aiops-policy receive wrote)");
        }

        return new OtlpSource
        {
            Paths = [.. files.Select(f => Path.GetFullPath(Path.Combine(baseFolder, f)))],
            WorkflowAttribute = reader.String(node, "workflowAttribute", required: false) ?? "aiops.workflow",
            StepAttribute = reader.String(node, "stepAttribute", required: false) ?? "aiops.step",
            OutcomeAttribute = reader.String(node, "outcomeAttribute", required: false) ?? "aiops.outcome",
            CorrectAttribute = reader.String(node, "correctAttribute", required: false) ?? "aiops.correct",
            HumanAttribute = reader.String(node, "humanAttribute", required: false) ?? "aiops.human_intervention",
            HumanTools = node["humanTools"] is { } tools ? reader.StringList(tools) : [],
            WorkflowRuns = reader.Bool(node, "workflowRuns") ?? true,
            AgentRuns = reader.Bool(node, "agentRuns") ?? true,
        };
    }

    private static SourceCredentials ReadCredentials(YamlMapping? node, NodeReader reader)
    {
        if (node is null)
        {
            return new SourceCredentials();
        }

        foreach (var (key, _) in node.Entries)
        {
            if (key.Value is "token" or "bearerToken" or "password" or "username")
            {
                // A secret written into a file ends up in a repository, a review and a log: name the variable instead.
                reader.Problem(key, $"'{key.Value}' would put a credential in the sources file; write {key.Value switch { "password" => "passwordEnv", "username" => "usernameEnv", _ => "bearerTokenEnv" }}: the name of the environment variable that holds it");
            }
        }

        reader.Keys(node, "bearerTokenEnv", "usernameEnv", "passwordEnv", "token", "bearerToken", "password", "username");
        var credentials = new SourceCredentials
        {
            BearerTokenEnv = reader.EnvName(node, "bearerTokenEnv"),
            UsernameEnv = reader.EnvName(node, "usernameEnv"),
            PasswordEnv = reader.EnvName(node, "passwordEnv"),
        };
        if ((credentials.UsernameEnv is null) != (credentials.PasswordEnv is null))
        {
            reader.Problem(node, "basic authentication needs both usernameEnv and passwordEnv");
        }

        if (credentials.BearerTokenEnv is not null && credentials.UsernameEnv is not null)
        {
            reader.Problem(node, "give either bearerTokenEnv or usernameEnv/passwordEnv, not both");
        }

        return credentials;
    }

    [GeneratedRegex("^[a-z0-9]([a-z0-9-]{0,62}[a-z0-9])?$", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 1000)]
    private static partial Regex KebabName();

    [GeneratedRegex("^[a-zA-Z_:][a-zA-Z0-9_:]{0,199}$", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 1000)]
    private static partial Regex PrometheusMetricName();

    [GeneratedRegex("^[a-zA-Z_][a-zA-Z0-9_]{0,199}$", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 1000)]
    private static partial Regex PrometheusLabelName();

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_]{0,199}$", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 1000)]
    private static partial Regex EnvironmentName();

    /// <summary>Reads typed values from YAML nodes, reporting each problem at its node.</summary>
    private sealed class NodeReader(List<Diagnostic> diagnostics)
    {
        public int Errors => diagnostics.Count(d => d.IsError);

        public void Problem(YamlNode node, string message) =>
            diagnostics.Add(Diagnostic.Create(DiagnosticCatalog.SourcesInvalid, node.Location, message));

        public void Keys(YamlMapping node, params string[] known)
        {
            foreach (var (key, _) in node.Entries)
            {
                if (!known.Contains(key.Value, StringComparer.Ordinal))
                {
                    Problem(key, $"unknown field '{key.Value}'; known here: {string.Join(", ", known.Where(k => k is not ("token" or "bearerToken" or "password" or "username")))}");
                }
            }
        }

        public string? String(YamlMapping node, string key, bool required)
        {
            switch (node[key])
            {
                case null when required:
                    Problem(node, $"'{key}' is required");
                    return null;
                case null:
                    return null;
                case YamlScalar scalar when !scalar.IsNull && scalar.Value.Length > 0 && !scalar.Value.Any(c => char.IsControl(c) && c is not '\t'):
                    return scalar.Value;
                case var other:
                    Problem(other, $"'{key}' must be a single line of text");
                    return null;
            }
        }

        public string? Name(YamlMapping node, string key, bool required)
        {
            var value = String(node, key, required);
            if (value is not null && !KebabName().IsMatch(value))
            {
                Problem(node[key]!, $"'{value}' is not a kebab-case name (lower-case letters, digits and single hyphens, at most 64 characters)");
                return null;
            }

            return value;
        }

        public string? MetricName(YamlMapping node, string key, bool required)
        {
            var value = String(node, key, required);
            if (value is not null && !PrometheusMetricName().IsMatch(value))
            {
                Problem(node[key]!, $"'{value}' is not a Prometheus metric name");
                return null;
            }

            return value;
        }

        public string? LabelName(YamlMapping node, string key, bool required)
        {
            var value = String(node, key, required);
            if (value is not null && !PrometheusLabelName().IsMatch(value))
            {
                Problem(node[key]!, $"'{value}' is not a Prometheus label name");
                return null;
            }

            return value;
        }

        public string? EnvName(YamlMapping node, string key)
        {
            var value = String(node, key, required: false);
            if (value is not null && !EnvironmentName().IsMatch(value))
            {
                Problem(node[key]!, $"'{value}' is not the name of an environment variable (letters, digits and underscores): write the variable's name, never its value");
                return null;
            }

            return value;
        }

        /// <summary>A label selector such as <c>{job="blackbox", step="inference"}</c>, added to every series the source queries.</summary>
        public string Selector(YamlMapping node, string key)
        {
            var value = String(node, key, required: false);
            if (value is null)
            {
                return string.Empty;
            }

            var trimmed = value.Trim();
            if (!trimmed.StartsWith('{') || !trimmed.EndsWith('}') || trimmed.Length > 2000)
            {
                Problem(node[key]!, $"'{value}' is not a label selector: write label matchers in braces, such as {{job=\"blackbox\"}}");
                return string.Empty;
            }

            return trimmed[1..^1].Trim();
        }

        public bool? Bool(YamlMapping node, string key)
        {
            var value = String(node, key, required: false);
            return value switch
            {
                null => null,
                "true" => true,
                "false" => false,
                _ => Report(node[key]!, $"'{key}' must be true or false"),
            };
        }

        public TimeSpan? Duration(YamlMapping node, string key)
        {
            var value = String(node, key, required: false);
            if (value is null)
            {
                return null;
            }

            if (!UnitParser.TryParseDuration(value, out var duration) || duration <= TimeSpan.Zero)
            {
                Problem(node[key]!, $"'{value}' is not a positive duration; write {UnitParser.DurationHint}");
                return null;
            }

            return duration;
        }

        public TimeSpan Interval(YamlMapping node, string key, TimeSpan fallback)
        {
            var interval = Duration(node, key) ?? fallback;
            if (interval < TimeSpan.FromMinutes(1) || TimeSpan.FromDays(1).Ticks % interval.Ticks != 0)
            {
                Problem(node[key] ?? node, $"an interval of {UnitFormat.Duration(interval)} does not divide a day; use one that does, such as 5m, 15m, 1h or 1d");
            }

            return interval;
        }

        public long? Integer(YamlMapping node, string key, long min, long max)
        {
            var value = String(node, key, required: false);
            if (value is null)
            {
                return null;
            }

            if (!long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var number) || number < min || number > max)
            {
                Problem(node[key]!, $"'{key}' must be a whole number from {min} to {max}");
                return null;
            }

            return number;
        }

        public Uri? Url(YamlMapping node, string key, bool hasCredentials, bool insecure)
        {
            var value = String(node, key, required: true);
            if (value is null)
            {
                return null;
            }

            if (!Uri.TryCreate(value, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https") || uri.Query.Length > 0 || uri.Fragment.Length > 0)
            {
                Problem(node[key]!, $"'{value}' is not an http(s) URL of a server, such as http://127.0.0.1:9090");
                return null;
            }

            if (uri.UserInfo.Length > 0)
            {
                Problem(node[key]!, "the URL holds a user name or password; put credentials in environment variables named under auth");
                return null;
            }

            if (hasCredentials && uri.Scheme == "http" && !uri.IsLoopback && !insecure)
            {
                // Credentials in clear text across a network can be read by anyone on the path.
                Problem(node[key]!, $"credentials would be sent in clear text to {uri.Host}: use https, or set insecure: true if the network path is trusted");
                return null;
            }

            return uri;
        }

        public IEnumerable<YamlMapping> Items(YamlMapping node, string key)
        {
            switch (node[key])
            {
                case null:
                    yield break;
                case YamlSequence sequence:
                    foreach (var item in sequence.Items)
                    {
                        if (item is YamlMapping mapping)
                        {
                            yield return mapping;
                        }
                        else
                        {
                            Problem(item, $"each item of '{key}' must be a mapping");
                        }
                    }

                    break;
                case var other:
                    Problem(other, $"'{key}' must be a list");
                    break;
            }
        }

        public YamlMapping? Mapping(YamlMapping node, string key, bool required)
        {
            switch (node[key])
            {
                case null when required:
                    Problem(node, $"'{key}' is required");
                    return null;
                case null:
                    return null;
                case YamlMapping mapping:
                    return mapping;
                case var other:
                    Problem(other, $"'{key}' must be a mapping");
                    return null;
            }
        }

        public ImmutableArray<string> StringList(YamlNode node)
        {
            if (node is YamlScalar { IsNull: false } single)
            {
                return [single.Value];
            }

            if (node is not YamlSequence sequence)
            {
                Problem(node, "expected a list of text");
                return [];
            }

            var list = ImmutableArray.CreateBuilder<string>();
            foreach (var item in sequence.Items)
            {
                if (item is YamlScalar { IsNull: false } scalar && scalar.Value.Length > 0 && !scalar.Value.Any(char.IsControl))
                {
                    list.Add(scalar.Value);
                }
                else
                {
                    Problem(item, "expected text");
                }
            }

            return list.ToImmutable();
        }

        private bool? Report(YamlNode node, string message)
        {
            Problem(node, message);
            return null;
        }
    }
}
