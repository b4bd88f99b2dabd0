// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using System.CommandLine;
using AiOpsPolicy.Cli.Arguments;
using AiOpsPolicy.Cli.CommandLine;
using AiOpsPolicy.Cli.Commands;

namespace AiOpsPolicy.Cli;

/// <summary>
/// Each verb's declaration (its <c>*Arguments</c> class) paired with the command that runs it. It sits above the
/// folders it joins, with <c>Program</c>: <c>CommandLine/</c> parses and dispatches without knowing any verb's
/// arguments or command, and <c>Arguments/</c> and <c>Commands/</c> point at <c>CommandLine/</c> (the option kinds,
/// usage errors), so that no folder imports a folder that imports it.
/// </summary>
internal static class CommandDeclarations
{
    /// <summary>Declares a verb in full: its options, and the command that runs with them.</summary>
    /// <param name="name">The verb, one of the overview's.</param>
    /// <param name="console">The console the command writes to.</param>
    /// <param name="clock">The clock.</param>
    /// <returns>The declared verb.</returns>
    public static Command Declare(string name, IConsole console, Func<DateTimeOffset> clock) => Declare(name, console, clock, problem => Usage.Fail(console, problem));

    private static Command Declare(string name, IConsole console, Func<DateTimeOffset> clock, Func<string, int> fail) => name switch
    {
        "validate" => ValidateArguments.Declare(a => new ValidateCommand(console, clock).Run(a), fail),
        "gate" => GateArguments.Declare(a => new GateCommand(console, clock).Run(a), fail),
        "collect" => CollectArguments.Declare(a => new CollectCommand(console, clock).Run(a), fail),
        "import" => ImportArguments.Declare(a => new ImportCommand(console, clock).Run(a), fail, console),
        "receive" => ReceiveArguments.Declare(a => new ReceiveCommand(console).Run(a), fail),
        "build" => BuildArguments.Declare(a => new BuildCommand(console).Run(a), fail),
        "keygen" => KeygenArguments.Declare(a => new KeygenCommand(console).Run(a), fail),
        "verify" => VerifyArguments.Declare(a => new VerifyCommand(console).Run(a), fail),
        "serve" => ServeArguments.Declare(a => new ServeCommand(console).Run(a)),
        "token" => TokenCommand.Declare(() => new TokenCommand(console).Run()),
        "test" => TestArguments.Declare(a => new TestCommand(console).Run(a)),
        "diff" => DiffArguments.Declare(a => new DiffCommand(console, clock).Run(a), fail),
        "eval" => EvalArguments.Declare(a => new EvalCommand(console, clock, Console.In).Run(a), fail),
        "coverage" => CoverageArguments.Declare(a => new CoverageCommand(console).Run(a), fail, Environment.GetEnvironmentVariable("AIOPS_POLICY_HISTORY")),
        "history" => HistoryArguments.Declare(a => new HistoryCommand(console).Run(a), fail, Environment.GetEnvironmentVariable("AIOPS_POLICY_HISTORY")),
        "review" => ReviewArguments.Declare(a => new ReviewCommand(console, clock).Run(a), fail, Environment.GetEnvironmentVariable("AIOPS_POLICY_HISTORY")),
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, "not a verb"),
    };
}
