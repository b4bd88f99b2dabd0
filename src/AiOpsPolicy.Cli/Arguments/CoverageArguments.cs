// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using AiOpsPolicy.History;

namespace AiOpsPolicy.Cli.Arguments;

/// <summary>The arguments of <c>aiops-policy coverage</c>.</summary>
internal sealed class CoverageArguments
{
    /// <summary>Gets the history store (SQLite file or PostgreSQL connection string); default: $AIOPS_POLICY_HISTORY.</summary>
    public string? Store { get; private set; }

    public DateTimeOffset Since { get; private set; } = DateTimeOffset.UnixEpoch;

    public DateTimeOffset Until { get; private set; } = HistoryArguments.Forever;

    public CoverageGrouping By { get; private set; } = CoverageGrouping.Week;

    /// <summary>Gets the output format: text or markdown.</summary>
    public string Format { get; private set; } = HistoryArguments.Text;

    public static (CoverageArguments Arguments, string? Problem) Parse(IEnumerable<string> args, string? defaultStore)
    {
        var result = new CoverageArguments { Store = defaultStore };
        string? positional = null;
        var problem = new ArgumentReader(args).Read(
            (name, value) => name switch
            {
                "--store" => GateArguments.Set(name, value(), v => result.Store = v),
                "--since" => HistoryArguments.ParseTime(name, value(), t => result.Since = t),
                "--until" => HistoryArguments.ParseTime(name, value(), t => result.Until = t),
                "--by" => ParseGrouping(name, value(), result),
                "--format" => HistoryArguments.ParseFormat(name, value(), f => result.Format = f),
                _ => $"Unknown option '{name}' for 'coverage'",
            },
            arg => positional ??= arg);
        if (problem is null && positional is not null)
        {
            problem = $"Unexpected argument '{positional}' for 'coverage'";
        }

        return (result, problem ?? HistoryArguments.CheckCommon(result.Store, result.Since, result.Until));
    }

    private static string? ParseGrouping(string name, string? value, CoverageArguments result)
    {
        switch (value?.ToLowerInvariant())
        {
            case "week":
                result.By = CoverageGrouping.Week;
                return null;
            case "enforcement-point":
                result.By = CoverageGrouping.EnforcementPoint;
                return null;
            default:
                return $"Option '{name}' needs 'week' or 'enforcement-point'; got '{value}'";
        }
    }
}
