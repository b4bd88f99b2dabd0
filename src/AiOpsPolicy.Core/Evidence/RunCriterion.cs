// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using System.Collections.Immutable;

namespace AiOpsPolicy.Core.Evidence;

/// <summary>
/// Which workflow runs an aggregator counts and which of them miss a target, in terms a query engine can apply
/// (a metric aggregator's run criteria): the runs of one workflow and step (or, with <see cref="AnyStep"/>,
/// of every step) placed in [<see cref="StartTicks"/>, <see cref="EndTicks"/>); a run misses when it took longer
/// than <see cref="TimeTicks"/> or its outcome is not <see cref="Quality"/>.
/// </summary>
/// <param name="Workflow">The workflow.</param>
/// <param name="Step">The step; null for whole runs (ignored with <see cref="AnyStep"/>).</param>
/// <param name="AnyStep">Every step's runs (step not null), counted only: no target.</param>
/// <param name="StartTicks">The window's start, UTC ticks, inclusive.</param>
/// <param name="EndTicks">The window's end, UTC ticks, exclusive.</param>
/// <param name="TimeTicks">The time target in ticks (a run taking longer misses), or null.</param>
/// <param name="Quality">The outcome a run must have, or null.</param>
/// <param name="ByStart">True when a run's start places it in the window; false (the default) when its end does.</param>
internal sealed record RunCriterion(string Workflow, string? Step, bool AnyStep, long StartTicks, long EndTicks, long? TimeTicks, string? Quality, bool ByStart = false);

/// <summary>What a query engine counted for one <see cref="RunCriterion"/>.</summary>
/// <param name="Listed">The runs placed in the window.</param>
/// <param name="Missed">Those that missed a target.</param>
/// <param name="MissedSample">The smallest ids of those that missed, at most five (the explanations' sample).</param>
internal sealed record RunTally(long Listed, long Missed, ImmutableArray<string> MissedSample);
