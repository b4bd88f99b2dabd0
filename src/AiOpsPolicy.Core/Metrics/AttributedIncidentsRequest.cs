// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using System.Collections.Immutable;
using AiOpsPolicy.Core.Evidence;

namespace AiOpsPolicy.Core.Metrics;

/// <summary>
/// A DORA metric over incidents attributed to deployments by DevLake's rule (<see cref="DeploymentAttribution"/>):
/// the setup they share. It reads incidents and deployments, resolves the service scope and the window, and hands
/// both kinds to one attribution while they are walked; the metric itself is computed from it once, at the end.
/// </summary>
/// <param name="Service">The service (a declared workflow with its external ids, or a name as written), or null for all.</param>
/// <param name="Window">The window.</param>
internal abstract record AttributedIncidentsRequest(string? Service, Window Window) : MetricRequest
{
    // Static, so that it takes no part in the record's equality: requests compare by their arguments.
    private static readonly ImmutableArray<EvidenceKind> KindsRead = [EvidenceKind.Incidents, EvidenceKind.Deployments];

    public sealed override ImmutableArray<EvidenceKind> Kinds => KindsRead;

    public sealed override MetricAggregator CreateAggregator(MetricContext context)
    {
        var (start, end) = context.Resolve(Window);
        return new Aggregator(this, ServiceScope.Resolve(Service, context.Policies), start, end);
    }

    /// <summary>Computes the metric once every deployment and incident of the scope has been read.</summary>
    /// <param name="attribution">The deployments and incidents of the scope, ready to attribute.</param>
    /// <param name="scope">The service scope, for explanations.</param>
    /// <param name="start">The window's start (included).</param>
    /// <param name="end">The window's end (excluded).</param>
    /// <returns>The value.</returns>
    protected abstract MetricValue Complete(DeploymentAttribution attribution, ServiceScope scope, DateTimeOffset start, DateTimeOffset end);

    private sealed class Aggregator(AttributedIncidentsRequest request, ServiceScope scope, DateTimeOffset start, DateTimeOffset end) : MetricAggregator
    {
        private readonly DeploymentAttribution _attribution = new(scope);

        public override void Add(Deployment record) => _attribution.Add(record);

        public override void Add(Incident record) => _attribution.Add(record);

        public override MetricValue Complete() => request.Complete(_attribution, scope, start, end);
    }
}
