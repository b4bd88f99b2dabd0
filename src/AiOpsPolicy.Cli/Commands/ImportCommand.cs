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
    private const string Help = """
        aiops-policy import devlake --from DIR --to EVIDENCE_DIR [--as-of TIME] [--issues incidents|all]
                                    [--change-type pipeline|model|prompt|policy] [--scope-ids]
            Import DevLake's tables (cicd_deployment_commits, pull_requests, pull_request_commits, commits_diffs,
            incidents, issues, project_mapping; CSV, searched for under DIR) into deployments, changes and
            incidents evidence (devlake.KIND.json, each with a provenance record).
            --as-of        the collection time written into the files (default: now, whole seconds)
            --issues       incidents (default): only issues of type INCIDENT; all: every issue
            --change-type  the type every change gets (DevLake's pull requests have none; default pipeline)
            --scope-ids    name services by DevLake scope id (cicd1, github:GithubRepo:1:384111310) instead of
                           project; list them as a workflow's externalIds
        """;

    private readonly IConsole _console;
    private readonly Func<DateTimeOffset> _clock;

    public ImportCommand(IConsole console, Func<DateTimeOffset> clock)
    {
        _console = console;
        _clock = clock;
    }

    public int Run(IEnumerable<string> args)
    {
        var list = args.ToList();
        if (list.Count == 0 || list[0] is "--help" or "-h")
        {
            _console.Out.WriteLine(Help);
            return list.Count == 0 ? ExitCodes.InvalidInput : ExitCodes.Success;
        }

        if (list[0] != "devlake")
        {
            return Usage.Fail(_console, $"Unknown import source '{list[0]}'; the one importer is 'devlake' (aiops-policy import devlake --from DIR --to EVIDENCE_DIR)");
        }

        string? from = null, to = null;
        DateTimeOffset? asOf = null;
        var issues = DevLakeIssues.Incidents;
        var changeType = ChangeType.Pipeline;
        var scopeIds = false;
        string? stray = null;
        var problem = new ArgumentReader(list.Skip(1)).Read(
            (name, value) => name switch
            {
                "--from" => GateArguments.Set(name, value(), v => from = v),
                "--to" or "--out" => GateArguments.Set(name, value(), v => to = v),
                "--as-of" => GateArguments.ParseTime(value(), t => asOf = t),
                "--issues" => value() switch
                {
                    "incidents" => GateArguments.Flag(() => issues = DevLakeIssues.Incidents),
                    "all" => GateArguments.Flag(() => issues = DevLakeIssues.All),
                    var other => $"--issues is incidents or all; got '{other}'",
                },
                "--change-type" => value() switch
                {
                    "pipeline" => GateArguments.Flag(() => changeType = ChangeType.Pipeline),
                    "model" => GateArguments.Flag(() => changeType = ChangeType.Model),
                    "prompt" => GateArguments.Flag(() => changeType = ChangeType.Prompt),
                    "policy" => GateArguments.Flag(() => changeType = ChangeType.Policy),
                    var other => $"--change-type is pipeline, model, prompt or policy; got '{other}'",
                },
                "--scope-ids" => GateArguments.Flag(() => scopeIds = true),
                "--help" => "Run 'aiops-policy import' for help",
                _ => $"Unknown option '{name}' for 'import devlake'",
            },
            positional => stray ??= $"Unexpected argument '{positional}'; give the folders with --from DIR --to EVIDENCE_DIR");
        problem ??= stray;
        if (problem is null && (from is null || to is null))
        {
            problem = "Give the DevLake tables' folder with --from DIR and the evidence folder with --to EVIDENCE_DIR";
        }

        if (problem is not null)
        {
            return Usage.Fail(_console, problem);
        }

        try
        {
            var result = DevLakeImporter.Import(new DevLakeImportOptions
            {
                From = from!,
                To = to!,
                AsOf = asOf ?? DateTimeOffset.FromUnixTimeSeconds(_clock().ToUnixTimeSeconds()),
                Issues = issues,
                ChangeType = changeType,
                Projects = !scopeIds,
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
