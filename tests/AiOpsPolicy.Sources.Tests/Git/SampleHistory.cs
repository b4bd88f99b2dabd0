// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

namespace AiOpsPolicy.Sources.Tests.Git;

/// <summary>
/// A repository with merged pull requests (merge and squash), deployment tags (annotated and named with a
/// time), a revert that was deployed, a documentation-only change, a direct push, a change not yet
/// deployed and one after the as-of time (2026-11-28T12:00:00Z).
/// </summary>
public static class SampleHistory
{
    /// <summary>The history every test starts from.</summary>
    public static TestRepository Create(out Dictionary<string, string> commits)
    {
        var repository = new TestRepository();
        commits = [];
        repository.Commit("2026-10-01T09:00:00Z", "README.md", "Initial commit");
        commits["pr-1"] = repository.MergePullRequest(1, "2026-11-01T10:00:00Z", "models/triage.yaml", "Retrain the triage model");
        repository.AnnotatedTag("deploy/production/1", commits["pr-1"], "2026-11-02T10:00:00Z");
        commits["pr-2"] = repository.SquashPullRequest(2, "2026-11-10T09:00:00Z", "prompts/triage.txt", "Tune the triage prompt");
        repository.LightweightTag("deploy/production/20261110T150000Z", commits["pr-2"]);
        commits["pr-3"] = repository.MergePullRequest(3, "2026-11-15T08:00:00Z", "models/triage.yaml", "Bigger model");
        repository.AnnotatedTag("deploy/production/3", commits["pr-3"], "2026-11-16T08:00:00Z");

        // PR 4 reverts PR 3's merge, and is deployed.
        repository.Git("2026-11-17T08:00:00Z", "checkout", "-q", "-b", "pr-4");
        repository.Git("2026-11-17T08:00:00Z", "revert", "--no-edit", "-m", "1", commits["pr-3"]);
        repository.Git("2026-11-17T08:00:00Z", "checkout", "-q", "main");
        repository.Git("2026-11-17T08:00:00Z", "merge", "-q", "--no-ff", "pr-4", "-m", "Merge pull request #4 from dev/pr-4\n\nRevert the bigger model");
        commits["pr-4"] = repository.Head();
        repository.AnnotatedTag("deploy/production/4", commits["pr-4"], "2026-11-18T20:00:00Z");

        // Documentation only (no change type), a direct push, a change not yet deployed, and one after as-of.
        repository.MergePullRequest(5, "2026-11-20T08:00:00Z", "docs/triage.md", "Document triage");
        repository.Commit("2026-11-21T08:00:00Z", "models/hotfix.yaml", "Direct hotfix");
        commits["pr-6"] = repository.MergePullRequest(6, "2026-11-27T08:00:00Z", "models/triage.yaml", "Another model");
        var late = repository.MergePullRequest(7, "2026-11-29T08:00:00Z", "models/triage.yaml", "Too late");
        repository.AnnotatedTag("deploy/production/7", late, "2026-11-29T10:00:00Z");
        return repository;
    }
}
