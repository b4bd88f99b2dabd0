// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using AiOpsPolicy.Cli.Arguments;
using AiOpsPolicy.Cli.CommandLine;
using AiOpsPolicy.Sources.Output;

namespace AiOpsPolicy.Cli.Commands;

/// <summary>
/// <c>aiops-policy collect</c>: reads the operator's evidence sources (Prometheus, Git, OTLP traces) into
/// ordinary evidence files with a provenance record each. Exit 0 when every source was collected, 2 when
/// the sources file is not valid or a source failed (its files are then marked incomplete).
/// </summary>
internal sealed class CollectCommand
{
    private readonly IConsole _console;
    private readonly Func<DateTimeOffset> _clock;

    public CollectCommand(IConsole console, Func<DateTimeOffset> clock)
    {
        _console = console;
        _clock = clock;
    }

    public int Run(CollectArguments arguments)
    {
        // Whole seconds: the as-of time is written into every file, and a rerun with the printed value must give the same bytes.
        var now = arguments.AsOf ?? DateTimeOffset.FromUnixTimeSeconds(_clock().ToUnixTimeSeconds());
        var window = new CollectionWindow(now, arguments.Window);
        if (arguments.SourcesPath is not { } sources || arguments.OutputDirectory is not { } output)
        {
            return Usage.Fail(_console, "Give --sources FILE and --out DIR");
        }

        var collected = Collecting.Run(_console, sources, window, output);
        return collected == true ? ExitCodes.Success : ExitCodes.InvalidInput;
    }
}
