// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using System.Globalization;
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
internal sealed record ChangeFailureRateRequest(string? Service, Window Window, ChangeFailureDefinition Definition) : AttributedIncidentsRequest(Service, Window)
{
    protected override MetricValue Complete(DeploymentAttribution attribution, ServiceScope scope, DateTimeOffset start, DateTimeOffset end)
    {
        var withIncident = Definition == ChangeFailureDefinition.IncidentsPerDeployment ? "incidents-per-deployment" : null;
        var name = MetricText.Scope("ChangeFailureRate", Service, withIncident);
        var inWindow = attribution.Releases().Where(r => r.FinishedAt >= start && r.FinishedAt < end).Select(r => r.Id).ToHashSet(StringComparer.Ordinal);
        var deployments = inWindow.Count;
        if (deployments == 0)
        {
            return MetricValue.Insufficient(name, QuantityKind.Percentage, $"no successful production deployment{scope.Of()} finished in {Window.Describe()}");
        }

        var perDeployment = attribution.Attribute()
            .Where(a => a.Deployment is { } d && inWindow.Contains(d.ReleaseId))
            .GroupBy(a => a.Deployment!.ReleaseId, StringComparer.Ordinal)
            .Select(g => (Id: g.Key, Incidents: g.Select(a => a.Incident.Id).Order(StringComparer.Ordinal).ToList()))
            .OrderByDescending(p => p.Incidents.Count)
            .ThenBy(p => p.Id, StringComparer.Ordinal)
            .ToList();
        var incidents = perDeployment.Sum(p => p.Incidents.Count);
        var failed = perDeployment.Count;
        var numerator = Definition == ChangeFailureDefinition.IncidentsPerDeployment ? incidents : failed;
        var value = (double)numerator / deployments;
        var share = UnitFormat.Percentage(value);
        var counts = string.Create(CultureInfo.InvariantCulture, $"({numerator}/{deployments})");

        // Which incident went to which deployment is the rule's whole effect: show it, so that a reader can
        // check it against the source tool.
        var attributed = perDeployment.Count == 0 ? string.Empty : "; attributed: " + string.Join("; ", perDeployment.Take(MetricText.FailingSample).Select(p =>
            $"{p.Id} <- {string.Join(", ", p.Incidents.Take(MetricText.FailingSample))}{(p.Incidents.Count > MetricText.FailingSample ? $" and {p.Incidents.Count - MetricText.FailingSample} more" : string.Empty)}"));
        var explanation = Definition == ChangeFailureDefinition.IncidentsPerDeployment
            ? $"{share}: {incidents} incident(s) attributed to the {deployments} successful production deployment(s){scope.Of()} that finished in {Window.Describe()} {counts}; incidents per deployment, each incident attributed to the latest such deployment finished before it opened{attributed}"
            : $"{share} of {deployments} successful production deployment(s){scope.Of()} that finished in {Window.Describe()} were followed by an incident {counts}; each incident attributed to the latest such deployment finished before it opened ({incidents} incident(s)){attributed}";
        return MetricValue.Of(name, QuantityKind.Percentage, value, explanation) with
        {
            Numerator = numerator,
            Denominator = deployments,
            SampleSize = deployments,
            FailingRecords = [.. perDeployment.Select(p => p.Id).Take(MetricText.FailingSample)],
        };
    }
}
