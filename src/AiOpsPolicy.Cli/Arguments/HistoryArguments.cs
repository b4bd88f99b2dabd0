// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using System.Globalization;

namespace AiOpsPolicy.Cli.Arguments;

/// <summary>The arguments of <c>aiops-policy history</c>, and the helpers it shares with <c>coverage</c>.</summary>
internal sealed class HistoryArguments
{
    public const string Text = "text";

    public const string Markdown = "markdown";

    /// <summary>The default end of a range: far enough in the future to include every run.</summary>
    public static readonly DateTimeOffset Forever = new(9999, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>Gets the history store (SQLite file or PostgreSQL connection string); default: $AIOPS_POLICY_HISTORY.</summary>
    /// <summary>Gets the operator configuration (<c>--config FILE</c>; else <c>$AIOPS_POLICY_CONFIG</c>) whose <c>historyStores</c> names --store may give.</summary>
    public string? ConfigPath { get; private set; }

    public string? Store { get; private set; }

    public string? Gate { get; private set; }

    public string? Metric { get; private set; }

    public bool Flips { get; private set; }

    public bool Waivers { get; private set; }

    /// <summary>Gets the policy set <c>--waivers</c> looks at, or null for every policy set.</summary>
    public string? PolicySet { get; private set; }

    public DateTimeOffset Since { get; private set; } = DateTimeOffset.UnixEpoch;

    public DateTimeOffset Until { get; private set; } = Forever;

    public int Top { get; private set; } = 10;

    /// <summary>Gets the output format: text or markdown.</summary>
    public string Format { get; private set; } = Text;

    public static (HistoryArguments Arguments, string? Problem) Parse(IEnumerable<string> args, string? defaultStore)
    {
        var result = new HistoryArguments { Store = defaultStore };
        string? positional = null;
        var problem = new ArgumentReader(args).Read(
            (name, value) => name switch
            {
                "--store" => GateArguments.Set(name, value(), v => result.Store = v),
                "--config" => GateArguments.Set(name, value(), v => result.ConfigPath = v),
                "--gate" => GateArguments.Set(name, value(), v => result.Gate = v),
                "--metric" => GateArguments.Set(name, value(), v => result.Metric = v),
                "--flips" => GateArguments.Flag(() => result.Flips = true),
                "--waivers" => GateArguments.Flag(() => result.Waivers = true),
                "--policy-set" => GateArguments.Set(name, value(), v => result.PolicySet = v),
                "--since" => ParseTime(name, value(), t => result.Since = t),
                "--until" => ParseTime(name, value(), t => result.Until = t),
                "--top" => ParseTop(name, value(), result),
                "--format" => ParseFormat(name, value(), f => result.Format = f),
                _ => $"Unknown option '{name}' for 'history'",
            },
            arg => positional ??= arg);
        if (problem is null && positional is not null)
        {
            problem = $"Unexpected argument '{positional}' for 'history'";
        }

        var modes = (result.Gate is null ? 0 : 1) + (result.Metric is null ? 0 : 1) + (result.Flips ? 1 : 0) + (result.Waivers ? 1 : 0);
        if (problem is null && modes != 1)
        {
            problem = "Give exactly one of --gate NAME, --metric NAME, --flips or --waivers";
        }

        if (problem is null && result.PolicySet is not null && !result.Waivers)
        {
            problem = "--policy-set applies to --waivers only";
        }

        return (result, problem ?? CheckCommon(result.Store, result.Since, result.Until));
    }

    /// <summary>Parses a time option: ISO 8601 with an offset.</summary>
    internal static string? ParseTime(string name, string? value, Action<DateTimeOffset> set) =>
        GateArguments.ParseTime(value, set) is null
            ? null
            : $"Option '{name}' needs an ISO 8601 time with an offset, such as 2026-11-28T12:00:00Z; got '{value}'";

    internal static string? ParseFormat(string name, string? value, Action<string> set)
    {
        var lower = value?.ToLowerInvariant();
        if (lower is not (Text or Markdown))
        {
            return $"Option '{name}' needs 'text' or 'markdown'; got '{value}'";
        }

        set(lower);
        return null;
    }

    /// <summary>Checks what every history query needs: a store, and a range that is not empty.</summary>
    internal static string? CheckCommon(string? store, DateTimeOffset since, DateTimeOffset until)
    {
        if (string.IsNullOrWhiteSpace(store))
        {
            return "Give the history store with --store TARGET (a SQLite file, a PostgreSQL connection string, or a name the operator configuration declares), or set AIOPS_POLICY_HISTORY";
        }

        return since >= until ? "--since must be earlier than --until" : null;
    }

    private static string? ParseTop(string name, string? value, HistoryArguments result)
    {
        if (!int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var top) || top < 1)
        {
            return $"Option '{name}' needs a positive whole number; got '{value}'";
        }

        result.Top = top;
        return null;
    }
}
