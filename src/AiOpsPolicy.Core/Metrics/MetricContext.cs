// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using AiOpsPolicy.Core.Evaluation;
using AiOpsPolicy.Core.Model;

namespace AiOpsPolicy.Core.Metrics;

/// <summary>What an aggregator may read besides the records it is handed: the time, the declarations, compiled rubric checks.</summary>
/// <param name="Now">The evaluation time.</param>
/// <param name="Policies">The policy set.</param>
/// <param name="Context">The compiled policy context, for rubric predicates.</param>
internal sealed record MetricContext(DateTimeOffset Now, PolicySet Policies, PolicyContext Context)
{
    /// <summary>Resolves a window against the evaluation time.</summary>
    /// <param name="window">The window.</param>
    /// <returns>Its start (inclusive) and end (exclusive).</returns>
    public (DateTimeOffset Start, DateTimeOffset End) Resolve(Window window) => window.Resolve(Now);
}
