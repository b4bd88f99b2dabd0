// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

namespace AiOpsPolicy.Baselines.Tests;

/// <summary>
/// Tests that change the process's current directory, or whose output depends on it. xUnit runs a
/// collection with parallelization disabled on its own, after the parallel collections.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class WorkingDirectoryGroup
{
    /// <summary>The collection's name.</summary>
    public const string Name = "Working directory";
}
