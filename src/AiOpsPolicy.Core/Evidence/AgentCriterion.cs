// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using System.Collections.Immutable;

namespace AiOpsPolicy.Core.Evidence;

/// <summary>
/// Which agent runs an aggregator counts, in terms a query engine can apply (a metric aggregator's agent criteria):
/// the runs of one workflow (or of every workflow) placed in [<see cref="StartTicks"/>, <see cref="EndTicks"/>) by
/// their completion or, with <see cref="ByStart"/>, by their start. A run fails when its outcome was not correct
/// (wrong) or a human stepped in (rescued).
/// </summary>
/// <param name="Workflow">The workflow, or null for every workflow.</param>
/// <param name="StartTicks">The window's start, UTC ticks, inclusive.</param>
/// <param name="EndTicks">The window's end, UTC ticks, exclusive.</param>
/// <param name="ByStart">True when a run's start places it in the window; false when its completion does.</param>
internal sealed record AgentCriterion(string? Workflow, long StartTicks, long EndTicks, bool ByStart);

/// <summary>What a query engine counted for one <see cref="AgentCriterion"/>.</summary>
/// <param name="Listed">The runs placed in the window.</param>
/// <param name="Wrong">Those whose outcome was not correct.</param>
/// <param name="Rescued">Those correct only because a human stepped in.</param>
/// <param name="NoStart">With <see cref="AgentCriterion.ByStart"/>: runs with no start that completed in the window (not placed); else 0.</param>
/// <param name="FailedSample">The smallest ids of the wrong and rescued runs, at most five (the explanations' sample).</param>
internal sealed record AgentTally(long Listed, long Wrong, long Rescued, long NoStart, ImmutableArray<string> FailedSample);
