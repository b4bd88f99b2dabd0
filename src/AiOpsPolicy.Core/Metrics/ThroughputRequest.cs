// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using System.Collections.Immutable;
using System.Globalization;
using AiOpsPolicy.Core.Evidence;
using AiOpsPolicy.Core.Units;

namespace AiOpsPolicy.Core.Metrics;

/// <summary>
/// Metric 9, throughput: the mean cases completed per recorded day over the workflow's after-go-live
/// days whose date (as UTC midnight) falls in the window; or, as a change, (after mean - baseline
/// mean) / baseline mean, where the baseline is every baseline day of the workflow, whatever its date.
/// Days with no record are not counted as zero: only recorded days are averaged. With no workflow, the
/// total over every workflow: the sum of each workflow's mean cases per day (and of each one's baseline mean
/// for the change), so a workflow with fewer recorded days is not diluted by the others' days.
/// </summary>
/// <param name="Workflow">The workflow's name, or null for the total over every workflow.</param>
/// <param name="Window">The window after-phase days must fall in.</param>
/// <param name="Change">True for the change against the baseline, false for cases per day.</param>
internal sealed record ThroughputRequest(string? Workflow, Window Window, bool Change) : MetricRequest
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
        // Per workflow, sorted so that the lines read the same every run.
        private readonly SortedDictionary<string, Days> _workflows = new(StringComparer.Ordinal);

        public override void Add(DailyThroughput record)
        {
            if (request.Workflow is not null && !string.Equals(record.Workflow, request.Workflow, StringComparison.Ordinal))
            {
                return;
            }

            if (!_workflows.TryGetValue(record.Workflow, out var days))
            {
                days = new Days();
                _workflows.Add(record.Workflow, days);
            }

            if (record.Phase == ThroughputPhase.Baseline)
            {
                days.BaselineDays++;
                days.BaselineCompleted += record.Completed;
                return;
            }

            var midnight = new DateTimeOffset(record.Day.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
            if (midnight >= start && midnight < end)
            {
                days.AfterDays++;
                days.AfterCompleted += record.Completed;
            }
        }

        public override MetricValue Complete()
        {
            var name = MetricText.Scope(request.Change ? "ThroughputChange" : "Throughput", request.Workflow);
            var unit = request.Change ? QuantityKind.Percentage : QuantityKind.Number;
            var scope = request.Workflow ?? "any workflow";

            // With no workflow, a workflow with no after-go-live day in the window has nothing to add (it may be
            // retired, or not live yet); it is named, not silently dropped.
            var live = _workflows.Where(w => w.Value.AfterDays > 0).ToList();
            var idle = _workflows.Where(w => w.Value.AfterDays == 0).Select(w => w.Key).ToList();
            if (live.Count == 0)
            {
                return MetricValue.Insufficient(name, unit, $"no after-go-live throughput day of {scope} recorded in {request.Window.Describe()}");
            }

            var idleNote = request.Workflow is null && idle.Count > 0 ? $"; no after-go-live day in the window for {string.Join(", ", idle)} (not counted)" : string.Empty;
            var afterMean = live.Sum(w => w.Value.AfterMean);
            long afterCompleted = live.Sum(w => w.Value.AfterCompleted);
            var afterDays = live.Sum(w => w.Value.AfterDays);
            if (!request.Change)
            {
                var text = request.Workflow is not null
                    ? $"{request.Workflow}: {AfterText(live[0].Value)}"
                    : $"{Number(afterMean)} cases/day after go-live over {live.Count} workflow(s), the sum of each one's mean: {string.Join("; ", live.Select(w => $"{w.Key}: {AfterText(w.Value)}"))}{idleNote}";
                return MetricValue.Of(name, unit, afterMean, text)
                    with
                {
                    Numerator = request.Workflow is null ? afterMean : afterCompleted,
                    Denominator = request.Workflow is null ? 1 : afterDays,
                    SampleSize = afterDays,
                };
            }

            var noBaseline = live.Where(w => w.Value.BaselineDays == 0).Select(w => w.Key).ToList();
            if (noBaseline.Count > 0)
            {
                var against = request.Workflow is not null ? AfterText(live[0].Value) : $"{Number(afterMean)} cases/day";
                return MetricValue.Insufficient(name, unit, $"no baseline (before go-live) throughput day of {string.Join(", ", noBaseline)} recorded, so there is nothing to compare {against} with");
            }

            var baselineMean = live.Sum(w => w.Value.BaselineMean);
            if (baselineMean == 0)
            {
                return MetricValue.Insufficient(name, unit, $"the baseline of {scope} completed 0 cases over {live.Sum(w => w.Value.BaselineDays)} day(s), so a relative change is undefined");
            }

            var change = (afterMean - baselineMean) / baselineMean;
            var changeText = request.Workflow is not null
                ? $"{request.Workflow}: {UnitFormat.Percentage(change)} change, {AfterText(live[0].Value)} against a baseline of {BaselineText(live[0].Value)}"
                : $"{UnitFormat.Percentage(change)} change over {live.Count} workflow(s), {Number(afterMean)} cases/day after go-live against a baseline of {Number(baselineMean)} cases/day (sums of each one's means): {string.Join("; ", live.Select(w => $"{w.Key}: {AfterText(w.Value)} against {BaselineText(w.Value)}"))}{idleNote}";
            return MetricValue.Of(name, unit, change, changeText)
                with
            {
                Numerator = afterMean - baselineMean,
                Denominator = baselineMean,
                SampleSize = afterDays + live.Sum(w => w.Value.BaselineDays),
            };
        }

        private string AfterText(Days days) =>
            $"{Number(days.AfterMean)} cases/day after go-live ({MetricText.Count(days.AfterCompleted)} cases over {days.AfterDays} day(s) in {request.Window.Describe()})";

        private static string BaselineText(Days days) =>
            $"{Number(days.BaselineMean)} cases/day ({MetricText.Count(days.BaselineCompleted)} cases over {days.BaselineDays} day(s))";

        private static string Number(double value) => value.ToString("#,0.##", CultureInfo.InvariantCulture);

        /// <summary>One workflow's recorded days.</summary>
        private sealed class Days
        {
            public long AfterCompleted { get; set; }

            public int AfterDays { get; set; }

            public long BaselineCompleted { get; set; }

            public int BaselineDays { get; set; }

            public double AfterMean => AfterDays == 0 ? 0 : (double)AfterCompleted / AfterDays;

            public double BaselineMean => BaselineDays == 0 ? 0 : (double)BaselineCompleted / BaselineDays;
        }
    }
}
