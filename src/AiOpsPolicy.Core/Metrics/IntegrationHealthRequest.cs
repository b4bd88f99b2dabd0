// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using System.Collections.Immutable;
using System.Globalization;
using AiOpsPolicy.Core.Evidence;
using AiOpsPolicy.Core.Model;
using AiOpsPolicy.Core.Units;

namespace AiOpsPolicy.Core.Metrics;

/// <summary>
/// Metric 5, integration health: the share of critical connectors whose every daily check on a day
/// in the window passed: authentication valid, schema hash as declared (or unchanged from the
/// previous check), latency and error rate within thresholds, and rows delivered not short of rows
/// expected beyond the tolerance, so a "green" connector that silently delivers partial data fails.
/// A critical connector with no check in the window fails too: nobody looked.
/// </summary>
/// <param name="Window">The window (whole UTC days whose date falls in it).</param>
internal sealed record IntegrationHealthRequest(Window Window) : MetricRequest
{
    public override ImmutableArray<EvidenceKind> Kinds => KindsRead;

    // Static, so that it takes no part in the record's equality: requests compare by their arguments.
    private static readonly ImmutableArray<EvidenceKind> KindsRead = [EvidenceKind.ConnectorChecks];

    public override MetricAggregator CreateAggregator(MetricContext context)
    {
        var critical = context.Policies.Connectors.Where(c => c.Critical).OrderBy(c => c.Name, StringComparer.Ordinal).ToList();
        var (start, end) = context.Resolve(Window);
        var firstDay = DateOnly.FromDateTime(start.UtcDateTime);
        var wholeFirst = start.UtcDateTime.TimeOfDay == TimeSpan.Zero ? firstDay : firstDay.AddDays(1);
        return new Aggregator(this, critical, firstDay, wholeFirst, DateOnly.FromDateTime(end.UtcDateTime));
    }

    private sealed class Aggregator(IntegrationHealthRequest request, List<Connector> critical, DateOnly first, DateOnly wholeFirst, DateOnly last) : MetricAggregator
    {
        private readonly Dictionary<string, List<ConnectorCheck>> _checks = critical.ToDictionary(c => c.Name, _ => new List<ConnectorCheck>(), StringComparer.Ordinal);

        public override void Add(ConnectorCheck record)
        {
            // Every check of a critical connector is kept, not only the window's: the day before the
            // window supplies the schema hash the first day is compared with.
            if (_checks.TryGetValue(record.Connector, out var list) && record.Day < last)
            {
                list.Add(record);
            }
        }

        public override MetricValue Complete()
        {
            const string Name = "IntegrationHealth";
            if (critical.Count == 0)
            {
                return MetricValue.Insufficient(Name, QuantityKind.Percentage, "no connector is declared critical, so there is no integration health to measure");
            }

            var failing = new List<string>();
            var reasons = new List<string>();
            foreach (var connector in critical)
            {
                var checks = _checks[connector.Name].OrderBy(c => c.Day).ToList();
                var problem = checks.Any(c => c.Day >= first) ? FirstFailure(connector, checks) : "no daily check recorded";
                if (problem is not null && checks.Any(c => c.Day >= first) && FirstMissingDay(checks) is { } missing && missing < FailureDay(connector, checks))
                {
                    problem = $"no daily check recorded on {missing.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}";
                }
                else if (problem is null && FirstMissingDay(checks) is { } gap)
                {
                    // docs/metrics.md section 5: a day in the window without a check fails; nobody looked that day.
                    problem = $"no daily check recorded on {gap.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}";
                }
                if (problem is not null)
                {
                    failing.Add(connector.Name);
                    reasons.Add($"{connector.Name}: {problem}");
                }
            }

            var passing = critical.Count - failing.Count;
            var share = (double)passing / critical.Count;
            var detail = reasons.Count == 0 ? string.Empty : "; failing: " + string.Join("; ", reasons.Take(MetricText.FailingSample));
            return MetricValue.Of(Name, QuantityKind.Percentage, share, $"{passing} of {critical.Count} critical connectors passed every daily check in {request.Window.Describe()}{detail}")
                with
            {
                Numerator = passing,
                Denominator = critical.Count,
                SampleSize = critical.Count,
                FailingRecords = MetricText.Sample(failing),
            };
        }

        /// <summary>
        /// The first UTC day wholly inside the window with no check of the connector, or null when each
        /// has one. A day the window only partly covers (the first, unless the window starts at
        /// midnight) is not required: an exporter of "the last 7 days" need not have looked at it.
        /// </summary>
        private DateOnly? FirstMissingDay(List<ConnectorCheck> checks)
        {
            var days = checks.Select(c => c.Day).ToHashSet();
            for (var day = wholeFirst; day < last; day = day.AddDays(1))
            {
                if (!days.Contains(day))
                {
                    return day;
                }
            }

            return null;
        }

        /// <summary>The day of the first failed check, or the day after the window when none failed.</summary>
        private DateOnly FailureDay(Connector connector, List<ConnectorCheck> checks)
        {
            foreach (var day in checks.Where(c => c.Day >= first))
            {
                if (FirstFailure(connector, [.. checks.Where(c => c.Day <= day.Day)]) is not null)
                {
                    return day.Day;
                }
            }

            return last;
        }

        /// <summary>The first failed check of a connector in the window, in day order, or null when every day passed.</summary>
        private string? FirstFailure(Connector connector, List<ConnectorCheck> checks)
        {
            var limits = connector.Checks;
            string? previousHash = null;
            foreach (var day in checks)
            {
                var expectedHash = limits.SchemaHash ?? previousHash;
                previousHash = day.SchemaHash ?? previousHash;
                if (day.Day < first)
                {
                    continue;
                }

                var date = day.Day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
                if (limits.Auth && !day.AuthValid)
                {
                    return $"authentication invalid on {date}";
                }

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
                        return $"silent partial load on {date}: {day.RowsDelivered.ToString("N0", CultureInfo.InvariantCulture)} of {day.RowsExpected.ToString("N0", CultureInfo.InvariantCulture)} rows ({UnitFormat.Percentage(ratio)}, minimum {UnitFormat.Percentage(minRatio)})";
                    }
                }
            }

            return null;
        }
    }
}
