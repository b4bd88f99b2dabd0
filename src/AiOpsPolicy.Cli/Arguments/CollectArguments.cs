// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using System.CommandLine;
using AiOpsPolicy.Cli.CommandLine;
using AiOpsPolicy.Core.Units;

namespace AiOpsPolicy.Cli.Arguments;

/// <summary>The arguments of <c>aiops-policy collect</c>.</summary>
internal sealed class CollectArguments
{
    /// <summary>The window collected when none is given: 30 days, the longest default window of the metric library (time to deploy).</summary>
    public static readonly TimeSpan DefaultWindow = TimeSpan.FromDays(30);

    public string? SourcesPath { get; init; }

    public string? OutputDirectory { get; init; }

    public DateTimeOffset? AsOf { get; init; }

    public TimeSpan Window { get; init; } = DefaultWindow;

    public bool NoColor { get; init; }

    /// <summary>Declares <c>collect</c>.</summary>
    /// <param name="run">Runs the command with the parsed arguments.</param>
    /// <param name="fail">Reports a usage problem (AOP5001).</param>
    /// <returns>The command.</returns>
    public static Command Declare(Func<CollectArguments, int> run, Func<string, int> fail)
    {
        var sources = CliOptions.Value("--sources", "FILE", "The operator's sources file (docs/collect.md); may also be given as the argument.");
        var output = CliOptions.Value("--out", "DIR", "The folder the evidence files are written to.", "--output");
        var asOf = CliOptions.Time("--as-of", "The collection time (ISO 8601 with an offset); default: now.");
        var window = WindowOption();
        var noColor = CliOptions.Flag("--no-color", "No colour in the console output.");
        var file = CliOptions.Arguments("SOURCES", "The operator's sources file, as --sources gives it.");
        var command = new Command("collect", """
            Collect evidence from the operator's sources (Prometheus, Git, OTLP traces; docs/collect.md) into
            ordinary evidence files, each with a provenance record. Exit 0 when every source was collected, 2 when
            the sources file is not valid or a source failed (its evidence is then marked incomplete, so gates
            that need it are insufficient-evidence).
            """)
        {
            sources, output, asOf, window, noColor, file,
        };
        command.SetAction(parsed =>
        {
            var result = new CollectArguments
            {
                SourcesPath = parsed.GetValue(sources) ?? parsed.GetValue(file)?.FirstOrDefault(),
                OutputDirectory = parsed.GetValue(output),
                AsOf = parsed.GetValue(asOf),
                Window = parsed.GetValue(window) ?? DefaultWindow,
                NoColor = parsed.GetValue(noColor),
            };
            return result.SourcesPath is null ? fail("Give the operator's sources file with --sources FILE (see docs/collect.md)")
                : result.OutputDirectory is null ? fail("Give the folder to write the evidence to with --out DIR")
                : run(result);
        });
        return command;
    }

    /// <summary>The <c>--window</c> option: a positive duration of whole minutes, at most a year.</summary>
    /// <returns>The option; its value is null when not given.</returns>
    internal static Option<TimeSpan?> WindowOption() =>
        CliOptions.Parsed<TimeSpan?>("--window", "DURATION", "How far back to collect, in whole minutes up to a year (default: 30d).", value =>
            UnitParser.TryParseDuration(value, out var window) && window > TimeSpan.Zero && window <= TimeSpan.FromDays(366) && window.Ticks % TimeSpan.TicksPerMinute == 0
                ? (window, null)
                : (null, $"--window needs a duration of whole minutes up to a year, such as 30d or 7d; got '{value}'"));
}
