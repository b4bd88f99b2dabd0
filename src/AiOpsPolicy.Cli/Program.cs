// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using AiOpsPolicy.Core.Compilation;
using AiOpsPolicy.Core.Diagnostics;
using AiOpsPolicy.Core.Evidence;
using AiOpsPolicy.Core.Text;
using AiOpsPolicy.Warehouse;

namespace AiOpsPolicy.Cli;

/// <summary>The <c>aiops-policy</c> command.</summary>
public static class Program
{
    /// <summary>Runs the command.</summary>
    /// <param name="args">The command line.</param>
    /// <returns>The exit code: 0 allowed or valid, 1 blocked, 2 invalid input or usage.</returns>
    public static int Main(string[] args)
    {
        // gate evaluates policy code: its budgets and memory are held in this process, which hands the run over to a
        // supervisor of child processes when one is broken (or supervises from the start where asked, or on Windows).
        if (args is ["gate", ..] && Isolation.GateSupervisor.Applies())
        {
            return Isolation.GateSupervisor.Run(args);
        }

        if (args is ["gate", ..] && Isolation.GateSupervisor.OnDemand())
        {
            Isolation.InProcessWatch.Arm(args);
        }

        // A warm gate's remaining start-up cost is mostly just-in-time compilation: the runtime's profile of the
        // previous run's compilations, authenticated in the compilation cache, lets the second core do it ahead.
        using var jitProfile = args is ["gate", ..] && JitProfileFolder(args, Environment.GetEnvironmentVariable(JitProfileVariable)) is { } cacheFolder
            ? JitProfile.StartInBackground(cacheFolder, JitProfileScope(args, Environment.CurrentDirectory))
            : null;
        using var console = new GuardedConsole(new SystemConsole(), GuardedConsole.IsGitHubActions(Environment.GetEnvironmentVariable("GITHUB_ACTIONS")));
        return Run(args, console, () => DateTimeOffset.UtcNow);
    }

    /// <summary>The environment variable that turns the gate's JIT profile off (<c>off</c>); docs/performance.md.</summary>
    public const string JitProfileVariable = "AIOPS_POLICY_JIT_PROFILE";

    /// <summary>
    /// The compilation cache folder a <c>gate</c> command line uses, read ahead of parsing so that the JIT profile starts
    /// before the parser runs: null with <c>--no-cache</c>, a response file, or the profile turned off.
    /// </summary>
    /// <param name="args">The command line, starting with <c>gate</c>.</param>
    /// <param name="setting">The value of <see cref="JitProfileVariable"/>.</param>
    /// <returns>The folder, or null.</returns>
    internal static string? JitProfileFolder(string[] args, string? setting)
    {
        if (string.Equals(setting, "off", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        string? folder = null;
        for (var i = 1; i < args.Length; i++)
        {
            var arg = args[i];
            if (arg is "--no-cache" || arg.StartsWith('@'))
            {
                return null;
            }

            if (OptionValue(args, ref i, "--cache-dir") is { } value)
            {
                folder = value;
            }
        }

        return folder is { Length: 0 } ? null : folder ?? CompilationCache.DefaultDirectory();
    }

    /// <summary>
    /// What a <c>gate</c> command line gates, read ahead of parsing for the JIT profile's name: the working folder (which
    /// relative paths are read from), then each <c>--policies</c> and <c>--bundle</c> value in order, one per line; folders
    /// given only as arguments share the working folder's profile.
    /// </summary>
    /// <param name="args">The command line, starting with <c>gate</c>.</param>
    /// <param name="currentDirectory">The working folder.</param>
    /// <returns>The scope.</returns>
    internal static string JitProfileScope(string[] args, string currentDirectory)
    {
        var scope = new System.Text.StringBuilder(currentDirectory).Append('\n');
        for (var i = 1; i < args.Length; i++)
        {
            foreach (var name in (ReadOnlySpan<string>)["--policies", "--bundle"])
            {
                if (OptionValue(args, ref i, name) is { } value)
                {
                    scope.Append(name).Append(' ').Append(value).Append('\n');
                    break;
                }
            }
        }

        return scope.ToString();
    }

    /// <summary>
    /// The value of the option at <c>args[i]</c> when it is <paramref name="name"/>, in any of the parser's spellings
    /// (<c>--name value</c>, <c>--name=value</c>, <c>--name:value</c>); the first moves <paramref name="i"/> to the value.
    /// </summary>
    private static string? OptionValue(string[] args, ref int i, string name)
    {
        var arg = args[i];
        if (arg == name && i + 1 < args.Length)
        {
            return args[++i];
        }

        return arg.Length > name.Length && arg.StartsWith(name, StringComparison.Ordinal) && arg[name.Length] is '=' or ':'
            ? arg[(name.Length + 1)..]
            : null;
    }

    /// <summary>Runs the command against a console and a clock; tests call this directly. Output goes through a <see cref="GuardedConsole"/> unless the console is one already.</summary>
    /// <param name="args">The command line.</param>
    /// <param name="console">The console.</param>
    /// <param name="clock">The clock, read once per run when --as-of is not given.</param>
    /// <returns>The exit code.</returns>
    public static int Run(string[] args, IConsole console, Func<DateTimeOffset> clock)
    {
        ArgumentNullException.ThrowIfNull(console);

        // Parquet and Arrow IPC evidence (src/AiOpsPolicy.Warehouse) are read by every command that reads evidence, and DuckDB
        // is consulted first: .duckdb stores, and workflow runs kept in the engine with SLA metrics pushed down.
        EvidenceFormats.Register(ParquetEvidenceFormat.Instance);
        EvidenceFormats.Register(ArrowEvidenceFormat.Instance);
        DuckDbEvidence.Register();
        if (console is GuardedConsole)
        {
            return RunGuarded(args, console, clock);
        }

        // Every command writes through the filter, whatever console it was handed (tests hand their own).
        using var guarded = new GuardedConsole(console, githubActions: false);
        return RunGuarded(args, guarded, clock);
    }

    private static int RunGuarded(string[] args, IConsole console, Func<DateTimeOffset> clock)
    {
        try
        {
            return CommandLine.CommandTree.Run(args, console, verb => CommandDeclarations.Declare(verb, console, clock));
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // A bug in the engine: say so plainly, without a stack trace, and exit as an error.
            console.Err.WriteLine(Reporting.ConsoleText.Inline(Diagnostic.Create(DiagnosticCatalog.InternalError, SourceLocation.None, ex.GetType().Name, ex.Message).ToString()));
            return ExitCodes.InvalidInput;
        }
    }
}
