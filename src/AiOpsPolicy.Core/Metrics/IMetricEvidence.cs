// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using AiOpsPolicy.Core.Evidence;

namespace AiOpsPolicy.Core.Metrics;

/// <summary>
/// What the <see cref="MetricEngine"/> reads from a run: the evidence to walk and whether a metric's evidence is
/// usable (present, complete and fresh). Narrow on purpose: the engine knows nothing of gates, contexts or budgets.
/// </summary>
internal interface IMetricEvidence
{
    /// <summary>Gets the run's evidence.</summary>
    EvidenceSet Evidence { get; }

    /// <summary>Why a metric's evidence cannot be used, or null when it can.</summary>
    /// <param name="request">The metric.</param>
    /// <returns>The reason, for the metric's insufficient-evidence explanation, or null.</returns>
    string? Insufficiency(MetricRequest request);
}
