// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

namespace AiOpsPolicy.History;

/// <summary>One finding a run reported.</summary>
/// <param name="Name">The rule that produced it.</param>
/// <param name="Message">What was found.</param>
/// <param name="Group">The metric group, if known.</param>
/// <param name="Owner">Who owns the rule, if declared.</param>
public sealed record FindingRecord(string Name, string Message, string? Group, string? Owner);
