// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using AiOpsPolicy.Core.Diagnostics;
using AiOpsPolicy.Core.Text;

namespace AiOpsPolicy.Cli.CommandLine;

/// <summary>Usage errors: AOP5001, exit 2. The help is generated from the declarations (<see cref="HelpWriter"/>).</summary>
internal static class Usage
{
    /// <summary>Reports a usage problem as AOP5001 on standard error.</summary>
    /// <param name="console">The console.</param>
    /// <param name="problem">What is wrong with the command line, and what to do.</param>
    /// <returns>The exit code for invalid usage (2).</returns>
    public static int Fail(IConsole console, string problem)
    {
        console.Err.WriteLine(Reporting.ConsoleText.Inline(Diagnostic.Create(DiagnosticCatalog.Usage, SourceLocation.None, problem).ToString()));
        return ExitCodes.InvalidInput;
    }
}
