// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using AiOpsPolicy.Core.Results;
using AiOpsPolicy.Core.Units;

namespace AiOpsPolicy.Reporting;

/// <summary>One group of metrics as the report charts them.</summary>
/// <param name="Id">A stable id for the group, used in element ids.</param>
/// <param name="Title">The group's heading.</param>
/// <param name="Metrics">The metric names that belong to it.</param>
internal sealed record MetricGroup(string Id, string Title, string[] Metrics);

/// <summary>Sorts gates into the report's metric groups and reads numbers back out of formatted bounds.</summary>
internal static class MetricGroups
{
    /// <summary>The group of gates whose metrics belong to none of the named groups.</summary>
    public static readonly MetricGroup Other = new("other", "Other measures", []);

    /// <summary>The named groups, in the order the report shows them.</summary>
    public static readonly MetricGroup[] Named =
    [
        new("reliability", "Reliability", ["SlaAttainment", "IncidentRate", "TimeToRecover", "TimeToDiagnose", "TimeToFix"]),
        new("data-and-systems", "Data and systems", ["Freshness", "StaleShare", "IntegrationHealth", "FragmentationIndex", "Handoffs", "DuplicateSources"]),
        new("value", "Value", ["Roi", "CostSavings", "WorkRemoved", "Throughput", "ThroughputChange"]),
        new("risk", "Risk", ["RaiScorecard", "ComplianceCoverage", "MonitoringGap", "AlertsTriagedWithin"]),
        new("scale", "Scale", ["PilotConversion", "TimeToDeploy", "DeploymentFrequency", "ChangeFailureRate", "FailedDeploymentRecoveryTime", "AgentSuccess"]),
    ];

    /// <summary>The metric's name without its scope: <c>SlaAttainment(a, b)</c> gives <c>SlaAttainment</c>.</summary>
    /// <param name="metric">The metric as a result names it.</param>
    /// <returns>The bare name.</returns>
    public static string BareName(string metric)
    {
        var open = metric.IndexOf('(', StringComparison.Ordinal);
        return (open >= 0 ? metric[..open] : metric).Trim();
    }

    /// <summary>The arguments of a metric's scope: <c>SlaAttainment(a, b)</c> gives <c>a</c> and <c>b</c>.</summary>
    /// <param name="metric">The metric as a result names it.</param>
    /// <returns>The arguments, trimmed; empty when it has none.</returns>
    public static string[] Arguments(string metric)
    {
        var open = metric.IndexOf('(', StringComparison.Ordinal);
        var close = metric.LastIndexOf(')');
        if (open < 0 || close <= open + 1)
        {
            return [];
        }

        return metric[(open + 1)..close].Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
    }

    /// <summary>The group a gate is charted in: that of its first metric with a named group.</summary>
    /// <param name="gate">The gate's result.</param>
    /// <returns>The group; <see cref="Other"/> when none matches.</returns>
    public static MetricGroup GroupOf(GateResult gate)
    {
        foreach (var metric in gate.Metrics)
        {
            var name = BareName(metric.Metric);
            foreach (var group in Named)
            {
                if (Array.IndexOf(group.Metrics, name) >= 0)
                {
                    return group;
                }
            }
        }

        return Other;
    }

    /// <summary>Reads the numbers back out of a bound as results format it (<c>&gt;= 95%</c>, <c>&lt;= 1h</c>, <c>between 1 and 2</c>).</summary>
    /// <param name="bound">The formatted bound.</param>
    /// <returns>The lowest and highest passing magnitudes, in the observed value's unit; null where absent or unreadable.</returns>
    public static (double? Min, double? Max) ParseBound(string? bound)
    {
        if (string.IsNullOrWhiteSpace(bound))
        {
            return (null, null);
        }

        var text = bound.Trim();
        if (text.StartsWith(">=", StringComparison.Ordinal))
        {
            return (Magnitude(text[2..]), null);
        }

        if (text.StartsWith("<=", StringComparison.Ordinal))
        {
            return (null, Magnitude(text[2..]));
        }

        const string Between = "between ";
        var and = text.IndexOf(" and ", StringComparison.Ordinal);
        if (text.StartsWith(Between, StringComparison.Ordinal) && and > Between.Length)
        {
            return (Magnitude(text[Between.Length..and]), Magnitude(text[(and + 5)..]));
        }

        return (null, null);
    }

    /// <summary>A share a metric reports: its numerator over its denominator, else its formatted percentage.</summary>
    /// <param name="metric">The metric.</param>
    /// <returns>The share, or null when it has none.</returns>
    public static double? Share(MetricResult metric)
    {
        if (metric.Numerator is { } n && metric.Denominator is { } d && d > 0)
        {
            return n / d;
        }

        return UnitParser.TryParsePercentage(metric.Value.Trim(), out var fraction) ? fraction : null;
    }

    private static double? Magnitude(string text) =>
        UnitParser.TryParseQuantity(text.Trim(), out var quantity) ? quantity.Magnitude : null;
}
