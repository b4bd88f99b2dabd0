// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using AiOpsPolicy.History;

namespace AiOpsPolicy.Cli.Arguments;

/// <summary>The arguments of <c>aiops-policy coverage</c>.</summary>
internal sealed class CoverageArguments
{
    public const string Json = "json";

    /// <summary>Gets the history store (SQLite file or PostgreSQL connection string); default: $AIOPS_POLICY_HISTORY.</summary>
    /// <summary>Gets the operator configuration (<c>--config FILE</c>; else <c>$AIOPS_POLICY_CONFIG</c>) whose <c>historyStores</c> names --store may give.</summary>
    public string? ConfigPath { get; private set; }

    public string? Store { get; private set; }

    public DateTimeOffset Since { get; private set; } = DateTimeOffset.UnixEpoch;

    public DateTimeOffset Until { get; private set; } = HistoryArguments.Forever;

    public CoveragePeriod Period { get; private set; } = CoveragePeriod.Week;

    public CoverageGrouping By { get; private set; } = CoverageGrouping.Week;

    /// <summary>Gets the policy set to count, or null for every policy set.</summary>
    public string? PolicySet { get; private set; }

    /// <summary>Gets the OSCAL catalog or profile to state coverage against, if any.</summary>
    public string? Catalog { get; private set; }

    /// <summary>Gets the output format: text, markdown or json.</summary>
    public string Format { get; private set; } = HistoryArguments.Text;

    public static (CoverageArguments Arguments, string? Problem) Parse(IEnumerable<string> args, string? defaultStore)
    {
        var result = new CoverageArguments { Store = defaultStore };
        string? positional = null;
        var periodOrGroupGiven = false;
        var problem = new ArgumentReader(args).Read(
            (name, value) => name switch
            {
                "--store" => GateArguments.Set(name, value(), v => result.Store = v),
                "--config" => GateArguments.Set(name, value(), v => result.ConfigPath = v),
                "--since" => HistoryArguments.ParseTime(name, value(), t => result.Since = t),
                "--until" => HistoryArguments.ParseTime(name, value(), t => result.Until = t),
                "--period" => Mark(ref periodOrGroupGiven, ParsePeriod(name, value(), result)),
                "--by" => Mark(ref periodOrGroupGiven, ParseGrouping(name, value(), result)),
                "--policy-set" => GateArguments.Set(name, value(), v => result.PolicySet = v),
                "--catalog" => GateArguments.Set(name, value(), v => result.Catalog = v),
                "--format" => ParseFormat(name, value(), result),
                _ => $"Unknown option '{name}' for 'coverage'",
            },
            arg => positional ??= arg);
        if (problem is null && positional is not null)
        {
            problem = $"Unexpected argument '{positional}' for 'coverage'";
        }

        if (problem is null && result.Catalog is not null && periodOrGroupGiven)
        {
            problem = "--catalog states the coverage of the latest run against a framework; it takes no --period or --by";
        }

        return (result, problem ?? HistoryArguments.CheckCommon(result.Store, result.Since, result.Until));
    }

    private static string? Mark(ref bool given, string? problem)
    {
        given = true;
        return problem;
    }

    private static string? ParsePeriod(string name, string? value, CoverageArguments result)
    {
        switch (value?.ToLowerInvariant())
        {
            case "week":
                result.Period = CoveragePeriod.Week;
                return null;
            case "month":
                result.Period = CoveragePeriod.Month;
                return null;
            default:
                return $"Option '{name}' needs 'week' or 'month'; got '{value}'";
        }
    }

    private static string? ParseGrouping(string name, string? value, CoverageArguments result)
    {
        switch (value?.ToLowerInvariant())
        {
            // 'week' is the original spelling of "one row per period", kept working.
            case "none" or "week":
                result.By = CoverageGrouping.Week;
                return null;
            case "team":
                result.By = CoverageGrouping.Team;
                return null;
            case "enforcement-point":
                result.By = CoverageGrouping.EnforcementPoint;
                return null;
            default:
                return $"Option '{name}' needs 'none', 'team' or 'enforcement-point'; got '{value}'";
        }
    }

    private static string? ParseFormat(string name, string? value, CoverageArguments result)
    {
        if (string.Equals(value, Json, StringComparison.OrdinalIgnoreCase))
        {
            result.Format = Json;
            return null;
        }

        return HistoryArguments.ParseFormat(name, value, f => result.Format = f) is null
            ? null
            : $"Option '{name}' needs 'text', 'markdown' or 'json'; got '{value}'";
    }
}
