// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using System.Collections.Immutable;

namespace AiOpsPolicy.Core.PolicyTests;

/// <summary>The results of a run of policy tests.</summary>
/// <param name="PolicySet">The policy set's name.</param>
/// <param name="Results">Every test's result, in file and document order.</param>
public sealed record PolicyTestRunResult(string PolicySet, ImmutableArray<PolicyTestResult> Results)
{
    /// <summary>Gets how many tests passed.</summary>
    public int Passed => Results.Count(r => r.Outcome == PolicyTestOutcome.Passed);

    /// <summary>Gets how many tests failed.</summary>
    public int Failed => Results.Count(r => r.Outcome == PolicyTestOutcome.Failed);

    /// <summary>Gets how many tests could not run.</summary>
    public int Errors => Results.Count(r => r.Outcome == PolicyTestOutcome.Error);

    /// <summary>Gets how long the tests took together.</summary>
    public TimeSpan Duration => Results.Aggregate(TimeSpan.Zero, (total, r) => total + r.Duration);
}
