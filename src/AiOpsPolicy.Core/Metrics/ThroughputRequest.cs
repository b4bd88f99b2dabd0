// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using System.Collections.Immutable;
using System.Globalization;
using AiOpsPolicy.Core.Evaluation;
using AiOpsPolicy.Core.Evidence;
using AiOpsPolicy.Core.Units;

namespace AiOpsPolicy.Core.Metrics;

/// <summary>
/// Metric 9, throughput: the mean cases completed per recorded day over the workflow's after-go-live
/// days whose date (as UTC midnight) falls in the window; or, as a change, (after mean - baseline
/// mean) / baseline mean, where the baseline is every baseline day of the workflow, whatever its date.
/// Days with no record are not counted as zero: only recorded days are averaged.
/// </summary>
/// <param name="Workflow">The workflow's name.</param>
/// <param name="Window">The window after-phase days must fall in.</param>
/// <param name="Change">True for the change against the baseline, false for cases per day.</param>
internal sealed record ThroughputRequest(string Workflow, Window Window, bool Change) : MetricRequest
{
    public override ImmutableArray<EvidenceKind> Kinds => KindsRead;

    // Static, so that it takes no part in the record's equality: requests compare by their arguments.
    private static readonly ImmutableArray<EvidenceKind> KindsRead = [EvidenceKind.Throughput];

    public override MetricAggregator CreateAggregator(MetricContext context)
    {
        var (start, end) = context.Resolve(Window);
        return new Aggregator(this, start, end);
    }

    private sealed class Aggregator(ThroughputRequest request, DateTimeOffset start, DateTimeOffset end) : MetricAggregator
    {
        private long _afterCompleted;
        private int _afterDays;
        private long _baselineCompleted;
        private int _baselineDays;

        public override void Add(DailyThroughput record)
        {
            if (!string.Equals(record.Workflow, request.Workflow, StringComparison.Ordinal))
            {
                return;
            }

            if (record.Phase == ThroughputPhase.Baseline)
            {
                _baselineDays++;
                _baselineCompleted += record.Completed;
                return;
            }

            var midnight = new DateTimeOffset(record.Day.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
            if (midnight >= start && midnight < end)
            {
                _afterDays++;
                _afterCompleted += record.Completed;
            }
        }

        public override MetricValue Complete()
        {
            var name = MetricText.Scope(request.Change ? "ThroughputChange" : "Throughput", request.Workflow);
            var unit = request.Change ? QuantityKind.Percentage : QuantityKind.Number;
            if (_afterDays == 0)
            {
                return MetricValue.Insufficient(name, unit, $"no after-go-live throughput day of {request.Workflow} recorded in {request.Window.Describe()}");
            }

            var afterMean = (double)_afterCompleted / _afterDays;
            var afterText = $"{Number(afterMean)} cases/day after go-live ({MetricText.Count(_afterCompleted)} cases over {_afterDays} day(s) in {request.Window.Describe()})";
            if (!request.Change)
            {
                return MetricValue.Of(name, unit, afterMean, $"{request.Workflow}: {afterText}")
                    with
                {
                    Numerator = _afterCompleted,
                    Denominator = _afterDays,
                    SampleSize = _afterDays,
                };
            }

            if (_baselineDays == 0)
            {
                return MetricValue.Insufficient(name, unit, $"no baseline (before go-live) throughput day of {request.Workflow} recorded, so there is nothing to compare {afterText} with");
            }

            var baselineMean = (double)_baselineCompleted / _baselineDays;
            if (baselineMean == 0)
            {
                return MetricValue.Insufficient(name, unit, $"the baseline of {request.Workflow} completed 0 cases over {_baselineDays} day(s), so a relative change is undefined");
            }

            var change = (afterMean - baselineMean) / baselineMean;
            return MetricValue.Of(name, unit, change, $"{request.Workflow}: {UnitFormat.Percentage(change)} change, {afterText} against a baseline of {Number(baselineMean)} cases/day ({MetricText.Count(_baselineCompleted)} cases over {_baselineDays} day(s))")
                with
            {
                Numerator = afterMean - baselineMean,
                Denominator = baselineMean,
                SampleSize = _afterDays + _baselineDays,
            };
        }

        private static string Number(double value) => value.ToString("#,0.##", CultureInfo.InvariantCulture);
    }
}
