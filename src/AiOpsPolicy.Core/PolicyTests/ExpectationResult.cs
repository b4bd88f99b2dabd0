// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using AiOpsPolicy.Core.Text;

namespace AiOpsPolicy.Core.PolicyTests;

/// <summary>One expectation of a test, checked.</summary>
/// <param name="Gate">The gate.</param>
/// <param name="Aspect"><c>status</c> or <c>value</c>.</param>
/// <param name="Expected">What was expected, as written.</param>
/// <param name="Actual">What the gate came out as.</param>
/// <param name="Held">Whether the expectation held.</param>
/// <param name="Location">Where the expectation is written.</param>
public sealed record ExpectationResult(string Gate, string Aspect, string Expected, string Actual, bool Held, SourceLocation Location);
