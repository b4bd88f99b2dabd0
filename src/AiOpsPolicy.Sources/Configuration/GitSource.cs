// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using System.Collections.Immutable;
using AiOpsPolicy.Core.Evidence;

namespace AiOpsPolicy.Sources.Configuration;

/// <summary>A Git repository whose history gives the changes: merged pull requests, deployments, rollbacks.</summary>
public sealed record GitSource
{
    /// <summary>Gets the repository's folder (a checkout or a bare repository), resolved against the sources file's folder.</summary>
    public required string Repository { get; init; }

    /// <summary>Gets the branch whose first-parent history holds the merged changes (default: HEAD).</summary>
    public string Branch { get; init; } = "HEAD";

    /// <summary>Gets the ref prefix whose tags mark production deployments, such as <c>refs/tags/deploy/production/</c>; null when a log is used.</summary>
    public string? DeploymentRefs { get; init; }

    /// <summary>Gets a deployment log (CSV: commit, deployedAt), resolved against the sources file's folder; null when refs are used.</summary>
    public string? DeploymentLog { get; init; }

    /// <summary>Gets the change types by path pattern, in the order they are tried: the first type with a matching changed path wins.</summary>
    public ImmutableArray<(ChangeType Type, ImmutableArray<string> Patterns)> Types { get; init; } = [];

    /// <summary>Gets a value indicating whether commits pushed without a pull request count as changes too.</summary>
    public bool DirectCommits { get; init; }

    /// <summary>Gets how long one git command may take.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromMinutes(2);
}
