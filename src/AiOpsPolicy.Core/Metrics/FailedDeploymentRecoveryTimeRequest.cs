// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using System.Collections.Immutable;
using AiOpsPolicy.Core.Evaluation;
using AiOpsPolicy.Core.Evidence;
using AiOpsPolicy.Core.Units;

namespace AiOpsPolicy.Core.Metrics;

/// <summary>
/// DORA failed-deployment recovery time, as DevLake's dashboard computes it: for each recovered incident attributed
/// to a successful production deployment (<see cref="DeploymentAttribution"/>), the time from that deployment's
/// finish to the incident's recovery. Incidents are placed in the window by their recovery (the default) or their
/// detection. Unattributed and open incidents are left out and counted.
/// </summary>
/// <param name="Service">The service, or null for all.</param>
/// <param name="Window">The window.</param>
/// <param name="Aggregation">How the durations are summarised.</param>
/// <param name="Rounding">How each duration is rounded.</param>
/// <param name="Placement">Which instant of an incident places it in the window.</param>
internal sealed record FailedDeploymentRecoveryTimeRequest(string? Service, Window Window, Aggregation Aggregation, DurationRounding Rounding, WindowPlacement Placement) : MetricRequest
{
    public override ImmutableArray<EvidenceKind> Kinds => KindsRead;

    // Static, so that it takes no part in the record's equality: requests compare by their arguments.
    private static readonly ImmutableArray<EvidenceKind> KindsRead = [EvidenceKind.Incidents, EvidenceKind.Deployments];

    public override MetricAggregator CreateAggregator(MetricContext context)
    {
        var (start, end) = context.Resolve(Window);
        return new Aggregator(this, ServiceScope.Resolve(Service, context.Policies), start, end);
    }

    private sealed class Aggregator(FailedDeploymentRecoveryTimeRequest request, ServiceScope scope, DateTimeOffset start, DateTimeOffset end) : MetricAggregator
    {
        private readonly DeploymentAttribution _attribution = new(scope);

        public override void Add(Deployment record) => _attribution.Add(record);

        public override void Add(Incident record) => _attribution.Add(record);

        public override MetricValue Complete()
        {
            var name = MetricText.Scope("FailedDeploymentRecoveryTime", request.Service, request.Aggregation.ToString());
            var durations = new List<(string Id, double Seconds)>();
            int open = 0, unattributed = 0;
            foreach (var (incident, deployment) in _attribution.Attribute())
            {
                var placedAt = request.Placement == WindowPlacement.End ? incident.RecoveredAt : incident.DetectedAt;
                if (placedAt is not { } at || at < start || at >= end)
                {
                    // Placed by recovery, an open incident is in no window.
                    continue;
                }

                if (incident.RecoveredAt is not { } recovered)
                {
                    open++;
                }
                else if (deployment is null)
                {
                    unattributed++;
                }
                else
                {
                    durations.Add((incident.Id, request.Rounding.Round((recovered - deployment.FinishedAt).TotalSeconds)));
                }
            }

            var notes = new List<string>();
            if (open > 0)
            {
                notes.Add($"{open} still open (not counted)");
            }

            if (unattributed > 0)
            {
                notes.Add($"{unattributed} with no successful production deployment before them (not counted)");
            }

            var note = (notes.Count > 0 ? "; " + string.Join("; ", notes) : string.Empty) + request.Rounding.Note();
            var placed = request.Placement == WindowPlacement.End ? "recovered" : "detected";
            if (durations.Count == 0)
            {
                return MetricValue.Insufficient(name, QuantityKind.Duration, $"no incident{scope.Of()} attributed to a deployment {placed} in {request.Window.Describe()}{note}");
            }

            var value = request.Aggregation.Apply([.. durations.Select(d => d.Seconds)]);
            var slowest = durations.OrderByDescending(d => d.Seconds).ThenBy(d => d.Id, StringComparer.Ordinal).Select(d => d.Id).Take(MetricText.FailingSample);
            return MetricValue.Of(name, QuantityKind.Duration, value, $"{request.Aggregation} {UnitFormat.Duration(TimeSpan.FromSeconds(value))} from the failed deployment's finish to recovery over {durations.Count} incident(s){scope.Of()} {placed} in {request.Window.Describe()}{note}")
                with
            {
                SampleSize = durations.Count,
                FailingRecords = [.. slowest],
            };
        }
    }
}
