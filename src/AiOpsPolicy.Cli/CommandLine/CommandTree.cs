// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using System.CommandLine;
using System.CommandLine.Invocation;
using System.CommandLine.Parsing;
using AiOpsPolicy.Core;

namespace AiOpsPolicy.Cli.CommandLine;

/// <summary>
/// Every command of <c>aiops-policy</c> by name and summary, and the one place a command line is parsed and
/// dispatched. Each verb's options live in its <c>*Arguments</c> class, which also turns a parse into the values
/// its command runs with (<see cref="CommandDeclarations"/> pairs each verb with both); help (<c>--help</c> on every
/// command), the overview and shell completion (the <c>[suggest]</c> directive) are generated from those
/// declarations. This folder knows no verb's arguments or command: they point at it, never the other way.
/// </summary>
internal static class CommandTree
{
    /// <summary>
    /// Every verb with its one-line summary, in the order the overview lists them. Only the verb a command
    /// line invokes is declared in full: the others need no more than their name and summary (overview,
    /// "unknown command"), so a warm <c>gate</c> does not build fifteen other commands' options.
    /// </summary>
    private static readonly (string Name, string Summary)[] Verbs =
    [
        ("validate", "Check policy files: YAML, schemas, references and every C# expression."),
        ("gate", "Evaluate every gate against the evidence and decide whether a deployment may go ahead."),
        ("collect", "Collect evidence from the operator's sources (Prometheus, Git, OTLP traces) into evidence files."),
        ("import", "Import another tool's export (Apache DevLake's tables) into evidence files."),
        ("receive", "Receive OpenTelemetry traces (OTLP/HTTP) for an otlp evidence source."),
        ("build", "Validate and compile a policy set into a signed bundle that 'gate --bundle' runs."),
        ("keygen", "Make a signing key pair: NAME.key (private) and NAME.pub (public, to trust)."),
        ("verify", "Check a bundle's signature and digests, and rebuild its assembly to compare."),
        ("serve", "Run the decision service (docs/service.md)."),
        ("token", "Make a decision-service token and the hash the configuration stores."),
        ("test", "Run the policy unit tests (*.test.yaml) beside the policies."),
        ("diff", "Say what a change to a policy set means, and what it does on real evidence."),
        ("eval", "Evaluate one C# expression in the policy set's context."),
        ("coverage", "Control coverage over time, or of an OSCAL catalog or profile, from the history store."),
        ("history", "A gate's or metric's trend, the gates that flip most, the waivers renewed most."),
        ("review", "The weekly review: metric groups against the previous week, failures, coverage, waivers."),
    ];

    /// <summary>The one-line summary of a verb, as the overview lists it.</summary>
    /// <param name="name">The verb.</param>
    /// <returns>The summary, or null for a name that is no verb.</returns>
    public static string? Summary(string name) => Array.Find(Verbs, v => v.Name == name).Summary;

    /// <summary>Response files (<c>@file</c>) are off: an argument is never read as a file of more arguments.</summary>
    private static readonly ParserConfiguration Configuration = new() { ResponseFileTokenReplacer = null };

    /// <summary>Parses a command line and runs what it asks for.</summary>
    /// <param name="args">The command line.</param>
    /// <param name="console">The console (already guarded).</param>
    /// <param name="declare">Declares a verb in full, by name.</param>
    /// <returns>The exit code.</returns>
    public static int Run(string[] args, IConsole console, Func<string, Command> declare)
    {
        // A directive ([suggest] for completion) needs every command declared; anything else, at most the one it names.
        var root = Build(console, declare, args is [var first, ..] && first.StartsWith('[') ? null : args.FirstOrDefault() ?? string.Empty);
        if (args is [] or ["help"])
        {
            console.Out.Write(HelpWriter.Text(root));
            return ExitCodes.Success;
        }

        return Invoke(root, args, console);
    }

    /// <summary>Runs one verb's declaration on a command line that starts with the verb; tests of a single command use it.</summary>
    /// <param name="command">The declared verb.</param>
    /// <param name="args">The verb and its arguments.</param>
    /// <param name="console">The console.</param>
    /// <returns>The exit code.</returns>
    internal static int RunVerb(Command command, IEnumerable<string> args, IConsole console)
    {
        var root = NewRoot(console, directives: false);
        root.Subcommands.Add(command);
        return Invoke(root, [command.Name, .. args], console);
    }

    private static int Invoke(Command root, string[] args, IConsole console)
    {
        var parsed = root.Parse(args, Configuration);
        if (root is RootCommand { Directives: var directives } && directives.Any(d => parsed.GetResult(d) is not null))
        {
            // [suggest] (shell completion) and the like answer whatever else the line holds.
            return parsed.Invoke(new InvocationConfiguration
            {
                Output = console.Out,
                Error = console.Err,
                EnableDefaultExceptionHandler = false,
                ProcessTerminationTimeout = null,
            });
        }

        // Help and --version answer whatever else the line holds; a command runs only on a line without problems.
        if (parsed.Action is not (HelpWriter or VersionWriter) && Problem(parsed) is { } problem)
        {
            return Usage.Fail(console, problem);
        }

        // Every action is synchronous and reports its own exit code; invoking it directly rather than through
        // ParseResult.Invoke skips the invocation pipeline (exception handler, signal handling) that the CLI
        // does not use, and the start-up time of compiling it (docs/performance.md, "System.CommandLine").
        return parsed.Action is SynchronousCommandLineAction action
            ? action.Invoke(parsed)
            : Usage.Fail(console, "Give a command; run 'aiops-policy --help' for the list");
    }

    /// <summary>Builds the command tree; <paramref name="verb"/>, when given, is the one verb declared in full.</summary>
    /// <param name="console">The console help and --version write to.</param>
    /// <param name="declare">Declares a verb in full, by name.</param>
    /// <param name="verb">The verb to declare in full, or null for all of them (completion).</param>
    /// <returns>The root command.</returns>
    internal static Command Build(IConsole console, Func<string, Command> declare, string? verb)
    {
        var root = NewRoot(console, directives: verb is null);
        foreach (var (name, summary) in Verbs)
        {
            var command = verb is null || verb == name
                ? declare(name)
                : new Command(name, summary);
            root.Subcommands.Add(command);
        }

        return root;
    }

    /// <summary>
    /// The root: the overview's title, and help and --version written by the project's own writers. A
    /// <see cref="RootCommand"/> only for a directive (<c>[suggest]</c>, shell completion), which only it
    /// parses: its constructor looks up its options' descriptions in the library's resources and finds the
    /// executable's name and path, start-up work every other command line does without
    /// (docs/performance.md, "System.CommandLine").
    /// </summary>
    private static Command NewRoot(IConsole console, bool directives)
    {
        const string Title = "aiops-policy: metrics-as-code policy gates for AI operations";
        var root = directives ? new RootCommand(Title) : new Command("aiops-policy", Title);
        root.Options.Clear();
        root.Options.Add(new Option<bool>("--help", "-h", "-?")
        {
            Description = "Show this help (every command takes it).",
            Arity = ArgumentArity.Zero,
            Recursive = true,
            Action = new HelpWriter(console),
        });
        root.Options.Add(new Option<bool>("--version")
        {
            Description = "Print the engine's version.",
            Arity = ArgumentArity.Zero,
            Action = new VersionWriter(console),
        });
        return root;
    }

    /// <summary>
    /// The first usage problem of a parse, worded as the commands always worded it: an unknown command or
    /// option, an option without its value, an unexpected argument, then a value that does not parse.
    /// </summary>
    private static string? Problem(ParseResult parsed)
    {
        var command = parsed.CommandResult.Command;
        var verb = VerbPath(command);
        if (command.Parents.FirstOrDefault() is null)
        {
            return parsed.UnmatchedTokens is [var unknown, ..]
                ? $"Unknown command '{unknown}'"
                : parsed.Errors.Count > 0 ? parsed.Errors[0].Message : null;
        }

        // A token that looks like an option but is none: System.CommandLine hands it to the command's
        // arguments or to the option before it as a value; the hand-written parser refused both.
        Token? previous = null;
        foreach (var token in parsed.Tokens)
        {
            if (token.Type == TokenType.DoubleDash)
            {
                break;
            }

            if (token.Type == TokenType.Argument && CliOptions.IsOptionLike(token.Value))
            {
                return previous is { Type: TokenType.Option } option
                    ? $"Option '{option.Value}' needs a value"
                    : $"Unknown option '{OptionName(token.Value)}' for '{verb}'";
            }

            previous = token;
        }

        foreach (var unmatched in parsed.UnmatchedTokens)
        {
            return CliOptions.IsOptionLike(unmatched)
                ? $"Unknown option '{OptionName(unmatched)}' for '{verb}'"
                : $"Unexpected argument '{unmatched}' for '{verb}'";
        }

        foreach (var error in parsed.Errors)
        {
            return error.SymbolResult is OptionResult { Tokens.Count: 0 } option
                ? $"Option '{option.Option.Name}' needs a value"
                : error.Message;
        }

        return null;
    }

    private static string OptionName(string token)
    {
        var equals = token.IndexOf('=', StringComparison.Ordinal);
        return equals > 0 ? token[..equals] : token;
    }

    private static string VerbPath(Command command)
    {
        var names = new List<string>();
        for (Command? c = command; c?.Parents.FirstOrDefault() is not null; c = c.Parents.OfType<Command>().FirstOrDefault())
        {
            names.Add(c.Name);
        }

        names.Reverse();
        return string.Join(' ', names);
    }

    /// <summary>Prints the engine's version for <c>--version</c>.</summary>
    private sealed class VersionWriter(IConsole console) : SynchronousCommandLineAction
    {
        public override int Invoke(ParseResult parseResult)
        {
            console.Out.WriteLine(EngineInfo.Version);
            return ExitCodes.Success;
        }
    }
}
