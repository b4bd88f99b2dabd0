// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using System.CommandLine;
using AiOpsPolicy.Cli.CommandLine;
using AiOpsPolicy.Reporting.Review;

namespace AiOpsPolicy.Cli.Arguments;

/// <summary>The arguments of <c>aiops-policy review</c>.</summary>
internal sealed class ReviewArguments
{
    public const string Html = "html";

    public const string Markdown = "markdown";

    private static readonly string[] _formats = [Html, Markdown];

    /// <summary>Gets the operator configuration (<c>--config FILE</c>; else <c>$AIOPS_POLICY_CONFIG</c>) whose <c>historyStores</c> names --store may give.</summary>
    public string? ConfigPath { get; init; }

    /// <summary>Gets the history store (SQLite file or PostgreSQL connection string); default: $AIOPS_POLICY_HISTORY.</summary>
    public string? Store { get; init; }

    /// <summary>Gets the policy set to review, or null for every policy set in the store.</summary>
    public string? PolicySet { get; init; }

    /// <summary>Gets the week to review, or null for the last full week before now.</summary>
    public IsoWeek? Week { get; init; }

    /// <summary>Gets the formats to write (default: both).</summary>
    public List<string> Formats { get; } = [];

    /// <summary>Gets the folder to write to (default: the current directory).</summary>
    public string OutputDirectory { get; init; } = ".";

    /// <summary>Gets the time "now" is taken to be, when given.</summary>
    public DateTimeOffset? AsOf { get; init; }

    /// <summary>Declares <c>review</c>.</summary>
    /// <param name="run">Runs the command with the parsed arguments.</param>
    /// <param name="fail">Reports a usage problem (AOP5001).</param>
    /// <param name="defaultStore">The store when --store is not given ($AIOPS_POLICY_HISTORY).</param>
    /// <returns>The command.</returns>
    public static Command Declare(Func<ReviewArguments, int> run, Func<string, int> fail, string? defaultStore)
    {
        var store = HistoryArguments.StoreOption();
        var policySet = CliOptions.Value("--policy-set", "NAME", "Only this policy set's runs (default: every policy set in the store).");
        var week = CliOptions.Parsed<IsoWeek?>("--week", "YYYY-Www", "The ISO week, such as 2026-W47 (default: the last full week, Monday to Sunday UTC, before now).", value =>
            IsoWeek.TryParse(value, out var parsed)
                ? (parsed, null)
                : (null, $"Option '--week' needs an ISO week such as 2026-W47 (year, 'W', two-digit week that exists in that year); got '{value}'"));
        var formats = CliOptions.Formats("--format", "html,markdown", _formats, "html, markdown or both (the default), comma-separated or repeated.");
        var output = CliOptions.Value("--output", "DIR", "Where aiops-policy-review.html and aiops-policy-review.md go (default: the current directory).");
        var asOf = CliOptions.Time("--as-of", "What \"now\" is for the default week (ISO 8601 with an offset).");
        var config = HistoryArguments.ConfigOption();
        var command = new Command("review", """
            The weekly review: the five metric groups against the previous week, failed gates, findings, coverage
            by team and waivers about to expire (docs/reports.md). Exit 0 written, 2 on usage or a store or file
            that cannot be read or written.
            """)
        {
            store, policySet, week, formats, output, asOf, config,
        };
        command.SetAction(parsed =>
        {
            var result = new ReviewArguments
            {
                Store = parsed.GetValue(store) ?? defaultStore,
                ConfigPath = parsed.GetValue(config),
                PolicySet = parsed.GetValue(policySet),
                Week = parsed.GetValue(week),
                OutputDirectory = parsed.GetValue(output) ?? ".",
                AsOf = parsed.GetValue(asOf),
            };
            result.Formats.AddRange(parsed.GetValue(formats) is { Count: > 0 } given ? given : _formats);
            return string.IsNullOrWhiteSpace(result.Store)
                ? fail("Give the history store with --store TARGET (a SQLite file, a PostgreSQL connection string, or a name the operator configuration declares), or set AIOPS_POLICY_HISTORY")
                : run(result);
        });
        return command;
    }
}
