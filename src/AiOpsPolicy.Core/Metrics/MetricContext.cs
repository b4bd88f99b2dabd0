// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using AiOpsPolicy.Core.Evidence;
using AiOpsPolicy.Core.Model;

namespace AiOpsPolicy.Core.Metrics;

/// <summary>What an aggregator may read besides the records it is handed: the time, the declarations, compiled rubric checks.</summary>
/// <param name="Now">The evaluation time.</param>
/// <param name="Policies">The policy set.</param>
/// <param name="RubricCheck">
/// Evaluates one compiled rubric check (by its index across all rubrics) against a model evaluation: a function, not
/// the compiled context, so that metrics need nothing from the expressions that call them.
/// </param>
internal sealed record MetricContext(DateTimeOffset Now, PolicySet Policies, Func<int, ModelEvaluation, bool> RubricCheck)
{
    /// <summary>Resolves a window against the evaluation time.</summary>
    /// <param name="window">The window.</param>
    /// <returns>Its start (inclusive) and end (exclusive).</returns>
    public (DateTimeOffset Start, DateTimeOffset End) Resolve(Window window) => window.Resolve(Now);
}
