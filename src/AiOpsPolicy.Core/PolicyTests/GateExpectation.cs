// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using AiOpsPolicy.Core.Results;
using AiOpsPolicy.Core.Text;

namespace AiOpsPolicy.Core.PolicyTests;

/// <summary>The status a gate must end with.</summary>
/// <param name="Gate">The gate's name.</param>
/// <param name="Status">The expected status.</param>
/// <param name="Location">Where the expectation is written.</param>
public sealed record GateExpectation(string Gate, GateStatus Status, SourceLocation Location);
