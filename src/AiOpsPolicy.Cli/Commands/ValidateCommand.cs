// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using AiOpsPolicy.Cli.Arguments;
using AiOpsPolicy.Core;
using AiOpsPolicy.Core.Compilation;
using AiOpsPolicy.Core.Diagnostics;

namespace AiOpsPolicy.Cli.Commands;

/// <summary><c>aiops-policy validate [PATH ...]</c>: reports every problem in every policy file; exit 0 when valid, 2 when not.</summary>
internal sealed class ValidateCommand
{
    private readonly IConsole _console;

    public ValidateCommand(IConsole console)
    {
        _console = console;
    }

    public int Run(IEnumerable<string> args)
    {
        var (arguments, problem) = ValidateArguments.Parse(args);
        if (problem is not null)
        {
            return Usage.Fail(_console, problem);
        }

        var cache = arguments.NoCache ? null : new CompilationCache(arguments.CacheDirectory ?? CompilationCache.DefaultDirectory());
        var prepared = new PolicyEngine(cache).Prepare(arguments.Paths);
        foreach (var diagnostic in prepared.Diagnostics.Where(d => d.Severity >= DiagnosticSeverity.Warning))
        {
            _console.Out.WriteLine(diagnostic.ToString());
        }

        var errors = prepared.Diagnostics.Count(d => d.IsError);
        var warnings = prepared.Diagnostics.Count(d => d.Severity == DiagnosticSeverity.Warning);
        if (errors > 0)
        {
            _console.Out.WriteLine($"Validation failed: {errors} error(s), {warnings} warning(s).");
            return ExitCodes.InvalidInput;
        }

        var policies = prepared.Compiled?.Policies;
        _console.Out.WriteLine($"Valid: {policies?.Name} ({policies?.Files.Length} file(s), {policies?.Gates.Length} gate(s)), {warnings} warning(s).");
        prepared.Compiled?.Dispose();
        return ExitCodes.Success;
    }
}
