// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using System.CommandLine;
using AiOpsPolicy.Cli.CommandLine;
using AiOpsPolicy.Reporting;

namespace AiOpsPolicy.Cli.Arguments;

/// <summary>The arguments of <c>aiops-policy gate</c>.</summary>
internal sealed class GateArguments
{
    public List<string> Policies { get; } = [];

    /// <summary>Gets the history store to record the run in (SQLite file or PostgreSQL connection string), if any.</summary>
    public string? RecordTarget { get; init; }

    /// <summary>Gets the history store gate baselines are read from, if given (default: the record target).</summary>
    public string? HistoryTarget { get; init; }

    /// <summary>Gets a value indicating whether a failure to record makes the run fail (exit 2).</summary>
    public bool RequireRecord { get; init; }

    /// <summary>Gets the prebuilt bundle to run instead of policy files, if given.</summary>
    public string? BundlePath { get; init; }

    public List<string> Evidence { get; } = [];

    public string? JsonPath { get; init; }

    /// <summary>Gets the report formats asked for with --format, in the order given, without repeats.</summary>
    public List<string> Formats { get; } = [];

    public string? OutputDirectory { get; init; }

    public string? RepositoryRoot { get; init; }

    public DateTimeOffset? AsOf { get; init; }

    public string? CacheDirectory { get; init; }

    public bool NoCache { get; init; }

    /// <summary>Gets a value indicating whether every record is read into memory, none kept in DuckDB with its metrics pushed down (<c>--no-push-down</c>).</summary>
    public bool NoPushDown { get; init; }

    public bool NoColor { get; init; }

    /// <summary>Gets the public key files whose bundle signatures are trusted (<c>--trusted-key</c>, repeatable).</summary>
    public List<string> TrustedKeys { get; } = [];

    /// <summary>Gets a value indicating whether an unsigned bundle, or one signed by an unknown key, runs anyway (with a warning).</summary>
    public bool AllowUnsigned { get; init; }

    /// <summary>Gets the operator configuration file (<c>--config</c>), if given; else <c>$AIOPS_POLICY_CONFIG</c> applies.</summary>
    public string? ConfigPath { get; init; }

    /// <summary>Gets the operator's sources file to collect evidence from before gating, if given.</summary>
    public string? CollectSources { get; init; }

    /// <summary>Gets the folder collected evidence is kept in (default: a temporary folder, removed after the run).</summary>
    public string? CollectOutput { get; init; }

    /// <summary>Gets how far back --collect reaches.</summary>
    public TimeSpan CollectWindow { get; init; } = CollectArguments.DefaultWindow;

    /// <summary>Declares <c>gate</c>: its options, and the checks between them.</summary>
    /// <param name="run">Runs the command with the parsed arguments.</param>
    /// <param name="fail">Reports a usage problem (AOP5001).</param>
    /// <returns>The command.</returns>
    public static Command Declare(Func<GateArguments, int> run, Func<string, int> fail)
    {
        var policies = CliOptions.Repeated("--policies", "DIR", "The policy folder (repeatable; folders may also be given as arguments).");
        var bundle = CliOptions.Value("--bundle", "FILE", "A prebuilt, signed bundle ('aiops-policy build') to run instead of --policies.");
        var evidence = CliOptions.Repeated("--evidence", "DIR", "The evidence folder, a .duckdb store, or a ClickHouse database: a clickhouse:// URL or a name the operator configuration declares under warehouses (repeatable).");
        var formats = CliOptions.Formats("--format", "FORMAT[,FORMAT...]", ReportFormats.Names,
            $"Report formats, comma-separated or repeated: {string.Join(", ", ReportFormats.Names.Where(n => n != ReportFormats.GitHub))} (files in --output DIR) and github (annotations on standard output). See docs/reports.md.");
        var output = CliOptions.Value("--output", "DIR", "The folder reports are written to (default: the current directory).");
        var json = CliOptions.Value("--json", "FILE", "Write the JSON report to FILE (same as --format json, with a file name of your own).");
        var repoRoot = CliOptions.Value("--repo-root", "DIR", "The folder report paths are relative to (default: the current directory).");
        var asOf = CliOptions.Time("--as-of", "The evaluation time (ISO 8601 with an offset); default: now, recorded in the report.");
        var cacheDir = CliOptions.Value("--cache-dir", "DIR", "Where compiled policy sets are cached (default: $AIOPS_POLICY_CACHE or ~/.cache/aiops-policy).");
        var noCache = CliOptions.Flag("--no-cache", "Compile without reading or writing the cache.");
        var noPushDown = CliOptions.Flag("--no-push-down", "Read every evidence record into memory through the contract, even workflow runs in Parquet or a .duckdb store that DuckDB would keep and compute metrics over (docs/performance.md).");
        var noColor = CliOptions.Flag("--no-color", "No colour in the console summary (NO_COLOR does the same).");
        var record = CliOptions.Value("--record", "TARGET", "Record the run in a history store: a SQLite file, a PostgreSQL connection string or a store the operator configuration declares (default: $AIOPS_POLICY_HISTORY); see docs/history.md.");
        var requireRecord = CliOptions.Flag("--require-record", "A run that could not be recorded exits 2.");
        var history = CliOptions.Value("--history", "TARGET", "The store gate baselines are read from (default: --record, else $AIOPS_POLICY_HISTORY, else the PolicySet's spec.history.store).");
        var config = CliOptions.Value("--config", "FILE", "The operator configuration: named history stores and trusted bundle keys (default: $AIOPS_POLICY_CONFIG; never read from the policy folder; docs/configuration.md).");
        var trustedKey = CliOptions.Repeated("--trusted-key", "FILE", "A public key (PEM) whose bundle signatures --bundle accepts; repeatable.");
        var allowUnsigned = CliOptions.Flag("--allow-unsigned", "Run a bundle that is unsigned or signed by an unknown key (a warning on every run).");
        var collect = CliOptions.Value("--collect", "FILE", "Collect evidence from the operator's sources file first, then gate on it (and on any --evidence DIR); docs/collect.md.");
        var collectOut = CliOptions.Value("--collect-out", "DIR", "Keep what --collect collected in DIR (default: a temporary folder, removed after the run).");
        var window = CollectArguments.WindowOption();
        var paths = CliOptions.Arguments("POLICIES", "Policy folders, as --policies gives them.");
        var command = new Command("gate", """
            Evaluate every gate against the evidence and decide whether a deployment may go ahead.
            Give the policies (--policies DIR or --bundle FILE) and the evidence (--evidence DIR or --collect FILE).
            Exit 0 allowed (warnings allowed), 1 blocked, 2 invalid input or usage, or a report that could not be written.
            """)
        {
            policies, bundle, evidence, formats, output, json, repoRoot, asOf, cacheDir, noCache, noPushDown, noColor,
            record, requireRecord, history, config, trustedKey, allowUnsigned, collect, collectOut, window, paths,
        };
        command.SetAction(parsed =>
        {
            var result = new GateArguments
            {
                BundlePath = parsed.GetValue(bundle),
                JsonPath = parsed.GetValue(json),
                OutputDirectory = parsed.GetValue(output),
                RepositoryRoot = parsed.GetValue(repoRoot),
                AsOf = parsed.GetValue(asOf),
                CacheDirectory = parsed.GetValue(cacheDir),
                NoCache = parsed.GetValue(noCache),
                NoPushDown = parsed.GetValue(noPushDown),
                NoColor = parsed.GetValue(noColor),
                RecordTarget = parsed.GetValue(record),
                RequireRecord = parsed.GetValue(requireRecord),
                HistoryTarget = parsed.GetValue(history),
                ConfigPath = parsed.GetValue(config),
                AllowUnsigned = parsed.GetValue(allowUnsigned),
                CollectSources = parsed.GetValue(collect),
                CollectOutput = parsed.GetValue(collectOut),
                CollectWindow = parsed.GetValue(window) ?? CollectArguments.DefaultWindow,
            };
            result.Policies.AddRange(parsed.GetValue(policies) ?? []);
            result.Policies.AddRange(parsed.GetValue(paths) ?? []);
            result.Evidence.AddRange(parsed.GetValue(evidence) ?? []);
            result.Formats.AddRange(parsed.GetValue(formats) ?? []);
            result.TrustedKeys.AddRange(parsed.GetValue(trustedKey) ?? []);
            return result.Check() is { } problem ? fail(problem) : run(result);
        });
        return command;
    }

    private string? Check()
    {
        if (Policies.Count == 0 && BundlePath is null)
        {
            return "Give the policy folder with --policies DIR, or a prebuilt bundle with --bundle FILE";
        }

        if (Policies.Count > 0 && BundlePath is not null)
        {
            return "Give either --policies or --bundle, not both: a bundle holds its own policies";
        }

        if (BundlePath is null && (TrustedKeys.Count > 0 || AllowUnsigned))
        {
            return "--trusted-key and --allow-unsigned apply to --bundle only";
        }

        if (Evidence.Count == 0 && CollectSources is null)
        {
            return "Give the evidence folder with --evidence DIR, or the operator's sources file to collect it from with --collect FILE";
        }

        return CollectSources is null && CollectOutput is not null ? "--collect-out keeps what --collect collected: give --collect FILE too" : null;
    }
}
