// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using System.CommandLine;
using AiOpsPolicy.Cli.CommandLine;
using AiOpsPolicy.Core.Results;

namespace AiOpsPolicy.Cli.Arguments;

/// <summary>The arguments of <c>aiops-policy coverage</c>.</summary>
internal sealed class CoverageArguments
{
    public const string Json = "json";

    /// <summary>Gets the operator configuration (<c>--config FILE</c>; else <c>$AIOPS_POLICY_CONFIG</c>) whose <c>historyStores</c> names --store may give.</summary>
    public string? ConfigPath { get; init; }

    /// <summary>Gets the history store (SQLite file or PostgreSQL connection string); default: $AIOPS_POLICY_HISTORY.</summary>
    public string? Store { get; init; }

    public DateTimeOffset Since { get; init; } = DateTimeOffset.UnixEpoch;

    public DateTimeOffset Until { get; init; } = HistoryArguments.Forever;

    public CoveragePeriod Period { get; init; } = CoveragePeriod.Week;

    public CoverageGrouping By { get; init; } = CoverageGrouping.Week;

    /// <summary>Gets the policy set to count, or null for every policy set.</summary>
    public string? PolicySet { get; init; }

    /// <summary>Gets the OSCAL catalog or profile to state coverage against, if any.</summary>
    public string? Catalog { get; init; }

    /// <summary>Gets the output format: text, markdown or json.</summary>
    public string Format { get; init; } = HistoryArguments.Text;

    /// <summary>Declares <c>coverage</c>.</summary>
    /// <param name="run">Runs the command with the parsed arguments.</param>
    /// <param name="fail">Reports a usage problem (AOP5001).</param>
    /// <param name="defaultStore">The store when --store is not given ($AIOPS_POLICY_HISTORY).</param>
    /// <returns>The command.</returns>
    public static Command Declare(Func<CoverageArguments, int> run, Func<string, int> fail, string? defaultStore)
    {
        var store = HistoryArguments.StoreOption();
        var period = CliOptions.Parsed<CoveragePeriod?>("--period", "week|month", "One row per week (default) or month.", value => value.ToLowerInvariant() switch
        {
            "week" => (CoveragePeriod.Week, null),
            "month" => (CoveragePeriod.Month, null),
            _ => (null, $"Option '--period' needs 'week' or 'month'; got '{value}'"),
        });
        var by = CliOptions.Parsed<CoverageGrouping?>("--by", "none|team|enforcement-point", "Split each period by team or by enforcement point (default: none).", value => value.ToLowerInvariant() switch
        {
            // 'week' is the original spelling of "one row per period", kept working.
            "none" or "week" => (CoverageGrouping.Week, null),
            "team" => (CoverageGrouping.Team, null),
            "enforcement-point" => (CoverageGrouping.EnforcementPoint, null),
            _ => (null, $"Option '--by' needs 'none', 'team' or 'enforcement-point'; got '{value}'"),
        });
        var policySet = CliOptions.Value("--policy-set", "NAME", "Only this policy set (default: every policy set in the store).");
        var catalog = CliOptions.Value("--catalog", "FILE", "State the coverage of an OSCAL catalog or profile by the latest run instead (no --period or --by; docs/oscal.md).");
        var since = CliOptions.Time("--since", "Only runs at or after this time (ISO 8601 with an offset).");
        var until = CliOptions.Time("--until", "Only runs before this time (ISO 8601 with an offset).");
        var format = HistoryArguments.FormatOption("--format", [HistoryArguments.Text, HistoryArguments.Markdown, Json]);
        var config = HistoryArguments.ConfigOption();
        var command = new Command("coverage", """
            Control coverage over time (by team, the team that pulls the organisation down), or the coverage of an
            OSCAL catalog or profile by the latest run, from runs recorded with 'gate --record' (docs/history.md).
            """)
        {
            store, period, by, policySet, catalog, since, until, format, config,
        };
        command.SetAction(parsed =>
        {
            var result = new CoverageArguments
            {
                Store = parsed.GetValue(store) ?? defaultStore,
                ConfigPath = parsed.GetValue(config),
                Since = parsed.GetValue(since) ?? DateTimeOffset.UnixEpoch,
                Until = parsed.GetValue(until) ?? HistoryArguments.Forever,
                Period = parsed.GetValue(period) ?? CoveragePeriod.Week,
                By = parsed.GetValue(by) ?? CoverageGrouping.Week,
                PolicySet = parsed.GetValue(policySet),
                Catalog = parsed.GetValue(catalog),
                Format = parsed.GetValue(format) ?? HistoryArguments.Text,
            };
            var problem = result.Catalog is not null && (parsed.GetResult(period) is not null || parsed.GetResult(by) is not null)
                ? "--catalog states the coverage of the latest run against a framework; it takes no --period or --by"
                : HistoryArguments.CheckCommon(result.Store, result.Since, result.Until);
            return problem is null ? run(result) : fail(problem);
        });
        return command;
    }
}
