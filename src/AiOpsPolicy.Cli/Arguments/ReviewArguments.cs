// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using AiOpsPolicy.Reporting.Review;

namespace AiOpsPolicy.Cli.Arguments;

/// <summary>The arguments of <c>aiops-policy review</c>.</summary>
internal sealed class ReviewArguments
{
    public const string Html = "html";

    public const string Markdown = "markdown";

    private static readonly string[] _formats = [Html, Markdown];

    /// <summary>Gets the history store (SQLite file or PostgreSQL connection string); default: $AIOPS_POLICY_HISTORY.</summary>
    /// <summary>Gets the operator configuration (<c>--config FILE</c>; else <c>$AIOPS_POLICY_CONFIG</c>) whose <c>historyStores</c> names --store may give.</summary>
    public string? ConfigPath { get; private set; }

    public string? Store { get; private set; }

    /// <summary>Gets the policy set to review, or null for every policy set in the store.</summary>
    public string? PolicySet { get; private set; }

    /// <summary>Gets the week to review, or null for the last full week before now.</summary>
    public IsoWeek? Week { get; private set; }

    /// <summary>Gets the formats to write (default: both).</summary>
    public List<string> Formats { get; } = [];

    /// <summary>Gets the folder to write to (default: the current directory).</summary>
    public string OutputDirectory { get; private set; } = ".";

    /// <summary>Gets the time "now" is taken to be, when given.</summary>
    public DateTimeOffset? AsOf { get; private set; }

    public static (ReviewArguments Arguments, string? Problem) Parse(IEnumerable<string> args, string? defaultStore)
    {
        var result = new ReviewArguments { Store = defaultStore };
        string? positional = null;
        var problem = new ArgumentReader(args).Read(
            (name, value) => name switch
            {
                "--store" => GateArguments.Set(name, value(), v => result.Store = v),
                "--config" => GateArguments.Set(name, value(), v => result.ConfigPath = v),
                "--policy-set" => GateArguments.Set(name, value(), v => result.PolicySet = v),
                "--week" => ParseWeek(name, value(), result),
                "--format" => GateArguments.AddFormats(result.Formats, name, value(), _formats),
                "--output" => GateArguments.Set(name, value(), v => result.OutputDirectory = v),
                "--as-of" => GateArguments.ParseTime(value(), t => result.AsOf = t),
                _ => $"Unknown option '{name}' for 'review'",
            },
            arg => positional ??= arg);
        if (problem is null && positional is not null)
        {
            problem = $"Unexpected argument '{positional}' for 'review'";
        }

        if (problem is null && string.IsNullOrWhiteSpace(result.Store))
        {
            problem = "Give the history store with --store TARGET (a SQLite file, a PostgreSQL connection string, or a name the operator configuration declares), or set AIOPS_POLICY_HISTORY";
        }

        if (result.Formats.Count == 0)
        {
            result.Formats.AddRange(_formats);
        }

        return (result, problem);
    }

    private static string? ParseWeek(string name, string? value, ReviewArguments result)
    {
        if (!IsoWeek.TryParse(value, out var week))
        {
            return $"Option '{name}' needs an ISO week such as 2026-W47 (year, 'W', two-digit week that exists in that year); got '{value}'";
        }

        result.Week = week;
        return null;
    }
}
