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
        var inWindow = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (release, finished) in attribution.ReleaseFinishes())
        {
            if (finished >= start && finished < end)
            {
                inWindow.Add(release);
            }
        }

        var deployments = inWindow.Count;
        if (deployments == 0)
        {
            return MetricValue.Insufficient(name, QuantityKind.Percentage, $"no successful production deployment{scope.Of()} finished in {Window.Describe()}");
        }

        // Each release with its incidents (ordinal order); the releases with most incidents first, then by id.
        var byRelease = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var (incident, deployment) in attribution.Attribute())
        {
            if (deployment is not null && inWindow.Contains(deployment.ReleaseId))
            {
                if (!byRelease.TryGetValue(deployment.ReleaseId, out var ids))
                {
                    byRelease[deployment.ReleaseId] = ids = [];
                }

                ids.Add(incident.Id);
            }
        }

        var perDeployment = new List<AttributedRelease>(byRelease.Count);
        foreach (var (release, ids) in byRelease)
        {
            ids.Sort(StringComparer.Ordinal);
            perDeployment.Add(new AttributedRelease(release, ids));
        }

        perDeployment.Sort(static (a, b) => a.Incidents.Count != b.Incidents.Count ? b.Incidents.Count.CompareTo(a.Incidents.Count) : string.CompareOrdinal(a.Id, b.Id));
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

    /// <summary>A release and the incidents attributed to it.</summary>
    /// <param name="Id">The release.</param>
    /// <param name="Incidents">The incidents' ids, in ordinal order.</param>
    private sealed record AttributedRelease(string Id, List<string> Incidents);
}
