// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

namespace AiOpsPolicy.History.Decisions;

/// <summary>A decision read back from the decision log.</summary>
/// <param name="DecisionId">The decision's id (the run id it was recorded under).</param>
/// <param name="PolicySet">The policy set decided on.</param>
/// <param name="Decision">The decision: <c>allowed</c> or <c>blocked</c>.</param>
/// <param name="DecidedAt">The evaluation time.</param>
/// <param name="Entry">Who asked, with which bundle and evidence, and the report.</param>
public sealed record StoredDecision(string DecisionId, string PolicySet, string Decision, DateTimeOffset DecidedAt, DecisionLogEntry Entry);
