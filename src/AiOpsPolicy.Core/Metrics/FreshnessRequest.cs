// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using System.Collections.Immutable;
using AiOpsPolicy.Core.Evidence;
using AiOpsPolicy.Core.Units;

namespace AiOpsPolicy.Core.Metrics;

/// <summary>
/// Metric 4, data freshness: over the lag measurements of a dataset (at one stage, or at every
/// stage) taken in the window, either the aggregated lag (median by default) or, with a target,
/// the share of measurements whose lag is over the target.
/// </summary>
/// <param name="Dataset">The dataset's name, or null for every dataset (the organisation: their measurements pooled).</param>
/// <param name="Stage">The stage, or null for every stage.</param>
/// <param name="Window">The window measurements must be taken in.</param>
/// <param name="Aggregation">How the lags are summarised when there is no target.</param>
/// <param name="Target">The lag target; when given, the metric is the share of measurements over it.</param>
/// <param name="Rounding">How each lag is rounded before it is aggregated (none by default; not used against a target).</param>
internal sealed record FreshnessRequest(string? Dataset, FreshnessStage? Stage, Window Window, Aggregation Aggregation, TimeSpan? Target, DurationRounding Rounding = DurationRounding.None) : MetricRequest
{
    public override ImmutableArray<EvidenceKind> Kinds => KindsRead;

    // Static, so that it takes no part in the record's equality: requests compare by their arguments.
    private static readonly ImmutableArray<EvidenceKind> KindsRead = [EvidenceKind.Freshness];

    public override MetricAggregator CreateAggregator(MetricContext context)
    {
        var (start, end) = context.Resolve(Window);
        return new Aggregator(this, start, end);
    }

    /// <summary>The stage as evidence files spell it: source-to-pipeline, pipeline-to-feature-store, feature-store-to-dashboard.</summary>
    /// <param name="stage">The stage.</param>
    /// <returns>The word.</returns>
    internal static string StageText(FreshnessStage stage) => stage switch
    {
        FreshnessStage.SourceToPipeline => "source-to-pipeline",
        FreshnessStage.PipelineToFeatureStore => "pipeline-to-feature-store",
        FreshnessStage.FeatureStoreToDashboard => "feature-store-to-dashboard",
        _ => stage.ToString(),
    };

    private sealed class Aggregator(FreshnessRequest request, DateTimeOffset start, DateTimeOffset end) : MetricAggregator
    {
        private readonly List<(string Key, double Seconds)> _lags = [];
        private readonly HashSet<string> _datasets = new(StringComparer.Ordinal);

        public override void Add(FreshnessMeasurement record)
        {
            if (record.MeasuredAt < start || record.MeasuredAt >= end
                || (request.Dataset is not null && !string.Equals(record.Dataset, request.Dataset, StringComparison.Ordinal))
                || (request.Stage is { } stage && record.Stage != stage))
            {
                return;
            }

            _datasets.Add(record.Dataset);
            _lags.Add((record.Key, record.Lag.TotalSeconds));
        }

        public override MetricValue Complete()
        {
            var stage = request.Stage is { } s ? StageText(s) : null;
            var datasets = _datasets.Count switch
            {
                0 => "any dataset",
                1 => "1 dataset",
                var n => $"{n} datasets",
            };
            var what = (request.Dataset, stage) switch
            {
                (null, null) => $"lag measurements of {datasets} (every stage)",
                (null, _) => $"{stage} lag measurements of {datasets}",
                (_, null) => $"{request.Dataset} lag measurements (every stage)",
                _ => $"{request.Dataset} {stage} lag measurements",
            };
            if (request.Target is { } target)
            {
                var name = MetricText.Scope("StaleShare", request.Dataset, stage, ">" + UnitFormat.Duration(target));
                if (_lags.Count == 0)
                {
                    return MetricValue.Insufficient(name, QuantityKind.Percentage, $"no {what} taken in {request.Window.Describe()}");
                }

                var over = _lags.Where(l => l.Seconds > target.TotalSeconds).Select(l => l.Key).ToList();
                var share = (double)over.Count / _lags.Count;
                return MetricValue.Of(name, QuantityKind.Percentage, share, $"{UnitFormat.Percentage(share)} of {MetricText.Count(_lags.Count)} {what} in {request.Window.Describe()} were over {UnitFormat.Duration(target)} ({over.Count}/{_lags.Count})")
                    with
                {
                    Numerator = over.Count,
                    Denominator = _lags.Count,
                    SampleSize = _lags.Count,
                    FailingRecords = MetricText.Sample(over),
                };
            }

            var metric = MetricText.Scope("Freshness", request.Dataset, stage, request.Aggregation.ToString());
            if (_lags.Count == 0)
            {
                return MetricValue.Insufficient(metric, QuantityKind.Duration, $"no {what} taken in {request.Window.Describe()}");
            }

            // Pooled: with no dataset, every measurement of every dataset is one value of the same aggregate, so a
            // dataset measured more often weighs more (what an organisation-wide median over measurements means).
            var value = request.Aggregation.Apply([.. _lags.Select(l => request.Rounding.Round(l.Seconds))]);
            var stalest = MetricText.Worst(_lags);
            return MetricValue.Of(metric, QuantityKind.Duration, value, $"{request.Aggregation} lag {UnitFormat.Duration(TimeSpan.FromSeconds(value))} over {MetricText.Count(_lags.Count)} {what} in {request.Window.Describe()}{request.Rounding.Note()}")
                with
            {
                SampleSize = _lags.Count,
                FailingRecords = [.. stalest],
            };
        }
    }
}
