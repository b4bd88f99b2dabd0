// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using System.CommandLine;
using System.Globalization;
using AiOpsPolicy.Cli.CommandLine;

namespace AiOpsPolicy.Cli.Arguments;

/// <summary>The arguments of <c>aiops-policy history</c>, and the options and checks it shares with <c>coverage</c> and <c>review</c>.</summary>
internal sealed class HistoryArguments
{
    public const string Text = "text";

    public const string Markdown = "markdown";

    /// <summary>The default end of a range: far enough in the future to include every run.</summary>
    public static readonly DateTimeOffset Forever = new(9999, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>Gets the operator configuration (<c>--config FILE</c>; else <c>$AIOPS_POLICY_CONFIG</c>) whose <c>historyStores</c> names --store may give.</summary>
    public string? ConfigPath { get; init; }

    /// <summary>Gets the history store (SQLite file or PostgreSQL connection string); default: $AIOPS_POLICY_HISTORY.</summary>
    public string? Store { get; init; }

    public string? Gate { get; init; }

    public string? Metric { get; init; }

    public bool Flips { get; init; }

    public bool Waivers { get; init; }

    /// <summary>Gets the policy set <c>--waivers</c> looks at, or null for every policy set.</summary>
    public string? PolicySet { get; init; }

    public DateTimeOffset Since { get; init; } = DateTimeOffset.UnixEpoch;

    public DateTimeOffset Until { get; init; } = Forever;

    public int Top { get; init; } = 10;

    /// <summary>Gets the output format: text or markdown.</summary>
    public string Format { get; init; } = Text;

    /// <summary>Declares <c>history</c>.</summary>
    /// <param name="run">Runs the command with the parsed arguments.</param>
    /// <param name="fail">Reports a usage problem (AOP5001).</param>
    /// <param name="defaultStore">The store when --store is not given ($AIOPS_POLICY_HISTORY).</param>
    /// <returns>The command.</returns>
    public static Command Declare(Func<HistoryArguments, int> run, Func<string, int> fail, string? defaultStore)
    {
        var store = StoreOption();
        var config = ConfigOption();
        var gate = CliOptions.Value("--gate", "NAME", "A gate's trend: status and observed value per run.");
        var metric = CliOptions.Value("--metric", "NAME", "A metric's trend.");
        var flips = CliOptions.Flag("--flips", "The gates that flip most between pass and fail.");
        var waivers = CliOptions.Flag("--waivers", "The waivers renewed most.");
        var policySet = CliOptions.Value("--policy-set", "NAME", "Only this policy set's waivers (with --waivers).");
        var top = CliOptions.Parsed<int?>("--top", "N", "How many rows --flips and --waivers list (default: 10).", value =>
            int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n >= 1 ? (n, null) : (null, $"Option '--top' needs a positive whole number; got '{value}'"));
        var since = CliOptions.Time("--since", "Only runs at or after this time (ISO 8601 with an offset).");
        var until = CliOptions.Time("--until", "Only runs before this time (ISO 8601 with an offset).");
        var format = FormatOption("--format", [Text, Markdown]);
        var command = new Command("history", """
            A gate's or metric's trend, the gates that flip most, or the waivers renewed most, from runs recorded
            with 'gate --record' (docs/history.md). Give exactly one of --gate, --metric, --flips or --waivers.
            """)
        {
            store, gate, metric, flips, waivers, policySet, top, since, until, format, config,
        };
        command.SetAction(parsed =>
        {
            var result = new HistoryArguments
            {
                Store = parsed.GetValue(store) ?? defaultStore,
                ConfigPath = parsed.GetValue(config),
                Gate = parsed.GetValue(gate),
                Metric = parsed.GetValue(metric),
                Flips = parsed.GetValue(flips),
                Waivers = parsed.GetValue(waivers),
                PolicySet = parsed.GetValue(policySet),
                Top = parsed.GetValue(top) ?? 10,
                Since = parsed.GetValue(since) ?? DateTimeOffset.UnixEpoch,
                Until = parsed.GetValue(until) ?? Forever,
                Format = parsed.GetValue(format) ?? Text,
            };
            var modes = (result.Gate is null ? 0 : 1) + (result.Metric is null ? 0 : 1) + (result.Flips ? 1 : 0) + (result.Waivers ? 1 : 0);
            var problem = modes != 1 ? "Give exactly one of --gate NAME, --metric NAME, --flips or --waivers"
                : result.PolicySet is not null && !result.Waivers ? "--policy-set applies to --waivers only"
                : CheckCommon(result.Store, result.Since, result.Until);
            return problem is null ? run(result) : fail(problem);
        });
        return command;
    }

    /// <summary>The <c>--store</c> option the history commands share.</summary>
    /// <returns>The option.</returns>
    internal static Option<string> StoreOption() =>
        CliOptions.Value("--store", "TARGET", "The history store: a SQLite file, a PostgreSQL connection string or a name the operator configuration declares (default: $AIOPS_POLICY_HISTORY).");

    /// <summary>The <c>--config</c> option the history commands share.</summary>
    /// <returns>The option.</returns>
    internal static Option<string> ConfigOption() =>
        CliOptions.Value("--config", "FILE", "The operator configuration whose historyStores --store may name (default: $AIOPS_POLICY_CONFIG).");

    /// <summary>A <c>--format</c> option that takes one of a few names, case-insensitively.</summary>
    /// <param name="name">The option's name.</param>
    /// <param name="formats">The names.</param>
    /// <returns>The option.</returns>
    internal static Option<string> FormatOption(string name, string[] formats)
    {
        var list = formats.Length == 2 ? $"'{formats[0]}' or '{formats[1]}'" : string.Join(", ", formats[..^1].Select(f => $"'{f}'")) + $" or '{formats[^1]}'";
        return CliOptions.Parsed<string>(name, string.Join('|', formats), $"{string.Join(", ", formats[..^1])} or {formats[^1]} (default: {formats[0]}).", value =>
        {
            var lower = value.ToLowerInvariant();
            return formats.Contains(lower, StringComparer.Ordinal) ? (lower, null) : (null, $"Option '{name}' needs {list}; got '{value}'");
        });
    }

    /// <summary>Checks what every history query needs: a store, and a range that is not empty.</summary>
    /// <param name="store">The store.</param>
    /// <param name="since">The start of the range.</param>
    /// <param name="until">The end of the range.</param>
    /// <returns>The problem, or null.</returns>
    internal static string? CheckCommon(string? store, DateTimeOffset since, DateTimeOffset until)
    {
        if (string.IsNullOrWhiteSpace(store))
        {
            return "Give the history store with --store TARGET (a SQLite file, a PostgreSQL connection string, or a name the operator configuration declares), or set AIOPS_POLICY_HISTORY";
        }

        return since >= until ? "--since must be earlier than --until" : null;
    }
}
