// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using System.Collections.Immutable;
using System.Globalization;
using AiOpsPolicy.Core.Evidence;
using AiOpsPolicy.Sources.Output;

namespace AiOpsPolicy.Sources.DevLake;

/// <summary>Which DevLake issues become incidents.</summary>
public enum DevLakeIssues
{
    /// <summary>Only issues of type INCIDENT, as DevLake's DORA dashboards count them (the default).</summary>
    Incidents,

    /// <summary>Every issue, as DevLake's per-issue lead times (issues.lead_time_minutes) are computed.</summary>
    All,
}

/// <summary>What <c>aiops-policy import devlake</c> is asked to do.</summary>
public sealed record DevLakeImportOptions
{
    /// <summary>Gets the folder holding DevLake's CSV tables (searched recursively).</summary>
    public required string From { get; init; }

    /// <summary>Gets the evidence folder to write to.</summary>
    public required string To { get; init; }

    /// <summary>Gets the as-of time written as the files' collectedAt (the import is a collection as of then).</summary>
    public required DateTimeOffset AsOf { get; init; }

    /// <summary>Gets which issues become incidents.</summary>
    public DevLakeIssues Issues { get; init; } = DevLakeIssues.Incidents;

    /// <summary>Gets the type every imported change gets: DevLake's pull requests carry none.</summary>
    public ChangeType ChangeType { get; init; } = ChangeType.Pipeline;

    /// <summary>
    /// Gets a value indicating whether records name their DevLake project (from project_mapping.csv) as their service.
    /// False keeps DevLake's scope ids (cicd1, repo1, github:GithubRepo:1:384111310), for a policy set that lists them
    /// as a workflow's externalIds.
    /// </summary>
    public bool Projects { get; init; } = true;
}

/// <summary>What an import wrote.</summary>
/// <param name="Files">The evidence files written, with their record counts.</param>
/// <param name="Notes">Rows left out or read with a choice, one sentence each.</param>
public sealed record DevLakeImportResult(ImmutableArray<(string Path, EvidenceKind Kind, int Records)> Files, ImmutableArray<string> Notes);

/// <summary>
/// Imports Apache DevLake's domain tables (CSV, as DevLake's own end-to-end fixtures and its database exports hold
/// them) into evidence: <c>cicd_deployment_commits</c> into <c>deployments</c>, <c>pull_requests</c> (with
/// <c>pull_request_commits</c> and <c>commits_diffs</c>) into <c>changes</c>, <c>incidents</c> and <c>issues</c> into
/// <c>incidents</c>, with <c>project_mapping</c> naming each record's service. docs/collect.md has the mapping.
/// </summary>
public static class DevLakeImporter
{
    private static readonly string[] Known =
    [
        "pull_requests.csv", "pull_request_commits.csv", "cicd_deployment_commits.csv", "cicd_deployment_commits_after.csv",
        "commits_diffs.csv", "project_mapping.csv", "incidents.csv", "issues.csv",
    ];

    /// <summary>Reads the tables and writes the evidence files (each whole or not at all) with their provenance.</summary>
    /// <param name="options">What to import.</param>
    /// <returns>What was written.</returns>
    /// <exception cref="DevLakeImportException">A table is missing, ambiguous or malformed.</exception>
    public static DevLakeImportResult Import(DevLakeImportOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!Directory.Exists(options.From))
        {
            throw new DevLakeImportException($"the folder {options.From} does not exist");
        }

        var paths = FindTables(options.From);
        if (paths.Count == 0)
        {
            throw new DevLakeImportException($"{options.From} holds none of DevLake's tables ({string.Join(", ", Known)})");
        }

        var notes = new List<string>();
        var tables = new List<DevLakeTable>();
        DevLakeTable? Load(string name, params string[] columns)
        {
            if (!paths.TryGetValue(name, out var path))
            {
                return null;
            }

            var table = DevLakeTable.Read(path, columns);
            tables.Add(table);
            return table;
        }

        var mapping = Load("project_mapping.csv", "project_name", "table", "row_id");
        var projects = new Projects(mapping);
        var deploymentTable = Load("cicd_deployment_commits.csv", DeploymentColumns) ?? Load("cicd_deployment_commits_after.csv", DeploymentColumns);
        var rows = deploymentTable?.Rows.Select(r => new DeploymentRow(r, deploymentTable.Path)).ToList() ?? [];
        var files = new List<CollectedFile>();

        if (deploymentTable is not null)
        {
            files.Add(new CollectedFile { Kind = EvidenceKind.Deployments, Records = Deployments(rows, projects, options, notes) });
        }

        if (Load("pull_requests.csv", "id", "base_repo_id", "merge_commit_sha", "created_date", "merged_date") is { } pulls)
        {
            var commits = Load("pull_request_commits.csv", "commit_sha", "pull_request_id", "commit_authored_date");
            var diffs = Load("commits_diffs.csv", "old_commit_sha", "new_commit_sha", "commit_sha");
            files.Add(new CollectedFile { Kind = EvidenceKind.Changes, Records = Changes(pulls, commits, diffs, rows, projects, options, notes) });
        }

        var incidents = Load("incidents.csv", "id", "created_date");
        var issues = Load("issues.csv", "id", "created_date", "resolution_date", "type");
        if (incidents is not null || issues is not null)
        {
            files.Add(new CollectedFile { Kind = EvidenceKind.Incidents, Records = Incidents(incidents, issues, projects, options, notes) });
        }

        var queries = tables.Select(t => new CollectedQuery("read " + Path.GetRelativePath(options.From, t.Path).Replace('\\', '/'), $"{t.Rows.Count} row(s), {t.Hash}")).ToImmutableArray();
        var window = new CollectionWindow(options.AsOf, TimeSpan.Zero);
        var written = ImmutableArray.CreateBuilder<(string, EvidenceKind, int)>();
        foreach (var file in files)
        {
            var (path, _) = EvidenceFileWriter.Write(options.To, "devlake", "devlake", Path.GetFullPath(options.From), window, file with { Queries = queries });
            written.Add((path, file.Kind, file.Records.Length));
        }

        return new DevLakeImportResult(written.ToImmutable(), [.. notes]);
    }

    private static readonly string[] DeploymentColumns =
        ["id", "result", "started_date", "finished_date", "cicd_deployment_id", "cicd_scope_id", "environment", "commit_sha", "prev_success_deployment_commit_id"];

    /// <summary>Finds the known tables under a folder (symbolic links are not followed); a table found twice is ambiguous.</summary>
    private static Dictionary<string, string> FindTables(string folder)
    {
        var found = new Dictionary<string, string>(StringComparer.Ordinal);
        var options = new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = FileAttributes.ReparsePoint, MatchCasing = MatchCasing.CaseSensitive };
        foreach (var path in Directory.EnumerateFiles(folder, "*.csv", options).Order(StringComparer.Ordinal))
        {
            var name = Path.GetFileName(path);
            if (!Known.Contains(name, StringComparer.Ordinal))
            {
                continue;
            }

            if (found.TryGetValue(name, out var first))
            {
                throw new DevLakeImportException($"{name} is found twice, at {first} and {path}: import one DevLake export at a time");
            }

            found.Add(name, path);
        }

        if (found.ContainsKey("cicd_deployment_commits.csv") && found.TryGetValue("cicd_deployment_commits_after.csv", out var after))
        {
            throw new DevLakeImportException($"both cicd_deployment_commits.csv and {after} are present: import one of them");
        }

        return found;
    }

    /// <summary>
    /// One <c>deployments</c> record per row of <c>cicd_deployment_commits</c> (one repository's commit deployed by one
    /// pipeline run), with the run (<c>cicd_deployment_id</c>) as its release: DevLake attributes an incident to the
    /// latest such row finished before it and counts runs, so both are kept. A row still running (no finish) has no
    /// result yet and is left out.
    /// </summary>
    private static ImmutableArray<OutputRecord> Deployments(List<DeploymentRow> rows, Projects projects, DevLakeImportOptions options, List<string> notes)
    {
        var records = ImmutableArray.CreateBuilder<OutputRecord>();
        var untimed = 0;
        var ids = new HashSet<string>(StringComparer.Ordinal);
        foreach (var row in rows)
        {
            if (row.FinishedAt is not { } finished)
            {
                untimed++;
                continue;
            }

            if (!ids.Add(row.Id))
            {
                throw new DevLakeImportException($"cicd_deployment_commits: id {row.Id} is listed twice");
            }

            var result = row.Result switch
            {
                "SUCCESS" => "success",
                "ABORT" or "ABORTED" or "CANCELLED" or "CANCELED" or "SKIPPED" or "MANUAL" => "aborted",
                _ => "failure",
            };
            records.Add(new OutputRecord(row.Id,
            [
                new("id", row.Id),
                new("release", row.Deployment),
                new("service", projects.Service("cicd_scopes", row.Scope, options.Projects)),
                new("environment", Environment(row.Environment)),
                new("result", result),
                new("startedAt", row.StartedAt),
                new("finishedAt", finished),
            ]));
        }

        if (untimed > 0)
        {
            notes.Add($"{untimed} deployment(s) with no finished_date were left out (a deployment still running has no result yet)");
        }

        return records.ToImmutable();
    }

    /// <summary>A DevLake environment as a kebab-case name: PRODUCTION is production; empty is unknown.</summary>
    private static string Environment(string text)
    {
        var word = new string([.. text.Trim().ToLowerInvariant().Select(c => char.IsAsciiLetterOrDigit(c) ? c : '-')]).Trim('-');
        while (word.Contains("--", StringComparison.Ordinal))
        {
            word = word.Replace("--", "-", StringComparison.Ordinal);
        }

        return word.Length == 0 || !char.IsAsciiLetter(word[0]) ? "unknown" : word;
    }

    /// <summary>
    /// One <c>changes</c> record per merged pull request: approved and merged at <c>merged_date</c> (DevLake has no
    /// approval time), opened at <c>created_date</c>, first commit at the earliest <c>commit_authored_date</c> of its
    /// commits, deployed at the finish of the first (by start) successful production deployment commit of its project
    /// whose commit diff (<c>commits_diffs</c>, from the previous successful deployment's commit) contains the merge
    /// commit: DevLake's rule, under which a scope's first deployment (no previous one to diff from) contains nothing.
    /// </summary>
    private static ImmutableArray<OutputRecord> Changes(DevLakeTable pulls, DevLakeTable? commits, DevLakeTable? diffs, List<DeploymentRow> rows, Projects projects, DevLakeImportOptions options, List<string> notes)
    {
        var firstCommit = new Dictionary<string, DateTimeOffset>(StringComparer.Ordinal);
        foreach (var row in commits?.Rows ?? [])
        {
            if (DevLakeTable.Time(row["commit_authored_date"], $"{commits!.Path}: commit_authored_date") is { } at
                && (!firstCommit.TryGetValue(row["pull_request_id"], out var earlier) || at < earlier))
            {
                firstCommit[row["pull_request_id"]] = at;
            }
        }

        // Which deployment commits contain a commit: (deployment commit, commit) pairs from the diffs between deployments.
        var diffPairs = new HashSet<(string Old, string New, string Commit)>();
        foreach (var row in diffs?.Rows ?? [])
        {
            diffPairs.Add((row["old_commit_sha"], row["new_commit_sha"], row["commit_sha"]));
        }

        var byId = rows.GroupBy(r => r.Id, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        var candidates = rows
            .Where(r => r.IsSuccessfulProduction && r.Previous.Length > 0 && byId.ContainsKey(r.Previous))
            .OrderBy(r => r.StartedAt ?? DateTimeOffset.MaxValue)
            .ThenBy(r => long.TryParse(r.Id, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : long.MaxValue)
            .ThenBy(r => r.Id, StringComparer.Ordinal)
            .ToList();

        var records = ImmutableArray.CreateBuilder<OutputRecord>();
        var unmerged = 0;
        foreach (var pull in pulls.Rows)
        {
            var id = pull["id"];
            if (DevLakeTable.Time(pull["merged_date"], $"{pulls.Path}: merged_date") is not { } merged)
            {
                unmerged++;
                continue;
            }

            var opened = DevLakeTable.Time(pull["created_date"], $"{pulls.Path}: created_date");
            var repo = pull["base_repo_id"];
            var merge = pull["merge_commit_sha"];
            var deployment = merge.Length == 0 ? null : candidates.FirstOrDefault(r =>
                projects.SameProject("cicd_scopes", r.Scope, "repos", repo) && diffPairs.Contains((byId[r.Previous].Commit, r.Commit, merge)));
            records.Add(new OutputRecord(id,
            [
                new("id", id),
                new("type", options.ChangeType switch { ChangeType.Model => "model", ChangeType.Prompt => "prompt", ChangeType.Policy => "policy", _ => "pipeline" }),
                new("approvedAt", merged),
                new("firstCommitAt", firstCommit.TryGetValue(id, out var first) ? first : null),
                new("openedAt", opened),
                new("mergedAt", merged),
                new("deployedAt", deployment?.FinishedAt),
                new("deployment", deployment?.Id),
                new("service", projects.Service("repos", repo, options.Projects)),
                new("rolledBack", false),
            ]));
        }

        if (unmerged > 0)
        {
            notes.Add($"{unmerged} pull request(s) not merged were left out (a change starts counting once merged)");
        }

        return records.ToImmutable();
    }

    /// <summary>
    /// One <c>incidents</c> record per incident (or issue): opened and detected at <c>created_date</c>, recovered at
    /// <c>resolution_date</c> (absent: still open), cause other and no required change (DevLake records neither),
    /// service from its scope (<c>table</c>, <c>scope_id</c>) where the table has them.
    /// </summary>
    private static ImmutableArray<OutputRecord> Incidents(DevLakeTable? incidents, DevLakeTable? issues, Projects projects, DevLakeImportOptions options, List<string> notes)
    {
        var records = ImmutableArray.CreateBuilder<OutputRecord>();
        var ids = new HashSet<string>(StringComparer.Ordinal);
        var notIncidents = 0;
        var duplicates = 0;
        foreach (var (table, row) in (incidents?.Rows ?? []).Select(r => (incidents!, r)).Concat((issues?.Rows ?? []).Select(r => (issues!, r))))
        {
            if (ReferenceEquals(table, issues) && options.Issues == DevLakeIssues.Incidents && row["type"] != "INCIDENT")
            {
                notIncidents++;
                continue;
            }

            var id = row["id"];
            if (!ids.Add(id))
            {
                duplicates++;
                continue;
            }

            var created = DevLakeTable.Time(row["created_date"], $"{table.Path}: created_date") ?? throw new DevLakeImportException($"{table.Path}: incident {id} has no created_date");
            var resolved = row.TryGetValue("resolution_date", out var r) ? DevLakeTable.Time(r, $"{table.Path}: resolution_date") : null;
            var service = row.TryGetValue("scope_id", out var scope) && scope.Length > 0 ? projects.Service(row.GetValueOrDefault("table", string.Empty), scope, options.Projects) : null;
            records.Add(new OutputRecord(id,
            [
                new("id", id),
                new("openedAt", created),
                new("detectedAt", created),
                new("recoveredAt", resolved),
                new("cause", "other"),
                new("requiredChange", false),
                new("service", service),
            ]));
        }

        if (notIncidents > 0)
        {
            notes.Add($"{notIncidents} issue(s) not of type INCIDENT were left out (--issues all imports every issue)");
        }

        if (duplicates > 0)
        {
            notes.Add($"{duplicates} incident(s) listed twice were imported once");
        }

        return records.ToImmutable();
    }

    /// <summary>A row of <c>cicd_deployment_commits</c>: one repository's commit in one deployment.</summary>
    private sealed class DeploymentRow
    {
        public DeploymentRow(Dictionary<string, string> row, string path)
        {
            Id = row["id"];
            Deployment = row["cicd_deployment_id"].Length > 0 ? row["cicd_deployment_id"] : row["id"];
            Scope = row["cicd_scope_id"];
            Environment = row["environment"].Trim().ToUpperInvariant();
            Result = row["result"].Trim().ToUpperInvariant();
            Commit = row["commit_sha"];
            Previous = row["prev_success_deployment_commit_id"];
            StartedAt = DevLakeTable.Time(row["started_date"], $"{path}: started_date");
            FinishedAt = DevLakeTable.Time(row["finished_date"], $"{path}: finished_date");
        }

        public string Id { get; }

        public string Deployment { get; }

        public string Scope { get; }

        public string Environment { get; }

        public string Result { get; }

        public string Commit { get; }

        public string Previous { get; }

        public DateTimeOffset? StartedAt { get; }

        public DateTimeOffset? FinishedAt { get; }

        public bool IsSuccessfulProduction => Result == "SUCCESS" && Environment == "PRODUCTION";
    }

    /// <summary>DevLake's project_mapping: which project each scope (table, row id) belongs to.</summary>
    private sealed class Projects(DevLakeTable? mapping)
    {
        private readonly Dictionary<(string Table, string Row), List<string>> _projects = (mapping?.Rows ?? [])
            .GroupBy(r => (r["table"], r["row_id"]))
            .ToDictionary(g => g.Key, g => g.Select(r => r["project_name"]).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList());

        /// <summary>The service a record names: its project when it belongs to exactly one (and projects are asked for), else its scope id.</summary>
        public string Service(string table, string row, bool useProjects) =>
            useProjects && _projects.TryGetValue((table, row), out var names) && names.Count == 1 ? names[0] : row;

        /// <summary>Whether two scopes share a project (always, when there is no mapping to say otherwise).</summary>
        public bool SameProject(string tableA, string rowA, string tableB, string rowB) =>
            mapping is null || (_projects.TryGetValue((tableA, rowA), out var a) && _projects.TryGetValue((tableB, rowB), out var b) && a.Intersect(b, StringComparer.Ordinal).Any());
    }
}
