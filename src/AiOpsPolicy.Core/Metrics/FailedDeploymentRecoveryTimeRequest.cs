// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

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
internal sealed record FailedDeploymentRecoveryTimeRequest(string? Service, Window Window, Aggregation Aggregation, DurationRounding Rounding, WindowPlacement Placement) : AttributedIncidentsRequest(Service, Window)
{
    protected override MetricValue Complete(DeploymentAttribution attribution, ServiceScope scope, DateTimeOffset start, DateTimeOffset end)
    {
        var name = MetricText.Scope("FailedDeploymentRecoveryTime", Service, Aggregation.ToString());
        var durations = new List<(string Id, double Seconds)>();
        int open = 0, unattributed = 0;
        foreach (var (incident, deployment) in attribution.Attribute())
        {
            var placedAt = Placement == WindowPlacement.End ? incident.RecoveredAt : incident.DetectedAt;
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
                durations.Add((incident.Id, Rounding.Round((recovered - deployment.FinishedAt).TotalSeconds)));
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

        var note = (notes.Count > 0 ? "; " + string.Join("; ", notes) : string.Empty) + Rounding.Note();
        var placed = Placement == WindowPlacement.End ? "recovered" : "detected";
        if (durations.Count == 0)
        {
            return MetricValue.Insufficient(name, QuantityKind.Duration, $"no incident{scope.Of()} attributed to a deployment {placed} in {Window.Describe()}{note}");
        }

        var value = Aggregation.Apply([.. durations.Select(d => d.Seconds)]);
        var slowest = MetricText.Worst(durations);
        return MetricValue.Of(name, QuantityKind.Duration, value, $"{Aggregation} {UnitFormat.Duration(TimeSpan.FromSeconds(value))} from the failed deployment's finish to recovery over {durations.Count} incident(s){scope.Of()} {placed} in {Window.Describe()}{note}")
            with
        {
            SampleSize = durations.Count,
            FailingRecords = [.. slowest],
        };
    }
}
