// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using System.Security.Cryptography;
using AiOpsPolicy.Cli.Arguments;
using AiOpsPolicy.Core;
using AiOpsPolicy.Core.Diagnostics;
using AiOpsPolicy.Core.Text;
using AiOpsPolicy.Reporting;

namespace AiOpsPolicy.Cli.Commands;

/// <summary>
/// <c>aiops-policy build --policies DIR [--output FILE]</c>: validates and compiles a policy set into
/// a prebuilt bundle that <c>gate --bundle</c> runs without the compiler. Without <c>--output</c> the
/// bundle is named after its own SHA-256, so the same policies and engine give the same file name.
/// Exit 0 built, 2 invalid policies or usage.
/// </summary>
internal sealed class BuildCommand
{
    private readonly IConsole _console;

    public BuildCommand(IConsole console)
    {
        _console = console;
    }

    public int Run(IEnumerable<string> args)
    {
        var (arguments, problem) = BuildArguments.Parse(args);
        if (problem is not null)
        {
            return Usage.Fail(_console, problem);
        }

        using var bundle = new MemoryStream();
        var diagnostics = PolicyEngine.Build(arguments.Policies, bundle);
        foreach (var diagnostic in diagnostics.Where(d => d.Severity >= DiagnosticSeverity.Warning))
        {
            _console.Err.WriteLine(Reporting.ConsoleText.Inline(diagnostic.ToString()));
        }

        if (diagnostics.Any(d => d.IsError))
        {
            _console.Err.WriteLine($"No bundle was built: fix the {diagnostics.Count(d => d.IsError)} error(s) above.");
            return ExitCodes.InvalidInput;
        }

        var bytes = bundle.ToArray();
        var digest = Convert.ToHexStringLower(SHA256.HashData(bytes));
        var path = arguments.OutputPath ?? $"aiops-policy-{digest[..16]}.bundle";
        try
        {
            AtomicFile.Write(path, stream => stream.Write(bytes));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            _console.Err.WriteLine(Reporting.ConsoleText.Inline(Diagnostic.Create(DiagnosticCatalog.ReportWriteFailed, SourceLocation.None, path, ex.Message).ToString()));
            return ExitCodes.InvalidInput;
        }

        _console.Out.WriteLine($"Built {path} (sha256:{digest}, {bytes.Length:N0} bytes). Run it with: aiops-policy gate --bundle {path} --evidence DIR");
        return ExitCodes.Success;
    }
}
