// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

namespace AiOpsPolicy.Reporting.Review;

/// <summary>Which way each metric of the library should move: the review colours a change by it.</summary>
public static class MetricDirection
{
    private static readonly HashSet<string> _higherIsBetter = new(StringComparer.Ordinal)
    {
        "SlaAttainment", "IntegrationHealth", "Roi", "CostSavings", "WorkRemoved", "DeploymentFrequency", "Throughput", "ThroughputChange",
        "RaiScorecard", "ComplianceCoverage", "AlertsTriagedWithin", "PilotConversion", "AgentSuccess",
    };

    private static readonly HashSet<string> _lowerIsBetter = new(StringComparer.Ordinal)
    {
        "IncidentRate", "TimeToRecover", "TimeToDiagnose", "TimeToFix", "Freshness", "StaleShare",
        "FragmentationIndex", "Handoffs", "DuplicateSources", "MonitoringGap", "TimeToDeploy",
        "ChangeFailureRate", "FailedDeploymentRecoveryTime",
    };

    /// <summary>Whether a higher value of a metric is better.</summary>
    /// <param name="metric">The metric, with or without its scope (<c>SlaAttainment(a, b)</c>).</param>
    /// <returns>True when up is good, false when down is good, null when the library does not say (a change is then shown without judgement).</returns>
    public static bool? HigherIsBetter(string metric)
    {
        ArgumentNullException.ThrowIfNull(metric);
        var name = MetricGroups.BareName(metric);
        return _higherIsBetter.Contains(name) ? true : _lowerIsBetter.Contains(name) ? false : null;
    }

    /// <summary>Judges a change of a metric.</summary>
    /// <param name="metric">The metric.</param>
    /// <param name="delta">This figure minus the previous one.</param>
    /// <returns>The judgement.</returns>
    public static ChangeTone Judge(string metric, double delta)
    {
        if (Math.Abs(delta) < 1e-9)
        {
            return ChangeTone.Flat;
        }

        return HigherIsBetter(metric) switch
        {
            true => delta > 0 ? ChangeTone.Better : ChangeTone.Worse,
            false => delta < 0 ? ChangeTone.Better : ChangeTone.Worse,
            null => ChangeTone.Neutral,
        };
    }
}

/// <summary>How a change reads.</summary>
public enum ChangeTone
{
    /// <summary>No change, or no previous figure.</summary>
    Flat,

    /// <summary>The metric moved the way it should.</summary>
    Better,

    /// <summary>The metric moved the wrong way.</summary>
    Worse,

    /// <summary>The metric moved, and no direction is known for it.</summary>
    Neutral,
}
