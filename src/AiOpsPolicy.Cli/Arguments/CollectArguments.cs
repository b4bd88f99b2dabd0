// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using AiOpsPolicy.Core.Units;

namespace AiOpsPolicy.Cli.Arguments;

/// <summary>The arguments of <c>aiops-policy collect</c>.</summary>
internal sealed class CollectArguments
{
    /// <summary>The window collected when none is given: 30 days, the longest default window of the metric library (time to deploy).</summary>
    public static readonly TimeSpan DefaultWindow = TimeSpan.FromDays(30);

    public string? SourcesPath { get; private set; }

    public string? OutputDirectory { get; private set; }

    public DateTimeOffset? AsOf { get; private set; }

    public TimeSpan Window { get; private set; } = DefaultWindow;

    public bool NoColor { get; private set; }

    public static (CollectArguments Arguments, string? Problem) Parse(IEnumerable<string> args)
    {
        var result = new CollectArguments();
        var problem = new ArgumentReader(args).Read(
            (name, value) => name switch
            {
                "--sources" => GateArguments.Set(name, value(), v => result.SourcesPath = v),
                "--out" or "--output" => GateArguments.Set(name, value(), v => result.OutputDirectory = v),
                "--as-of" => GateArguments.ParseTime(value(), t => result.AsOf = t),
                "--window" => ParseWindow(value(), w => result.Window = w),
                "--no-color" => GateArguments.Flag(() => result.NoColor = true),
                _ => $"Unknown option '{name}' for 'collect'",
            },
            positional => result.SourcesPath ??= positional);
        if (problem is null && result.SourcesPath is null)
        {
            problem = "Give the operator's sources file with --sources FILE (see docs/collect.md)";
        }

        if (problem is null && result.OutputDirectory is null)
        {
            problem = "Give the folder to write the evidence to with --out DIR";
        }

        return (result, problem);
    }

    /// <summary>Parses <c>--window</c>: a positive duration of whole minutes, at most a year.</summary>
    internal static string? ParseWindow(string? value, Action<TimeSpan> set)
    {
        if (value is null || !UnitParser.TryParseDuration(value, out var window) || window <= TimeSpan.Zero || window > TimeSpan.FromDays(366) || window.Ticks % TimeSpan.TicksPerMinute != 0)
        {
            return $"--window needs a duration of whole minutes up to a year, such as 30d or 7d; got '{value}'";
        }

        set(window);
        return null;
    }
}
