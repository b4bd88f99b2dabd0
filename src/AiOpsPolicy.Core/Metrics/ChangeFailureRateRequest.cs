// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using System.Collections.Immutable;
using System.Globalization;
using AiOpsPolicy.Core.Evaluation;
using AiOpsPolicy.Core.Evidence;
using AiOpsPolicy.Core.Units;

namespace AiOpsPolicy.Core.Metrics;

/// <summary>
/// DORA change failure rate over the successful production deployments that finished in the window, with incidents
/// attributed by DevLake's rule (<see cref="DeploymentAttribution"/>). Two definitions:
/// deployments with at least one incident / deployments (the default), or incidents / deployments.
/// </summary>
/// <param name="Service">The service (a declared workflow with its external ids, or a name as written), or null for all.</param>
/// <param name="Window">The window deployments must finish in.</param>
/// <param name="Definition">Which ratio.</param>
internal sealed record ChangeFailureRateRequest(string? Service, Window Window, ChangeFailureDefinition Definition) : MetricRequest
{
    public override ImmutableArray<EvidenceKind> Kinds => KindsRead;

    // Static, so that it takes no part in the record's equality: requests compare by their arguments.
    private static readonly ImmutableArray<EvidenceKind> KindsRead = [EvidenceKind.Incidents, EvidenceKind.Deployments];

    public override MetricAggregator CreateAggregator(MetricContext context)
    {
        var (start, end) = context.Resolve(Window);
        return new Aggregator(this, ServiceScope.Resolve(Service, context.Policies), start, end);
    }

    private sealed class Aggregator(ChangeFailureRateRequest request, ServiceScope scope, DateTimeOffset start, DateTimeOffset end) : MetricAggregator
    {
        private readonly DeploymentAttribution _attribution = new(scope);

        public override void Add(Deployment record) => _attribution.Add(record);

        public override void Add(Incident record) => _attribution.Add(record);

        public override MetricValue Complete()
        {
            var withIncident = request.Definition == ChangeFailureDefinition.IncidentsPerDeployment ? "incidents-per-deployment" : null;
            var name = MetricText.Scope("ChangeFailureRate", request.Service, withIncident);
            var inWindow = _attribution.Deployments.Where(d => d.FinishedAt >= start && d.FinishedAt < end).Select(d => d.Id).ToHashSet(StringComparer.Ordinal);
            var deployments = inWindow.Count;
            if (deployments == 0)
            {
                return MetricValue.Insufficient(name, QuantityKind.Percentage, $"no successful production deployment{scope.Of()} finished in {request.Window.Describe()}");
            }

            var perDeployment = _attribution.Attribute()
                .Where(a => a.Deployment is { } d && inWindow.Contains(d.Id))
                .GroupBy(a => a.Deployment!.Id, StringComparer.Ordinal)
                .Select(g => (Id: g.Key, Incidents: g.Count()))
                .ToList();
            var incidents = perDeployment.Sum(p => p.Incidents);
            var failed = perDeployment.Count;
            var numerator = request.Definition == ChangeFailureDefinition.IncidentsPerDeployment ? incidents : failed;
            var value = (double)numerator / deployments;
            var failing = perDeployment.OrderByDescending(p => p.Incidents).ThenBy(p => p.Id, StringComparer.Ordinal).Select(p => p.Id).Take(MetricText.FailingSample);
            var share = UnitFormat.Percentage(value);
            var counts = string.Create(CultureInfo.InvariantCulture, $"({numerator}/{deployments})");
            var explanation = request.Definition == ChangeFailureDefinition.IncidentsPerDeployment
                ? $"{share}: {incidents} incident(s) attributed to the {deployments} successful production deployment(s){scope.Of()} that finished in {request.Window.Describe()} {counts}; incidents per deployment, each incident attributed to the latest such deployment finished before it opened"
                : $"{share} of {deployments} successful production deployment(s){scope.Of()} that finished in {request.Window.Describe()} were followed by an incident {counts}; each incident attributed to the latest such deployment finished before it opened ({incidents} incident(s))";
            return MetricValue.Of(name, QuantityKind.Percentage, value, explanation) with
            {
                Numerator = numerator,
                Denominator = deployments,
                SampleSize = deployments,
                FailingRecords = [.. failing],
            };
        }
    }
}
