// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using System.CommandLine;
using AiOpsPolicy.Cli.CommandLine;
using AiOpsPolicy.Core.Evidence;
using AiOpsPolicy.Sources.DevLake;

namespace AiOpsPolicy.Cli.Arguments;

/// <summary>The arguments of <c>aiops-policy import devlake</c>.</summary>
internal sealed class ImportArguments
{
    public required string From { get; init; }

    public required string To { get; init; }

    public DateTimeOffset? AsOf { get; init; }

    public DevLakeIssues Issues { get; init; } = DevLakeIssues.Incidents;

    public ChangeType ChangeType { get; init; } = ChangeType.Pipeline;

    public bool ScopeIds { get; init; }

    /// <summary>Declares <c>import</c> and its one importer, <c>devlake</c>.</summary>
    /// <param name="run">Runs the import with the parsed arguments.</param>
    /// <param name="fail">Reports a usage problem (AOP5001).</param>
    /// <param name="console">Where <c>import</c> without an importer prints its help.</param>
    /// <returns>The command.</returns>
    public static Command Declare(Func<ImportArguments, int> run, Func<string, int> fail, IConsole console)
    {
        var from = CliOptions.Value("--from", "DIR", "The folder DevLake's CSV tables are searched for under.");
        var to = CliOptions.Value("--to", "EVIDENCE_DIR", "The evidence folder the files are written to.", "--out");
        var asOf = CliOptions.Time("--as-of", "The collection time written into the files (default: now, whole seconds).");
        var issues = CliOptions.Parsed<DevLakeIssues?>("--issues", "incidents|all", "incidents (default): only issues of type INCIDENT; all: every issue.", value => value switch
        {
            "incidents" => (DevLakeIssues.Incidents, null),
            "all" => (DevLakeIssues.All, null),
            _ => (null, $"--issues is incidents or all; got '{value}'"),
        });
        var changeType = CliOptions.Parsed<ChangeType?>("--change-type", "pipeline|model|prompt|policy", "The type every change gets (DevLake's pull requests have none; default: pipeline).", value => value switch
        {
            "pipeline" => (ChangeType.Pipeline, null),
            "model" => (ChangeType.Model, null),
            "prompt" => (ChangeType.Prompt, null),
            "policy" => (ChangeType.Policy, null),
            _ => (null, $"--change-type is pipeline, model, prompt or policy; got '{value}'"),
        });
        var scopeIds = CliOptions.Flag("--scope-ids", "Name services by DevLake scope id (cicd1, github:GithubRepo:1:384111310) instead of project; list them as a workflow's externalIds.");
        var devlake = new Command("devlake", """
            Import Apache DevLake's CSV tables into deployments, changes and incidents evidence.
            The tables (cicd_deployment_commits, pull_requests, pull_request_commits, commits_diffs, incidents,
            issues, project_mapping) are searched for under --from; each file written (devlake.KIND.json) has a
            provenance record (docs/collect.md).
            Exit 0 imported, 2 when the export cannot be read (nothing written).
            """)
        {
            from, to, asOf, issues, changeType, scopeIds,
        };
        devlake.SetAction(parsed => parsed.GetValue(from) is { } source && parsed.GetValue(to) is { } target
            ? run(new ImportArguments
            {
                From = source,
                To = target,
                AsOf = parsed.GetValue(asOf),
                Issues = parsed.GetValue(issues) ?? DevLakeIssues.Incidents,
                ChangeType = parsed.GetValue(changeType) ?? ChangeType.Pipeline,
                ScopeIds = parsed.GetValue(scopeIds),
            })
            : fail("Give the DevLake tables' folder with --from DIR and the evidence folder with --to EVIDENCE_DIR"));

        // Any other word is an importer that does not exist; without one, the help (and exit 2: nothing was imported).
        var source = new Argument<string?>("SOURCE") { Arity = ArgumentArity.ZeroOrOne, Hidden = true };
        var import = new Command("import", "Import another tool's export into evidence files with provenance (docs/collect.md).")
        {
            devlake, source,
        };
        import.SetAction(parsed =>
        {
            if (parsed.GetValue(source) is { } unknown)
            {
                return fail($"Unknown import source '{unknown}'; the one importer is 'devlake' (aiops-policy import devlake --from DIR --to EVIDENCE_DIR)");
            }

            console.Out.Write(HelpWriter.Text(import));
            return ExitCodes.InvalidInput;
        });
        return import;
    }
}
