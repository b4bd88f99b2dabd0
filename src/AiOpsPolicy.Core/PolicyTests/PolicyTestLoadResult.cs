// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using System.Collections.Immutable;

namespace AiOpsPolicy.Core.PolicyTests;

/// <summary>What loading test files produced.</summary>
/// <param name="Files">The test files read, as shown to people, in path order.</param>
/// <param name="Tests">The tests, in file and document order.</param>
/// <param name="Problems">Every problem found in the files.</param>
public sealed record PolicyTestLoadResult(ImmutableArray<string> Files, ImmutableArray<PolicyTest> Tests, ImmutableArray<PolicyTestProblem> Problems)
{
    /// <summary>Gets a value indicating whether any file had a problem.</summary>
    public bool HasProblems => !Problems.IsEmpty;
}
