// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using System.Collections.Immutable;
using System.Globalization;
using AiOpsPolicy.Core.Evidence;
using AiOpsPolicy.Core.Units;

namespace AiOpsPolicy.Core.Metrics;

/// <summary>
/// DORA deployment frequency over the successful production deployments that finished in the window. By default,
/// their number per week (or per 30 days) of the window's length; with <see cref="DeploymentFrequencyDefinition.DeploymentDays"/>,
/// DevLake's dashboard value: per calendar week (Monday-based, UTC) or month overlapping the window, the distinct
/// UTC days with a deployment, aggregated over the periods (median by default, periods with none counting as 0).
/// </summary>
/// <param name="Service">The service, or null for all.</param>
/// <param name="Window">The window deployments must finish in.</param>
/// <param name="Definition">How it is counted.</param>
/// <param name="Per">The period.</param>
/// <param name="Aggregation">How deployment days are summarised over periods (deployment days only).</param>
internal sealed record DeploymentFrequencyRequest(string? Service, Window Window, DeploymentFrequencyDefinition Definition, CalendarPeriod Per, Aggregation Aggregation) : MetricRequest
{
    public override ImmutableArray<EvidenceKind> Kinds => KindsRead;

    // Static, so that it takes no part in the record's equality: requests compare by their arguments.
    private static readonly ImmutableArray<EvidenceKind> KindsRead = [EvidenceKind.Deployments];

    public override MetricAggregator CreateAggregator(MetricContext context)
    {
        var (start, end) = context.Resolve(Window);
        return new Aggregator(this, ServiceScope.Resolve(Service, context.Policies), start, end);
    }

    private sealed class Aggregator(DeploymentFrequencyRequest request, ServiceScope scope, DateTimeOffset start, DateTimeOffset end) : MetricAggregator
    {
        // A release finishes with its last successful production deployment, which may fall outside the window
        // even when an earlier part is inside: every part is kept until the end.
        private readonly Dictionary<string, DateTimeOffset> _releases = new(StringComparer.Ordinal);
        private readonly HashSet<DateOnly> _days = [];
        private int _count;

        public override void Add(Deployment record)
        {
            if (record.IsSuccessfulProduction && scope.Contains(record.Service)
                && (!_releases.TryGetValue(record.ReleaseId, out var finished) || record.FinishedAt > finished))
            {
                _releases[record.ReleaseId] = record.FinishedAt;
            }
        }

        public override MetricValue Complete()
        {
            foreach (var finished in _releases.Values)
            {
                if (finished >= start && finished < end)
                {
                    _count++;
                    _days.Add(DateOnly.FromDateTime(finished.UtcDateTime));
                }
            }

            var per = request.Per == CalendarPeriod.Month ? "month" : "week";
            if (request.Definition == DeploymentFrequencyDefinition.Deployments)
            {
                var name = MetricText.Scope("DeploymentFrequency", request.Service, "per-" + per);
                var periods = (end - start).TotalDays / (request.Per == CalendarPeriod.Month ? 30.0 : 7.0);
                var value = _count / periods;
                return MetricValue.Of(name, QuantityKind.Number, value, $"{UnitFormat.Number(value)} per {per}: {_count} successful production deployment(s){scope.Of()} finished in {request.Window.Describe()}")
                    with
                {
                    Numerator = _count,
                    SampleSize = _count,
                };
            }

            var daysName = MetricText.Scope("DeploymentFrequency", request.Service, "deployment-days-per-" + per, request.Aggregation.ToString());
            var counts = new SortedDictionary<DateOnly, int>();
            var first = DateOnly.FromDateTime(start.UtcDateTime);
            var last = DateOnly.FromDateTime((end - TimeSpan.FromTicks(1)).UtcDateTime);
            for (var day = first; day <= last; day = day.AddDays(1))
            {
                var period = PeriodOf(day);
                counts[period] = counts.GetValueOrDefault(period) + (_days.Contains(day) ? 1 : 0);
            }

            if (counts.Count == 0)
            {
                return MetricValue.Insufficient(daysName, QuantityKind.Number, $"{request.Window.Describe()} holds no whole day");
            }

            var median = request.Aggregation.Apply([.. counts.Values.Select(c => (double)c)]);
            var listed = string.Join(", ", counts.Select(c => string.Create(CultureInfo.InvariantCulture, $"{c.Key:yyyy-MM-dd}: {c.Value}")));
            return MetricValue.Of(daysName, QuantityKind.Number, median, $"{request.Aggregation} {UnitFormat.Number(median)} day(s) with a successful production deployment{scope.Of()} per {per} over {counts.Count} {per}(s) of {request.Window.Describe()} ({per}s starting {listed}); {_count} deployment(s) on {_days.Count} day(s)")
                with
            {
                SampleSize = counts.Count,
            };
        }

        private DateOnly PeriodOf(DateOnly day) => request.Per == CalendarPeriod.Month
            ? new DateOnly(day.Year, day.Month, 1)
            : day.AddDays(-(((int)day.DayOfWeek + 6) % 7));
    }
}
