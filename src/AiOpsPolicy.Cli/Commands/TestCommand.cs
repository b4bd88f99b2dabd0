// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using AiOpsPolicy.Cli.Arguments;
using AiOpsPolicy.Core;
using AiOpsPolicy.Core.Compilation;
using AiOpsPolicy.Core.Diagnostics;
using AiOpsPolicy.Core.Files;
using AiOpsPolicy.Core.PolicyTests;
using AiOpsPolicy.Core.Text;
using AiOpsPolicy.Reporting.PolicyTests;

namespace AiOpsPolicy.Cli.Commands;

/// <summary>
/// <c>aiops-policy test</c>: runs the policy unit tests (<c>*.test.yaml</c>) beside the policies.
/// Exit 0 when every expectation held, 1 when any did not, 2 on invalid policies, tests or usage.
/// </summary>
internal sealed class TestCommand
{
    private readonly IConsole _console;

    public TestCommand(IConsole console)
    {
        _console = console;
    }

    public int Run(TestArguments arguments)
    {
        var cache = arguments.NoCache ? null : new CompilationCache(arguments.CacheDirectory ?? CompilationCache.DefaultDirectory());
        var prepared = new PolicyEngine(cache).Prepare(arguments.Policies);
        foreach (var diagnostic in prepared.Diagnostics.Where(d => d.Severity >= DiagnosticSeverity.Warning))
        {
            _console.Err.WriteLine(Reporting.ConsoleText.Inline(diagnostic.ToString()));
        }

        using var compiled = prepared.Compiled;
        if (compiled is null)
        {
            _console.Err.WriteLine($"No test was run: fix the {prepared.Diagnostics.Count(d => d.IsError)} error(s) in the policies above.");
            return ExitCodes.InvalidInput;
        }

        var loaded = PolicyTestLoader.Load(arguments.Policies);
        foreach (var testProblem in loaded.Problems)
        {
            _console.Err.WriteLine(Reporting.ConsoleText.Inline(testProblem.ToString()));
        }

        if (loaded.Tests.IsEmpty)
        {
            if (loaded.HasProblems && arguments.JUnitPath is { } errorsOnly && !WriteJUnit(errorsOnly, new PolicyTestRunResult(compiled.Policies.Name, []), loaded.Problems))
            {
                return ExitCodes.InvalidInput;
            }

            _console.Err.WriteLine(loaded.HasProblems
                ? "No test was run: fix the test files above."
                : $"No policy tests (*.test.yaml) under {string.Join(", ", arguments.Policies)}.");
            return ExitCodes.InvalidInput;
        }

        var result = PolicyTestRunner.Run(compiled, loaded.Tests);
        Print(result);
        if (arguments.JUnitPath is { } junitPath && !WriteJUnit(junitPath, result, loaded.Problems))
        {
            return ExitCodes.InvalidInput;
        }

        return loaded.HasProblems || result.Errors > 0 ? ExitCodes.InvalidInput
            : result.Failed > 0 ? ExitCodes.Blocked
            : ExitCodes.Success;
    }

    /// <summary>Writes the JUnit report, whole or not at all; test files that could not be loaded are testcases in error.</summary>
    private bool WriteJUnit(string path, PolicyTestRunResult result, IReadOnlyList<PolicyTestProblem> problems)
    {
        try
        {
            AtomicFile.Write(path, stream => JUnitPolicyTestWriter.Write(result, problems, stream));
            return true;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            _console.Err.WriteLine(Reporting.ConsoleText.Inline(Diagnostic.Create(DiagnosticCatalog.ReportWriteFailed, SourceLocation.None, path, ex.Message).ToString()));
            return false;
        }
    }

    private void Print(PolicyTestRunResult result)
    {
        var output = _console.Out;
        output.WriteLine($"{result.PolicySet}: {result.Results.Length} policy test(s)");
        foreach (var file in result.Results.GroupBy(r => r.Test.File, StringComparer.Ordinal))
        {
            output.WriteLine();
            output.WriteLine(file.Key);
            foreach (var test in file)
            {
                var word = test.Outcome switch
                {
                    PolicyTestOutcome.Passed => "pass ",
                    PolicyTestOutcome.Failed => "FAIL ",
                    _ => "ERROR",
                };
                output.WriteLine($"  {word} {test.Test.Name}");
                if (test.Outcome == PolicyTestOutcome.Failed)
                {
                    foreach (var line in test.DiffLines())
                    {
                        output.WriteLine($"        {line}");
                    }

                    foreach (var failed in test.Expectations.Where(e => !e.Held))
                    {
                        output.WriteLine($"        {failed.Location}");
                    }
                }
                else if (test.Outcome == PolicyTestOutcome.Error)
                {
                    foreach (var line in test.DiffLines())
                    {
                        output.WriteLine($"        {line}");
                    }
                }
            }
        }

        output.WriteLine();
        var verdict = result.Failed + result.Errors == 0 ? "Tests passed" : "Tests FAILED";
        output.WriteLine($"{verdict}: {result.Passed} passed, {result.Failed} failed, {result.Errors} error(s) ({result.Results.Length} total)");
    }
}
