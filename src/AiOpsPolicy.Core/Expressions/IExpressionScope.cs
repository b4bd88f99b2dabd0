// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using AiOpsPolicy.Core.Evidence;
using AiOpsPolicy.Core.Metrics;
using AiOpsPolicy.Core.Model;

namespace AiOpsPolicy.Core.Expressions;

/// <summary>
/// The run a <see cref="PolicyContext"/> is bound to, as expressions need it: the evaluation time, the declarations,
/// metrics and evidence records. The evaluator implements it (<c>Evaluation/EvaluationScope</c>); declaring it here,
/// not there, keeps the arrow from the evaluator to the context one way.
/// </summary>
internal interface IExpressionScope
{
    /// <summary>Gets the evaluation time.</summary>
    DateTimeOffset Now { get; }

    /// <summary>Gets the policy set.</summary>
    PolicySet Policies { get; }

    /// <summary>Gets a metric for the current gate, computed once per run and shared.</summary>
    /// <param name="request">The metric, scope and window.</param>
    /// <returns>The value.</returns>
    MetricValue Metric(MetricRequest request);

    /// <summary>Gets a kind's records after checking that the kind is present and fresh enough.</summary>
    /// <typeparam name="T">The kind's record type.</typeparam>
    /// <param name="kind">The kind.</param>
    /// <returns>The records.</returns>
    /// <exception cref="InsufficientEvidenceException">The kind is absent, incomplete or stale.</exception>
    IReadOnlyList<T> Require<T>(EvidenceKind kind)
        where T : EvidenceRecord;
}
