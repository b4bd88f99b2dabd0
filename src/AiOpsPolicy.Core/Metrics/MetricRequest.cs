// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using System.Collections.Immutable;
using AiOpsPolicy.Core.Evidence;

namespace AiOpsPolicy.Core.Metrics;

/// <summary>
/// One metric over one scope and window: the unit of sharing. Requests are records, so two gates
/// that ask for the same metric, scope and window get the same value, computed once.
/// </summary>
internal abstract record MetricRequest
{
    /// <summary>Gets the evidence kinds the metric walks; each must be present and fresh.</summary>
    public abstract ImmutableArray<EvidenceKind> Kinds { get; }

    /// <summary>
    /// Gets a value indicating whether any one of <see cref="Kinds"/> is enough (each is another form of the
    /// same evidence, such as runs listed or runs counted): absent kinds are then skipped, but a kind that is
    /// present and stale or incomplete still makes the metric insufficient. False: every kind is needed.
    /// </summary>
    public virtual bool AnyKindSuffices => false;

    /// <summary>Creates the aggregator that computes the metric.</summary>
    /// <param name="context">What the metric may read besides the walked records.</param>
    /// <returns>The aggregator.</returns>
    public abstract MetricAggregator CreateAggregator(MetricContext context);
}
