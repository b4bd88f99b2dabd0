// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using System.Collections.Immutable;
using AiOpsPolicy.Core.Evidence;
using AiOpsPolicy.Core.Units;

namespace AiOpsPolicy.Core.Metrics;

/// <summary>
/// Metric 12, monitoring cadence: the time between consecutive drift or bias checks of a model, over
/// checks that ran in the window. Each (model, type) series is sorted by time; its gaps are the time
/// between consecutive checks plus the trailing gap from its last check to the window's end (the
/// evaluation time for the current window), so a monitor that stopped shows as one long gap instead
/// of vanishing. All gaps of all series are summarised with the aggregation (max: the worst gap).
/// </summary>
/// <param name="Model">The model's name, or null for every model.</param>
/// <param name="Type">Drift or bias, or null for both.</param>
/// <param name="Window">The window checks must run in.</param>
/// <param name="Aggregation">How the gaps are summarised.</param>
/// <param name="Rounding">How each gap is rounded before it is summarised (none by default).</param>
internal sealed record MonitoringCadenceRequest(string? Model, MonitoringType? Type, Window Window, Aggregation Aggregation, DurationRounding Rounding = DurationRounding.None) : MetricRequest
{
    public override ImmutableArray<EvidenceKind> Kinds => KindsRead;

    // Static, so that it takes no part in the record's equality: requests compare by their arguments.
    private static readonly ImmutableArray<EvidenceKind> KindsRead = [EvidenceKind.MonitoringChecks];

    public override MetricAggregator CreateAggregator(MetricContext context)
    {
        var (start, end) = context.Resolve(Window);
        return new Aggregator(this, start, end);
    }

    /// <summary>A series' name for explanations and failing records: <c>fraud-model/drift</c>.</summary>
    private static string SeriesName(string model, MonitoringType type) => $"{model}/{type.ToString().ToLowerInvariant()}";

    private sealed class Aggregator(MonitoringCadenceRequest request, DateTimeOffset start, DateTimeOffset end) : MetricAggregator
    {
        private readonly Dictionary<(string Model, MonitoringType Type), List<DateTimeOffset>> _series = [];

        public override void Add(MonitoringCheck record)
        {
            if ((request.Model is not null && !string.Equals(record.Model, request.Model, StringComparison.Ordinal))
                || (request.Type is { } type && record.Type != type)
                || record.RanAt < start || record.RanAt >= end)
            {
                return;
            }

            var key = (record.Model, record.Type);
            if (!_series.TryGetValue(key, out var times))
            {
                times = [];
                _series[key] = times;
            }

            times.Add(record.RanAt);
        }

        public override MetricValue Complete()
        {
            var typeWord = request.Type?.ToString().ToLowerInvariant();
            var name = MetricText.Scope("MonitoringGap", request.Model, typeWord, request.Aggregation.ToString());
            var what = $"{typeWord ?? "drift or bias"} checks{(request.Model is null ? string.Empty : $" of {request.Model}")}";
            var gaps = new List<double>();
            var worstBySeries = new List<(string Series, double Seconds, bool Trailing)>();
            foreach (var ((model, type), times) in _series)
            {
                times.Sort();
                var worst = (Seconds: double.MinValue, Trailing: false);
                for (var i = 0; i < times.Count; i++)
                {
                    var trailing = i == times.Count - 1;
                    var gap = request.Rounding.Round(((trailing ? end : times[i + 1]) - times[i]).TotalSeconds);
                    gaps.Add(gap);
                    if (gap > worst.Seconds)
                    {
                        worst = (gap, trailing);
                    }
                }

                worstBySeries.Add((SeriesName(model, type), worst.Seconds, worst.Trailing));
            }

            if (gaps.Count == 0)
            {
                return MetricValue.Insufficient(name, QuantityKind.Duration, $"no {what} ran in {request.Window.Describe()}, so there is no cadence to measure");
            }

            var ordered = worstBySeries.OrderByDescending(s => s.Seconds).ThenBy(s => s.Series, StringComparer.Ordinal).ToList();
            var top = ordered[0];
            var value = request.Aggregation.Apply(gaps);
            var since = top.Trailing ? ", since its last check" : string.Empty;
            return MetricValue.Of(name, QuantityKind.Duration, value, $"{request.Aggregation} gap {UnitFormat.Duration(TimeSpan.FromSeconds(value))} between {what} over {ordered.Count} series and {gaps.Count} gap(s) in {request.Window.Describe()} (each series' last gap runs to the window's end{request.Rounding.Note()}); worst gap {UnitFormat.Duration(TimeSpan.FromSeconds(top.Seconds))} ({top.Series}{since})")
                with
            {
                SampleSize = gaps.Count,
                FailingRecords = [.. ordered.Select(s => s.Series).Take(MetricText.FailingSample)],
            };
        }
    }
}
