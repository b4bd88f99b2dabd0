// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

namespace AiOpsPolicy.Core.Evidence;

/// <summary>
/// What a gate run will ask of workflow runs kept in a query engine, known once its policies are compiled and before its
/// evidence is checked: the evaluation time and the run criteria of every planned metric (the compiled metric plan
/// and the roll-ups). The engine's check of the runs can then group them, in the same scan, into the classes the
/// tally reads (src/AiOpsPolicy.Warehouse/DuckDb/RunClasses.cs), instead of scanning them again for the tally. A
/// hint only: a tally whose criteria the classes do not answer is queried as before, so results never depend on it.
/// </summary>
/// <remarks>Made by <see cref="PolicyEngine.PlanPushDown"/> from a compiled policy set.</remarks>
public sealed class PushDownPlan
{
    internal PushDownPlan(DateTimeOffset asOf, IReadOnlyList<RunCriterion> runCriteria)
    {
        AsOf = asOf;
        RunCriteria = runCriteria;
    }

    /// <summary>Gets the evaluation time: the runs are tallied as they stood then.</summary>
    internal DateTimeOffset AsOf { get; }

    /// <summary>Gets the run criteria of every planned metric, in plan order (repeats removed).</summary>
    internal IReadOnlyList<RunCriterion> RunCriteria { get; }
}
