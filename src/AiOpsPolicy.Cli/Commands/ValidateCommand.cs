// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using AiOpsPolicy.Cli.Arguments;
using AiOpsPolicy.Core;
using AiOpsPolicy.Core.Compilation;
using AiOpsPolicy.Core.Configuration;
using AiOpsPolicy.Core.Diagnostics;
using AiOpsPolicy.Core.Files;
using AiOpsPolicy.Core.Text;
using AiOpsPolicy.Reporting;

namespace AiOpsPolicy.Cli.Commands;

/// <summary><c>aiops-policy validate [PATH ...]</c>: reports every problem in every policy file; exit 0 when valid, 2 when not.</summary>
internal sealed class ValidateCommand
{
    private readonly IConsole _console;
    private readonly Func<DateTimeOffset> _clock;

    public ValidateCommand(IConsole console, Func<DateTimeOffset> clock)
    {
        _console = console;
        _clock = clock;
    }

    public int Run(ValidateArguments arguments)
    {
        var cache = arguments.NoCache ? null : new CompilationCache(arguments.CacheDirectory ?? CompilationCache.DefaultDirectory());
        var prepared = new PolicyEngine(cache).Prepare(arguments.Paths);

        // Waivers are checked against --as-of, else now; the clock is read only when there are waivers.
        if (prepared.Compiled is { Policies.Waivers.IsEmpty: false })
        {
            prepared = prepared.CheckWaivers(arguments.AsOf ?? _clock());
        }
        // The operator configuration, when one is given, is checked too: its own problems, and that every store name a
        // PolicySet uses is declared there (and every store file stays in the repository), as gate would find on its first
        // recording run. Without one, store names cannot be checked and only their text is (AOP2022).
        var all = prepared.Diagnostics.ToList();
        var configuration = OperatorSettings.Load(arguments.ConfigPath, arguments.Paths, all);
        if (configuration?.Path is not null && prepared.Compiled?.Policies.Manifest is { History.Store: { Length: > 0 } } manifest
            && HistoryStoreReference.Problem(manifest.History!.Store!) is null
            && HistoryStoreReference.Resolve(manifest, configuration, arguments.RepositoryRoot).Problem is { } storeProblem)
        {
            all.Add(storeProblem);
        }

        var reported = all.Where(d => d.Severity >= DiagnosticSeverity.Warning).ToList();
        var options = new ReportOptions { RepositoryRoot = arguments.RepositoryRoot };

        // SARIF on standard output must be the only thing there: the text goes to standard error then.
        var text = arguments.Format == "sarif" && arguments.OutputPath is null ? _console.Err : _console.Out;
        if (arguments.Format == "github")
        {
            using var annotations = new StringWriter();
            new GitHubAnnotationsWriter(options).WriteDiagnostics(reported, annotations);
            _console.WriteWorkflowCommands(annotations.ToString());
        }
        else if (arguments.Format == "sarif")
        {
            if (!WriteSarif(reported, arguments.OutputPath, options))
            {
                prepared.Compiled?.Dispose();
                return ExitCodes.InvalidInput;
            }
        }

        if (arguments.Format != "github")
        {
            foreach (var diagnostic in reported)
            {
                text.WriteLine(Reporting.ConsoleText.Inline(diagnostic.ToString()));
            }
        }

        var errors = all.Count(d => d.IsError);
        var warnings = all.Count(d => d.Severity == DiagnosticSeverity.Warning);
        if (errors > 0)
        {
            prepared.Compiled?.Dispose();
            text.WriteLine($"Validation failed: {errors} error(s), {warnings} warning(s).");
            return ExitCodes.InvalidInput;
        }

        var policies = prepared.Compiled?.Policies;
        text.WriteLine($"Valid: {policies?.Name} ({policies?.Files.Length} file(s), {policies?.Gates.Length} gate(s)), {warnings} warning(s).");
        prepared.Compiled?.Dispose();
        return ExitCodes.Success;
    }

    private bool WriteSarif(List<Diagnostic> diagnostics, string? outputPath, ReportOptions options)
    {
        if (outputPath is null)
        {
            using var buffer = new MemoryStream();
            SarifReportWriter.WriteDiagnostics(diagnostics, buffer, options);
            _console.Out.WriteLine(System.Text.Encoding.UTF8.GetString(buffer.ToArray()));
            return true;
        }

        try
        {
            AtomicFile.Write(outputPath, stream => SarifReportWriter.WriteDiagnostics(diagnostics, stream, options));
            return true;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            _console.Err.WriteLine(Reporting.ConsoleText.Inline(Diagnostic.Create(DiagnosticCatalog.ReportWriteFailed, SourceLocation.None, outputPath, "sarif report: " + ex.Message).ToString()));
            return false;
        }
    }
}
