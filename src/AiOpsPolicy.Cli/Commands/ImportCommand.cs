// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using AiOpsPolicy.Cli.Arguments;
using AiOpsPolicy.Core.Diagnostics;
using AiOpsPolicy.Core.Evidence;
using AiOpsPolicy.Core.Text;
using AiOpsPolicy.Sources.DevLake;

namespace AiOpsPolicy.Cli.Commands;

/// <summary>
/// <c>aiops-policy import devlake --from DIR --to EVIDENCE_DIR</c>: turns Apache DevLake's CSV tables into
/// evidence files with provenance (docs/collect.md, "Importing from DevLake"). Exit 0 imported, 2 usage or an
/// export that cannot be read (AOP5104; nothing written).
/// </summary>
internal sealed class ImportCommand
{
    private readonly IConsole _console;
    private readonly Func<DateTimeOffset> _clock;

    public ImportCommand(IConsole console, Func<DateTimeOffset> clock)
    {
        _console = console;
        _clock = clock;
    }

    public int Run(ImportArguments arguments)
    {
        try
        {
            var result = DevLakeImporter.Import(new DevLakeImportOptions
            {
                From = arguments.From,
                To = arguments.To,
                AsOf = arguments.AsOf ?? DateTimeOffset.FromUnixTimeSeconds(_clock().ToUnixTimeSeconds()),
                Issues = arguments.Issues,
                ChangeType = arguments.ChangeType,
                Projects = !arguments.ScopeIds,
            });
            foreach (var (path, kind, records) in result.Files)
            {
                _console.Out.WriteLine($"wrote {path}: {records} {EvidenceKinds.Name(kind)} record(s)");
            }

            foreach (var note in result.Notes)
            {
                _console.Out.WriteLine("note: " + note);
            }

            return ExitCodes.Success;
        }
        catch (Exception ex) when (ex is DevLakeImportException or IOException or UnauthorizedAccessException)
        {
            _console.Err.WriteLine(Reporting.ConsoleText.Inline(Diagnostic.Create(DiagnosticCatalog.ImportFailed, SourceLocation.None, ex.Message).ToString()));
            return ExitCodes.InvalidInput;
        }
    }
}
