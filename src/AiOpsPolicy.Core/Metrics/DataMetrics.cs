// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using AiOpsPolicy.Core.Evaluation;
using AiOpsPolicy.Core.Evidence;
using AiOpsPolicy.Core.Model;
using AiOpsPolicy.Core.Units;

namespace AiOpsPolicy.Core.Metrics;

/// <summary>Data and systems: integration health.</summary>
internal static class DataMetrics
{
    public static MetricValue IntegrationHealth(EvaluationScope scope, Window window)
    {
        const string Name = "IntegrationHealth";
        return scope.Metric($"{Name}|{window}", () =>
        {
            var critical = scope.Policies.Connectors.Where(c => c.Critical).OrderBy(c => c.Name, StringComparer.Ordinal).ToList();
            if (critical.Count == 0)
            {
                return MetricValue.Insufficient(Name, QuantityKind.Percentage, "no connector is declared critical, so there is no integration health to measure");
            }

            var checks = scope.Require<ConnectorCheck>(EvidenceKind.ConnectorChecks);
            var (start, end) = window.Resolve(scope.Now);
            var first = DateOnly.FromDateTime(start.UtcDateTime);
            var last = DateOnly.FromDateTime(end.UtcDateTime);
            var failing = new List<string>();
            var reasons = new List<string>();
            foreach (var connector in critical)
            {
                var days = checks
                    .Where(c => c.Connector == connector.Name && c.Day >= first && c.Day < last)
                    .OrderBy(c => c.Day)
                    .ToList();
                var problem = days.Count == 0 ? "no daily check recorded" : FirstFailure(connector, days, checks);
                if (problem is not null)
                {
                    failing.Add(connector.Name);
                    reasons.Add($"{connector.Name}: {problem}");
                }
            }

            var passing = critical.Count - failing.Count;
            var share = (double)passing / critical.Count;
            var detail = reasons.Count == 0 ? string.Empty : "; failing: " + string.Join("; ", reasons.Take(MetricText.FailingSample));
            return MetricValue.Of(Name, QuantityKind.Percentage, share, $"{passing} of {critical.Count} critical connectors passed every daily check in {window.Describe()}{detail}")
                with
            {
                Numerator = passing,
                Denominator = critical.Count,
                SampleSize = critical.Count,
                FailingRecords = MetricText.Sample(failing),
            };
        });
    }

    /// <summary>The first failed check of a connector, in day order, or null when every day passed.</summary>
    private static string? FirstFailure(Connector connector, List<ConnectorCheck> days, IReadOnlyList<ConnectorCheck> all)
    {
        var limits = connector.Checks;
        foreach (var day in days)
        {
            var date = day.Day.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
            if (limits.Auth && !day.AuthValid)
            {
                return $"authentication invalid on {date}";
            }

            var expectedHash = limits.SchemaHash ?? all
                .Where(c => c.Connector == connector.Name && c.Day < day.Day && c.SchemaHash is not null)
                .OrderByDescending(c => c.Day)
                .Select(c => c.SchemaHash)
                .FirstOrDefault();
            if (expectedHash is not null && day.SchemaHash is not null && day.SchemaHash != expectedHash)
            {
                return $"schema changed on {date} ({day.SchemaHash} instead of {expectedHash})";
            }

            if (limits.MaxLatency is { } maxLatency && day.LatencyMs > maxLatency.TotalMilliseconds)
            {
                return $"latency {UnitFormat.Number(day.LatencyMs)}ms over {UnitFormat.Duration(maxLatency)} on {date}";
            }

            if (limits.MaxErrorRate is { } maxError && day.ErrorRate > maxError)
            {
                return $"error rate {UnitFormat.Percentage(day.ErrorRate)} over {UnitFormat.Percentage(maxError)} on {date}";
            }

            if (limits.MinDeliveredRatio is { } minRatio && day.RowsExpected > 0)
            {
                var ratio = (double)day.RowsDelivered / day.RowsExpected;
                if (ratio < minRatio)
                {
                    return $"silent partial load on {date}: {day.RowsDelivered:N0} of {day.RowsExpected:N0} rows ({UnitFormat.Percentage(ratio)}, minimum {UnitFormat.Percentage(minRatio)})";
                }
            }
        }

        return null;
    }
}
