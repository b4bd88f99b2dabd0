// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

namespace AiOpsPolicy.Core.PolicyTests;

/// <summary>How a policy test ended.</summary>
public enum PolicyTestOutcome
{
    /// <summary>Every expectation held.</summary>
    Passed,

    /// <summary>At least one expectation did not hold.</summary>
    Failed,

    /// <summary>The test could not run: its evidence, or a gate it names, is invalid.</summary>
    Error,
}
