// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using System.Collections.Immutable;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using AiOpsPolicy.Core.Evidence;
using AiOpsPolicy.Sources.Collection;
using AiOpsPolicy.Sources.Configuration;
using AiOpsPolicy.Sources.Output;

namespace AiOpsPolicy.Sources.Git;

/// <summary>
/// Collects <c>changes</c> from a repository's history with the git command line: each pull request merged
/// into the branch (a merge commit or a squash commit on its first-parent history) is a change, approved
/// when it was merged; it was deployed at the first production deployment (a tag under the configured
/// prefix, or a line of the deployment log) whose commit contains it; it was rolled back when a commit that
/// reverts it was deployed, or when a later deployment of an older version left it out. Each production deployment in
/// the window is also written as a <c>deployments</c> record (successful, to production: a tag or a log line says a
/// deployment happened, not that it failed). Nothing dated after the as-of time counts. docs/collect.md has the mapping.
/// </summary>
internal sealed partial class GitCollector : ISourceCollector
{
    private static readonly ImmutableArray<EvidenceKind> KindsWritten = [EvidenceKind.Changes, EvidenceKind.Deployments];

    private readonly GitSource _source;

    public GitCollector(GitSource source)
    {
        _source = source;
    }

    public string Endpoint => _source.Repository;

    public ImmutableArray<EvidenceKind> Kinds => KindsWritten;

    public async Task<ImmutableArray<CollectedFile>> CollectAsync(CollectionWindow window, Action<string> warn, CancellationToken cancellationToken)
    {
        if (!Directory.Exists(_source.Repository))
        {
            throw new SourceException($"the repository folder {_source.Repository} does not exist", string.Empty);
        }

        var git = new GitCommand(_source.Repository, _source.Timeout);
        var queries = new List<CollectedQuery>();
        async Task<string> Run(string[] arguments, string? input = null, string detail = "")
        {
            var text = await git.RunAsync(arguments, input, cancellationToken).ConfigureAwait(false);
            queries.Add(new CollectedQuery("git " + string.Join(' ', arguments), detail));
            return text;
        }

        var tip = (await Run(["rev-parse", "--verify", "--end-of-options", _source.Branch + "^{commit}"]).ConfigureAwait(false)).Trim();
        queries[^1] = queries[^1] with { Detail = "resolved to " + tip };
        var history = ParseHistory(await Run(["log", "--first-parent", "--format=%H%x1f%P%x1f%ct%x1f%B%x1e", "--end-of-options", tip]).ConfigureAwait(false));
        var files = ParseFiles(await Run(["log", "--first-parent", "--diff-merges=first-parent", "--name-only", "-z", "--format=%x1e%H", "--end-of-options", tip]).ConfigureAwait(false));
        var reverts = ParseReverts(await Run(["log", "--fixed-strings", "--grep=This reverts commit ", "--format=%H%x1f%ct%x1f%B%x1e", "--end-of-options", tip]).ConfigureAwait(false));
        var deployments = _source.DeploymentRefs is { } prefix
            ? ParseRefs(await Run(["for-each-ref", "--format=%(refname)%00%(objecttype)%00%(objectname)%00%(*objectname)%00%(*objecttype)%00%(taggerdate:unix)", "--end-of-options", prefix.TrimEnd('/')]).ConfigureAwait(false), warn)
            : ReadLog(_source.DeploymentLog ?? string.Empty, queries);
        deployments = [.. deployments.Where(d => d.At <= window.AsOf).OrderBy(d => d.At).ThenBy(d => d.Name, StringComparer.Ordinal)];

        // The commit graph of the branch and of every deployed commit, for "which deployment first contained it".
        var graph = ParseGraph(await Run(["rev-list", "--parents", "--stdin"], string.Join('\n', [tip, .. deployments.Select(d => d.Commit).Distinct()]) + "\n", $"revisions on standard input: the branch tip and {deployments.Count} deployed commit(s)").ConfigureAwait(false));
        var firstDeployment = FirstContainer(graph, deployments.Select(d => d.Commit));
        var introducedBy = FirstContainer(graph, history.AsEnumerable().Reverse().Select(h => h.Hash));

        var rolledBackAt = new Dictionary<string, DateTimeOffset>(StringComparer.Ordinal);
        foreach (var (hash, target) in reverts)
        {
            // A revert rolls production back when it is deployed; a revert merged but not yet deployed has not.
            if (introducedBy.TryGetValue(target, out var changeIndex) && firstDeployment.TryGetValue(hash, out var deployIndex))
            {
                var change = history[history.Count - 1 - changeIndex].Hash;
                var at = deployments[deployIndex].At;
                if (!rolledBackAt.TryGetValue(change, out var earlier) || at < earlier)
                {
                    rolledBackAt[change] = at;
                }
            }
        }

        // A deployment of a commit that does not descend from the one deployed before it (a redeploy of an
        // older version) rolls back every deployed change it does not contain.
        for (var k = 1; k < deployments.Count; k++)
        {
            var deployed = Ancestors(graph, deployments[k].Commit);
            if (deployed.Contains(deployments[k - 1].Commit))
            {
                continue;
            }

            foreach (var commit in history)
            {
                if (firstDeployment.TryGetValue(commit.Hash, out var first) && first < k && !deployed.Contains(commit.Hash)
                    && (!rolledBackAt.TryGetValue(commit.Hash, out var earlier) || deployments[k].At < earlier))
                {
                    rolledBackAt[commit.Hash] = deployments[k].At;
                }
            }
        }

        var records = new List<OutputRecord>();
        var ids = new HashSet<string>(StringComparer.Ordinal);
        var outOfOrder = 0;
        foreach (var commit in history)
        {
            if (commit.At > window.AsOf || Id(commit) is not { } id || Type(files.GetValueOrDefault(commit.Hash, [])) is not { } type)
            {
                continue;
            }

            DateTimeOffset? deployedAt = firstDeployment.TryGetValue(commit.Hash, out var index) ? deployments[index].At : null;
            if (deployedAt < commit.At)
            {
                // Deployed before it was merged: the clocks of the deploying machine and the merge disagree.
                outOfOrder++;
                continue;
            }

            if (commit.At < window.Start && (deployedAt is null || deployedAt < window.Start))
            {
                continue;
            }

            DateTimeOffset? rollback = deployedAt is not null && rolledBackAt.TryGetValue(commit.Hash, out var r) && r >= deployedAt ? r : null;
            if (!ids.Add(id))
            {
                id = $"{id}-{commit.Hash[..7]}";
                ids.Add(id);
            }

            records.Add(new OutputRecord(id,
            [
                new("id", id),
                new("type", type),
                new("approvedAt", commit.At),
                new("mergedAt", commit.At),
                new("deployedAt", deployedAt),
                new("deployment", deployedAt is null ? null : deployments[index].Name),
                new("rolledBack", rollback is not null),
                new("rolledBackAt", rollback),
            ]));
        }

        if (outOfOrder > 0)
        {
            warn($"{outOfOrder} change(s) were deployed before their merge commit's time (clock skew between machines?) and were left out");
        }

        var deploymentRecords = deployments
            .Where(d => d.At >= window.Start)
            .Select(d => new OutputRecord(d.Name,
            [
                new("id", d.Name),
                new("environment", "production"),
                new("result", "success"),
                new("finishedAt", d.At),
            ]))
            .ToImmutableArray();
        return
        [
            new CollectedFile { Kind = EvidenceKind.Changes, Records = [.. records], Queries = [.. queries] },
            new CollectedFile { Kind = EvidenceKind.Deployments, Records = deploymentRecords, Queries = [.. queries] },
        ];
    }

    /// <summary>The change's id: the pull or merge request it came from, or the commit when direct commits count.</summary>
    private string? Id(Commit commit)
    {
        var subject = commit.Message.Split('\n', 2)[0].Trim();
        if (commit.Parents > 1 && GitHubMerge().Match(subject) is { Success: true } merge)
        {
            return "pr-" + merge.Groups[1].Value;
        }

        if (commit.Parents > 1 && GitLabMerge().Match(commit.Message) is { Success: true } gitlab)
        {
            return "mr-" + gitlab.Groups[1].Value;
        }

        if (commit.Parents == 1 && SquashMerge().Match(subject) is { Success: true } squash)
        {
            return "pr-" + squash.Groups[1].Value;
        }

        return _source.DirectCommits && commit.Parents == 1 ? "commit-" + commit.Hash[..12] : null;
    }

    /// <summary>The first change type, in the sources file's order, with a pattern that matches a changed path.</summary>
    private string? Type(IReadOnlyList<string> paths)
    {
        foreach (var (type, patterns) in _source.Types)
        {
            var regexes = patterns.Select(Glob).ToList();
            if (paths.Any(p => regexes.Any(r => r.IsMatch(p))))
            {
                return type switch
                {
                    ChangeType.Model => "model",
                    ChangeType.Prompt => "prompt",
                    ChangeType.Policy => "policy",
                    _ => "pipeline",
                };
            }
        }

        return null;
    }

    /// <summary>A path pattern: <c>**</c> any path, <c>*</c> any name part, <c>?</c> one character; a pattern ending in / is a folder.</summary>
    internal static Regex Glob(string pattern)
    {
        var text = new StringBuilder("^");
        for (var i = 0; i < pattern.Length; i++)
        {
            var c = pattern[i];
            if (c == '*' && i + 1 < pattern.Length && pattern[i + 1] == '*')
            {
                text.Append(".*");
                i++;
                if (i + 1 < pattern.Length && pattern[i + 1] == '/')
                {
                    i++;
                    text.Append("(?:/|)");
                }
            }
            else
            {
                text.Append(c switch
                {
                    '*' => "[^/]*",
                    '?' => "[^/]",
                    _ => Regex.Escape(c.ToString()),
                });
            }
        }

        text.Append(pattern.EndsWith('/') ? ".*$" : "$");
        return new Regex(text.ToString(), RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
    }

    private static List<Commit> ParseHistory(string text)
    {
        var commits = new List<Commit>();
        foreach (var entry in text.Split('\x1e'))
        {
            var fields = entry.TrimStart('\n').Split('\x1f');
            if (fields.Length < 4)
            {
                continue;
            }

            commits.Add(new Commit(fields[0], fields[1].Split(' ', StringSplitOptions.RemoveEmptyEntries).Length, DateTimeOffset.FromUnixTimeSeconds(long.Parse(fields[2], CultureInfo.InvariantCulture)), fields[3]));
        }

        return commits;
    }

    private static Dictionary<string, List<string>> ParseFiles(string text)
    {
        var files = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var entry in text.Split('\x1e', StringSplitOptions.RemoveEmptyEntries))
        {
            var parts = entry.Split('\0');
            var hash = parts[0].Trim();
            files[hash] = [.. parts.Skip(1).Select(p => p.Trim('\n')).Where(p => p.Length > 0)];
        }

        return files;
    }

    private static List<(string Hash, string Target)> ParseReverts(string text)
    {
        var reverts = new List<(string, string)>();
        foreach (var entry in text.Split('\x1e'))
        {
            var fields = entry.TrimStart('\n').Split('\x1f');
            if (fields.Length >= 3)
            {
                foreach (Match match in RevertLine().Matches(fields[2]))
                {
                    reverts.Add((fields[0], match.Groups[1].Value));
                }
            }
        }

        return reverts;
    }

    private static List<Deployment> ParseRefs(string text, Action<string> warn)
    {
        var deployments = new List<Deployment>();
        var untimed = new List<string>();
        foreach (var line in text.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var fields = line.Split('\0');
            if (fields.Length < 6)
            {
                continue;
            }

            var (name, type, target, peeled, peeledType, tagger) = (fields[0], fields[1], fields[2], fields[3], fields[4], fields[5]);
            if (type == "tag" && peeledType == "commit" && long.TryParse(tagger, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds))
            {
                deployments.Add(new Deployment(name, peeled, DateTimeOffset.FromUnixTimeSeconds(seconds)));
            }
            else if (type == "commit" && TimeFromName(name) is { } at)
            {
                deployments.Add(new Deployment(name, target, at));
            }
            else
            {
                untimed.Add(name);
            }
        }

        if (untimed.Count > 0)
        {
            warn($"{untimed.Count} deployment ref(s) say nowhere when they were deployed (a lightweight tag whose name is not a time, such as {ServerText.Shown(untimed[0])}) and were left out: tag deployments with git tag -a, or end the name with a UTC time such as 20261127T101500Z");
        }

        return deployments;
    }

    /// <summary>A time at the end of a lightweight tag's name: <c>20261127T101500Z</c> or <c>2026-11-27T10-15-00Z</c> (refs cannot hold colons).</summary>
    private static DateTimeOffset? TimeFromName(string name)
    {
        var last = name[(name.LastIndexOf('/') + 1)..];
        string[] formats = ["yyyyMMdd'T'HHmmss'Z'", "yyyy-MM-dd'T'HH-mm-ss'Z'", "yyyy-MM-dd'T'HHmmss'Z'"];
        return DateTime.TryParseExact(last, formats, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var time)
            ? new DateTimeOffset(time, TimeSpan.Zero)
            : null;
    }

    private static List<Deployment> ReadLog(string path, List<CollectedQuery> queries)
    {
        if (!File.Exists(path))
        {
            throw new SourceException($"the deployment log {path} does not exist", path);
        }

        var bytes = File.ReadAllBytes(path);
        queries.Add(new CollectedQuery(path, "sha256:" + Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(bytes))));
        var deployments = new List<Deployment>();
        var lines = Encoding.UTF8.GetString(bytes).Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i].Trim();
            if (line.Length == 0 || line.StartsWith('#') || (i == 0 && line.StartsWith("commit", StringComparison.OrdinalIgnoreCase)))
            {
                continue;
            }

            var fields = line.Split(',');
            if (fields.Length < 2 || !CommitId().IsMatch(fields[0].Trim())
                || !DateTimeOffset.TryParse(fields[1].Trim(), CultureInfo.InvariantCulture, DateTimeStyles.None, out var at) || !HasOffset(fields[1].Trim()))
            {
                throw new SourceException($"line {i + 1} of the deployment log is not 'commit,deployedAt' with a full commit id and an ISO 8601 time with an offset", path);
            }

            deployments.Add(new Deployment($"{Path.GetFileName(path)}:{i + 1}", fields[0].Trim().ToLowerInvariant(), at));
        }

        return deployments;
    }

    private static bool HasOffset(string text) => text.EndsWith('Z') || text.EndsWith('z') || text.AsSpan(Math.Max(0, text.IndexOf('T', StringComparison.Ordinal))).LastIndexOfAny('+', '-') > 0;

    private static Dictionary<string, string[]> ParseGraph(string text)
    {
        var graph = new Dictionary<string, string[]>(StringComparer.Ordinal);
        foreach (var line in text.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            graph[parts[0]] = parts[1..];
        }

        return graph;
    }

    /// <summary>
    /// For each commit, the index of the first tip (in the order given) it is reachable from. Walking the
    /// tips in order and never entering a commit twice visits each commit once: a commit reached by an
    /// earlier tip had all its ancestors reached by that tip too.
    /// </summary>
    private static Dictionary<string, int> FirstContainer(Dictionary<string, string[]> graph, IEnumerable<string> tips)
    {
        var container = new Dictionary<string, int>(StringComparer.Ordinal);
        var index = 0;
        var stack = new Stack<string>();
        foreach (var tip in tips)
        {
            stack.Push(tip);
            while (stack.Count > 0)
            {
                var commit = stack.Pop();
                if (!container.TryAdd(commit, index))
                {
                    continue;
                }

                foreach (var parent in graph.GetValueOrDefault(commit, []))
                {
                    if (!container.ContainsKey(parent))
                    {
                        stack.Push(parent);
                    }
                }
            }

            index++;
        }

        return container;
    }

    private static HashSet<string> Ancestors(Dictionary<string, string[]> graph, string tip)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var stack = new Stack<string>([tip]);
        while (stack.Count > 0)
        {
            var commit = stack.Pop();
            if (seen.Add(commit))
            {
                foreach (var parent in graph.GetValueOrDefault(commit, []))
                {
                    stack.Push(parent);
                }
            }
        }

        return seen;
    }

    [GeneratedRegex(@"^Merge pull request #(\d{1,9}) from ", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 1000)]
    private static partial Regex GitHubMerge();

    [GeneratedRegex(@"See merge request [^\s!]*!(\d{1,9})", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 1000)]
    private static partial Regex GitLabMerge();

    [GeneratedRegex(@"\(#(\d{1,9})\)$", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 1000)]
    private static partial Regex SquashMerge();

    [GeneratedRegex(@"This reverts commit ([0-9a-f]{40}|[0-9a-f]{64})\b", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 1000)]
    private static partial Regex RevertLine();

    [GeneratedRegex("^([0-9a-fA-F]{40}|[0-9a-fA-F]{64})$", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 1000)]
    private static partial Regex CommitId();

    private sealed record Commit(string Hash, int Parents, DateTimeOffset At, string Message);

    private sealed record Deployment(string Name, string Commit, DateTimeOffset At);
}
