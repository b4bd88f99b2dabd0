// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using System.Globalization;
using AiOpsPolicy.Reporting;

namespace AiOpsPolicy.Cli.Arguments;

/// <summary>The arguments of <c>aiops-policy gate</c>.</summary>
internal sealed class GateArguments
{
    public List<string> Policies { get; } = [];

    /// <summary>Gets the history store to record the run in (SQLite file or PostgreSQL connection string), if any.</summary>
    public string? RecordTarget { get; private set; }

    /// <summary>Gets the history store gate baselines are read from, if given (default: the record target).</summary>
    public string? HistoryTarget { get; private set; }

    /// <summary>Gets a value indicating whether a failure to record makes the run fail (exit 2).</summary>
    public bool RequireRecord { get; private set; }

    /// <summary>Gets the prebuilt bundle to run instead of policy files, if given.</summary>
    public string? BundlePath { get; private set; }

    public List<string> Evidence { get; } = [];

    public string? JsonPath { get; private set; }

    /// <summary>Gets the report formats asked for with --format, in the order given, without repeats.</summary>
    public List<string> Formats { get; } = [];

    public string? OutputDirectory { get; private set; }

    public string? RepositoryRoot { get; private set; }

    public DateTimeOffset? AsOf { get; private set; }

    public string? CacheDirectory { get; private set; }

    public bool NoCache { get; private set; }

    public bool NoColor { get; private set; }

    /// <summary>Gets the public key files whose bundle signatures are trusted (<c>--trusted-key</c>, repeatable).</summary>
    public List<string> TrustedKeys { get; } = [];

    /// <summary>Gets a value indicating whether an unsigned bundle, or one signed by an unknown key, runs anyway (with a warning).</summary>
    public bool AllowUnsigned { get; private set; }

    /// <summary>Gets the operator configuration file (<c>--config</c>), if given; else <c>$AIOPS_POLICY_CONFIG</c> applies.</summary>
    public string? ConfigPath { get; private set; }

    /// <summary>Gets the operator's sources file to collect evidence from before gating, if given.</summary>
    public string? CollectSources { get; private set; }

    /// <summary>Gets the folder collected evidence is kept in (default: a temporary folder, removed after the run).</summary>
    public string? CollectOutput { get; private set; }

    /// <summary>Gets how far back --collect reaches.</summary>
    public TimeSpan CollectWindow { get; private set; } = CollectArguments.DefaultWindow;

    public static (GateArguments Arguments, string? Problem) Parse(IEnumerable<string> args)
    {
        var result = new GateArguments();
        var problem = new ArgumentReader(args).Read(
            (name, value) => name switch
            {
                "--policies" => Add(result.Policies, name, value()),
                "--evidence" => Add(result.Evidence, name, value()),
                "--json" => Set(name, value(), v => result.JsonPath = v),
                "--format" => AddFormats(result.Formats, name, value(), ReportFormats.Names),
                "--output" => Set(name, value(), v => result.OutputDirectory = v),
                "--repo-root" => Set(name, value(), v => result.RepositoryRoot = v),
                "--cache-dir" => Set(name, value(), v => result.CacheDirectory = v),
                "--no-cache" => Flag(() => result.NoCache = true),
                "--no-color" => Flag(() => result.NoColor = true),
                "--as-of" => ParseAsOf(value(), result),
                "--bundle" => Set(name, value(), v => result.BundlePath = v),
                "--record" => Set(name, value(), v => result.RecordTarget = v),
                "--require-record" => Flag(() => result.RequireRecord = true),
                "--history" => Set(name, value(), v => result.HistoryTarget = v),
                "--config" => Set(name, value(), v => result.ConfigPath = v),
                "--trusted-key" => Add(result.TrustedKeys, name, value()),
                "--allow-unsigned" => Flag(() => result.AllowUnsigned = true),
                "--collect" => Set(name, value(), v => result.CollectSources = v),
                "--collect-out" => Set(name, value(), v => result.CollectOutput = v),
                "--window" => CollectArguments.ParseWindow(value(), w => result.CollectWindow = w),
                _ => $"Unknown option '{name}' for 'gate'",
            },
            result.Policies.Add);
        if (problem is null && result.Policies.Count == 0 && result.BundlePath is null)
        {
            problem = "Give the policy folder with --policies DIR, or a prebuilt bundle with --bundle FILE";
        }

        if (problem is null && result.Policies.Count > 0 && result.BundlePath is not null)
        {
            problem = "Give either --policies or --bundle, not both: a bundle holds its own policies";
        }

        if (problem is null && result.BundlePath is null && (result.TrustedKeys.Count > 0 || result.AllowUnsigned))
        {
            problem = "--trusted-key and --allow-unsigned apply to --bundle only";
        }

        if (problem is null && result.Evidence.Count == 0 && result.CollectSources is null)
        {
            problem = "Give the evidence folder with --evidence DIR, or the operator's sources file to collect it from with --collect FILE";
        }

        if (problem is null && result.CollectSources is null && result.CollectOutput is not null)
        {
            problem = "--collect-out keeps what --collect collected: give --collect FILE too";
        }

        return (result, problem);
    }

    internal static string? Add(List<string> list, string name, string? value)
    {
        if (value is null)
        {
            return $"Option '{name}' needs a value";
        }

        list.Add(value);
        return null;
    }

    /// <summary>Adds comma-separated format names, checking each against the known ones.</summary>
    internal static string? AddFormats(List<string> formats, string name, string? value, IReadOnlyCollection<string> known)
    {
        if (value is null)
        {
            return $"Option '{name}' needs a value: one or more of {string.Join(", ", known)}";
        }

        foreach (var format in value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var lower = format.ToLowerInvariant();
            if (!known.Contains(lower, StringComparer.Ordinal))
            {
                return $"Unknown report format '{format}'; known formats: {string.Join(", ", known)}";
            }

            if (!formats.Contains(lower, StringComparer.Ordinal))
            {
                formats.Add(lower);
            }
        }

        return null;
    }

    internal static string? Set(string name, string? value, Action<string> set)
    {
        if (value is null)
        {
            return $"Option '{name}' needs a value";
        }

        set(value);
        return null;
    }

    internal static string? Flag(Action set)
    {
        set();
        return null;
    }

    private static string? ParseAsOf(string? value, GateArguments result) => ParseTime(value, asOf => result.AsOf = asOf);

    /// <summary>Parses an <c>--as-of</c> value: an ISO 8601 time with an offset, never a guessed time zone.</summary>
    internal static string? ParseTime(string? value, Action<DateTimeOffset> set)
    {
        var t = value?.IndexOf('T', StringComparison.Ordinal) ?? -1;
        if (value is null || t < 0 || !(value.EndsWith('Z') || value.AsSpan(t).LastIndexOfAny('+', '-') > 0)
            || !DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.None, out var asOf))
        {
            return $"--as-of needs an ISO 8601 time with an offset, such as 2026-11-28T12:00:00Z; got '{value}'";
        }

        set(asOf);
        return null;
    }
}
