// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using System.Globalization;
using System.Text.Json;
using AiOpsPolicy.Cli;

namespace AiOpsPolicy.Sources.Tests.Git;

/// <summary>The Git collector on a real repository: merged pull requests, deployment tags, a deployment log, a revert.</summary>
public sealed class GitCollectTests
{
    private const string AsOf = "2026-11-28T12:00:00Z";

    [Fact]
    public void Collect_WhenPullRequestsAreMergedTaggedAndReverted_ShouldWriteOneChangePerPullRequestWithItsTimes()
    {
        // Given
        using var repository = SampleHistory.Create(out _);
        using var folder = new TempDirectory();

        // When
        var (exit, console) = Collect(folder, Sources(repository.Path, "refs: refs/tags/deploy/production/*"));

        // Then
        Assert.True(exit == 0, console.OutText + console.ErrText);
        var changes = Records(folder.Combine("out/git.changes.json"));
        Assert.Equal(["pr-1", "pr-2", "pr-3", "pr-4", "pr-6"], changes.Keys.ToArray());
        Assert.Equal(("model", "2026-11-01T10:00:00Z", "2026-11-02T10:00:00Z", false), Fields(changes["pr-1"]));
        Assert.Equal(("prompt", "2026-11-10T09:00:00Z", "2026-11-10T15:00:00Z", false), Fields(changes["pr-2"]));
        Assert.Equal(("model", "2026-11-15T08:00:00Z", "2026-11-16T08:00:00Z", true), Fields(changes["pr-3"]));
        Assert.Equal("2026-11-18T20:00:00Z", changes["pr-3"].GetProperty("rolledBackAt").GetString());
        Assert.Equal(("model", "2026-11-17T08:00:00Z", "2026-11-18T20:00:00Z", false), Fields(changes["pr-4"]));
        Assert.False(changes["pr-6"].TryGetProperty("deployedAt", out _));
    }

    [Fact]
    public void GateCollect_WhenTimeToDeployComesFromGit_ShouldCountOnlySafeDeployedChanges()
    {
        // Given
        using var repository = SampleHistory.Create(out _);
        using var folder = new TempDirectory();
        File.WriteAllText(folder.Combine("sources.yaml"), Sources(repository.Path, "refs: refs/tags/deploy/production/*"));
        var policies = folder.CopyFolder(Repository.Combine("examples", "collect", "policies"), "policies");
        using var console = new TestConsole();

        // When
        var exit = Program.Run(["eval", "TimeToDeploy(Days(30))", "--policies", policies, "--evidence", Collected(folder)], console, () => DateTimeOffset.Parse(AsOf, CultureInfo.InvariantCulture));

        // Then: pr-1 24h, pr-2 6h, pr-4 36h; pr-3 rolled back within the safety window; pr-6 never deployed.
        Assert.True(exit == 0, console.OutText + console.ErrText);
        Assert.Contains("median 1d from approved PR to production over 3 safe changes deployed in the last 30d (safety window 7d); 1 rolled back within 7d (not counted)", console.OutText, StringComparison.Ordinal);
    }

    [Fact]
    public void Collect_WhenDeploymentsComeFromALog_ShouldUseTheLogsTimes()
    {
        // Given
        using var repository = SampleHistory.Create(out var commits);
        using var folder = new TempDirectory();
        File.WriteAllText(folder.Combine("deployments.csv"), $"commit,deployedAt\n{commits["pr-1"]},2026-11-03T10:00:00Z\n{commits["pr-2"]},2026-11-11T09:00:00+01:00\n");

        // When
        var (exit, console) = Collect(folder, Sources(repository.Path, "log: deployments.csv"));

        // Then: pr-1 is contained by both deployments, and deployed at the first.
        Assert.True(exit == 0, console.OutText + console.ErrText);
        var changes = Records(folder.Combine("out/git.changes.json"));
        Assert.Equal("2026-11-03T10:00:00Z", changes["pr-1"].GetProperty("deployedAt").GetString());
        Assert.Equal("2026-11-11T08:00:00Z", changes["pr-2"].GetProperty("deployedAt").GetString());
        Assert.False(changes["pr-3"].TryGetProperty("deployedAt", out _));
    }

    [Fact]
    public void Collect_WhenAnOlderVersionIsDeployedAgain_ShouldRollBackTheChangesItLeavesOut()
    {
        // Given: pr-6 deployed, then the version of pr-4 deployed again two hours later.
        using var repository = SampleHistory.Create(out var commits);
        repository.AnnotatedTag("deploy/production/6", commits["pr-6"], "2026-11-27T10:00:00Z");
        repository.AnnotatedTag("deploy/production/6-rollback", commits["pr-4"], "2026-11-27T12:00:00Z");
        using var folder = new TempDirectory();

        // When
        var (exit, console) = Collect(folder, Sources(repository.Path, "refs: refs/tags/deploy/production/*"));

        // Then: pr-6 rolled back by the redeploy; earlier changes, still in the redeployed version, were not.
        Assert.True(exit == 0, console.OutText + console.ErrText);
        var changes = Records(folder.Combine("out/git.changes.json"));
        Assert.Equal(("model", "2026-11-27T08:00:00Z", "2026-11-27T10:00:00Z", true), Fields(changes["pr-6"]));
        Assert.Equal("2026-11-27T12:00:00Z", changes["pr-6"].GetProperty("rolledBackAt").GetString());
        Assert.False(changes["pr-1"].GetProperty("rolledBack").GetBoolean());
        Assert.False(changes["pr-4"].GetProperty("rolledBack").GetBoolean());
    }

    [Fact]
    [Trait("Hostile", "evidence")]
    public void Collect_WhenDeploymentRefsHaveOddNames_ShouldTreatThemAsDataAndSkipTheUntimed()
    {
        // Given: refs that look like an option, a shell substitution and a right-to-left override; none has a time.
        using var repository = SampleHistory.Create(out var commits);
        repository.LightweightTag("deploy/production/--upload-pack=touch_pwned", commits["pr-6"]);
        repository.LightweightTag("deploy/production/$(touch_pwned)", commits["pr-6"]);
        repository.LightweightTag("deploy/production/\u202Eevil-bidi", commits["pr-6"]);
        using var folder = new TempDirectory();

        // When
        var (exit, console) = Collect(folder, Sources(repository.Path, "refs: refs/tags/deploy/production/*"));

        // Then
        Assert.True(exit == 0, console.OutText + console.ErrText);
        Assert.Contains("AOP5103: Source 'git': 3 deployment ref(s) say nowhere when they were deployed", console.ErrText, StringComparison.Ordinal);
        Assert.False(Records(folder.Combine("out/git.changes.json"))["pr-6"].TryGetProperty("deployedAt", out _));
        Assert.False(File.Exists(Path.Combine(repository.Path, "pwned")) || File.Exists(Path.Combine(repository.Path, "touch_pwned")));
        Assert.False(File.Exists("pwned"));
        Assert.DoesNotContain('\u202E', console.OutText + console.ErrText);
    }

    [Fact]
    public void Collect_WhenTheBranchDoesNotExist_ShouldFailTheSourceNamingTheCommand()
    {
        // Given
        using var repository = SampleHistory.Create(out _);
        using var folder = new TempDirectory();

        // When
        var (exit, console) = Collect(folder, Sources(repository.Path, "refs: refs/tags/deploy/production/*").Replace("branch: main", "branch: release", StringComparison.Ordinal));

        // Then
        Assert.Equal(2, exit);
        Assert.Contains("AOP5102: Source 'git' failed: git failed on", console.ErrText, StringComparison.Ordinal);
        Assert.Contains("Query: git rev-parse --verify --end-of-options release^{commit}", console.ErrText, StringComparison.Ordinal);
        using var evidence = JsonDocument.Parse(File.ReadAllText(folder.Combine("out/git.changes.json")));
        Assert.True(evidence.RootElement.TryGetProperty("incomplete", out _));
    }

    private static string Sources(string repository, string deployments) => $"""
        apiVersion: aiops-policy/v1
        kind: EvidenceSource
        metadata:
          name: git
        spec:
          git:
            repository: {repository}
            branch: main
            deployments:
              {deployments}
            types:
              model: ["models/**"]
              prompt: ["prompts/**"]
              pipeline: [".github/workflows/**", "pipelines/"]
        """;

    private static string Collected(TempDirectory folder)
    {
        using var console = new TestConsole();
        var exit = Program.Run(["collect", "--sources", folder.Combine("sources.yaml"), "--as-of", AsOf, "--out", folder.Combine("out")], console, () => throw new InvalidOperationException("no clock"));
        Assert.True(exit == 0, console.OutText + console.ErrText);
        return folder.Combine("out");
    }

    private static (int Exit, TestConsole Console) Collect(TempDirectory folder, string sources)
    {
        File.WriteAllText(folder.Combine("sources.yaml"), sources);
        var console = new TestConsole();
        var exit = Program.Run(["collect", "--sources", folder.Combine("sources.yaml"), "--as-of", AsOf, "--out", folder.Combine("out")], console, () => throw new InvalidOperationException("no clock"));
        return (exit, console);
    }

    private static Dictionary<string, JsonElement> Records(string path)
    {
        using var document = JsonDocument.Parse(File.ReadAllText(path));
        return document.RootElement.GetProperty("records").EnumerateArray().ToDictionary(r => r.GetProperty("id").GetString()!, r => r.Clone());
    }

    private static (string?, string?, string?, bool) Fields(JsonElement change) =>
        (change.GetProperty("type").GetString(), change.GetProperty("approvedAt").GetString(), change.TryGetProperty("deployedAt", out var d) ? d.GetString() : null, change.GetProperty("rolledBack").GetBoolean());
}
