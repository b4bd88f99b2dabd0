// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using System.Collections.Immutable;
using System.Globalization;
using AiOpsPolicy.Core.Evidence;
using AiOpsPolicy.Sources.Collection;
using AiOpsPolicy.Sources.Configuration;
using AiOpsPolicy.Sources.Output;

namespace AiOpsPolicy.Sources.Prometheus;

/// <summary>
/// Collects from Prometheus: SLA periods from latency histograms (<c>workflow-run-counts</c>), daily
/// connector checks from blackbox-exporter probes (<c>connector-checks</c>) and lags from last-success
/// timestamp gauges (<c>freshness</c>). Every query is a range query ending at the as-of time, so data
/// from after it is never read. docs/collect.md has the field-by-field mapping.
/// </summary>
internal sealed class PrometheusCollector : ISourceCollector
{
    private readonly PrometheusSource _source;
    private readonly Func<string, string?> _environment;
    private readonly HttpMessageHandler? _handler;

    public PrometheusCollector(PrometheusSource source, Func<string, string?> environment, HttpMessageHandler? handler)
    {
        _source = source;
        _environment = environment;
        _handler = handler;
    }

    public string Endpoint => _source.Url.GetLeftPart(UriPartial.Path).TrimEnd('/');

    public ImmutableArray<EvidenceKind> Kinds =>
    [
        .. _source.Sla.IsEmpty ? [] : new[] { EvidenceKind.WorkflowRunCounts },
        .. _source.ConnectorChecks.IsEmpty ? [] : new[] { EvidenceKind.ConnectorChecks },
        .. _source.Freshness.IsEmpty ? [] : new[] { EvidenceKind.Freshness },
    ];

    public async Task<ImmutableArray<CollectedFile>> CollectAsync(CollectionWindow window, Action<string> warn, CancellationToken cancellationToken)
    {
        using var client = new PrometheusClient(_source, _environment, _handler);
        var files = ImmutableArray.CreateBuilder<CollectedFile>();
        if (!_source.Sla.IsEmpty)
        {
            var records = new List<OutputRecord>();
            var queries = new List<CollectedQuery>();
            foreach (var sla in _source.Sla)
            {
                records.AddRange(await CollectSlaAsync(client, sla, window, queries, warn, cancellationToken).ConfigureAwait(false));
            }

            files.Add(new CollectedFile { Kind = EvidenceKind.WorkflowRunCounts, Records = [.. records], Queries = [.. queries] });
        }

        if (!_source.ConnectorChecks.IsEmpty)
        {
            var records = new List<OutputRecord>();
            var queries = new List<CollectedQuery>();
            foreach (var probes in _source.ConnectorChecks)
            {
                records.AddRange(await CollectProbesAsync(client, probes, window, queries, warn, cancellationToken).ConfigureAwait(false));
            }

            files.Add(new CollectedFile { Kind = EvidenceKind.ConnectorChecks, Records = [.. records], Queries = [.. queries] });
        }

        if (!_source.Freshness.IsEmpty)
        {
            var records = new List<OutputRecord>();
            var queries = new List<CollectedQuery>();
            foreach (var freshness in _source.Freshness)
            {
                records.AddRange(await CollectFreshnessAsync(client, freshness, window, queries, warn, cancellationToken).ConfigureAwait(false));
            }

            files.Add(new CollectedFile { Kind = EvidenceKind.Freshness, Records = [.. records], Queries = [.. queries] });
        }

        return files.ToImmutable();
    }

    /// <summary>A series selector: the metric name with the operator's matchers.</summary>
    internal static string Series(string metric, string selector) => selector.Length == 0 ? metric : $"{metric}{{{selector}}}";

    private static string Range(DateTimeOffset start, DateTimeOffset end, TimeSpan step) =>
        $"POST /api/v1/query_range start={EvidenceFileWriter.Time(start)} end={EvidenceFileWriter.Time(end)} step={(long)step.TotalSeconds}s";

    /// <summary>
    /// Met and total per interval for one workflow or step. Total: the increase of the histogram's
    /// <c>_count</c>. Met: the increase of the bucket whose <c>le</c> is the time target (of the series whose
    /// quality label has the good value), or of <c>_count</c> with that label when only quality counts.
    /// </summary>
    private static async Task<List<OutputRecord>> CollectSlaAsync(PrometheusClient client, PrometheusSla sla, CollectionWindow window, List<CollectedQuery> queries, Action<string> warn, CancellationToken cancellationToken)
    {
        var intervals = (int)(window.Length.Ticks / sla.Interval.Ticks);
        var start = window.AsOf - (sla.Interval * intervals);
        var range = Range(start, window.AsOf, sla.Interval);
        var countQuery = Series(sla.Histogram + "_count", sla.Selector);
        queries.Add(new CollectedQuery(countQuery, range));
        var counts = await client.QueryRangeAsync(countQuery, start, window.AsOf, sla.Interval, cancellationToken).ConfigureAwait(false);
        if (counts.IsEmpty)
        {
            throw new SourceException($"the query matched no series: check the histogram name ({sla.Histogram}) and the selector, and that the server has data before {EvidenceFileWriter.Time(window.AsOf)}", countQuery);
        }

        IEnumerable<PrometheusSeries> good;
        if (sla.Within is { } within)
        {
            var bucketQuery = Series(sla.Histogram + "_bucket", sla.Selector);
            queries.Add(new CollectedQuery(bucketQuery, range));
            var buckets = await client.QueryRangeAsync(bucketQuery, start, window.AsOf, sla.Interval, cancellationToken).ConfigureAwait(false);
            var target = within / sla.Unit;
            var atTarget = buckets.Where(b => b.Label("le") is { } le && double.TryParse(le, NumberStyles.Float, CultureInfo.InvariantCulture, out var bound) && bound == target).ToList();
            if (atTarget.Count == 0)
            {
                var boundaries = buckets.Select(b => b.Label("le")).OfType<string>().Distinct().Order(StringComparer.Ordinal).Take(20);
                throw new SourceException($"the histogram has no bucket at the time target le=\"{target.ToString("R", CultureInfo.InvariantCulture)}\" (its buckets: {string.Join(", ", boundaries)}); SLA attainment needs a bucket boundary at the SLA time", bucketQuery);
            }

            good = atTarget;
        }
        else
        {
            good = counts;
        }

        if (sla.QualityLabel is { } label)
        {
            var withLabel = good.Where(s => s.Label(label) is not null).ToList();
            if (withLabel.Count == 0)
            {
                throw new SourceException($"no series of the histogram has the quality label '{label}'; check quality.label", countQuery);
            }

            good = withLabel.Where(s => s.Label(label) == sla.QualityValue);
        }

        var leftOut = 0;
        var firstMs = start.ToUnixTimeMilliseconds();
        var stepMs = (long)sla.Interval.TotalMilliseconds;
        var totals = CounterIncreases.Sum(counts, firstMs, stepMs, intervals, ref leftOut);
        var mets = CounterIncreases.Sum(good, firstMs, stepMs, intervals, ref leftOut);
        var records = new List<OutputRecord>();
        var inconsistent = 0;
        for (var i = 0; i < intervals; i++)
        {
            if (totals[i] == 0 && mets[i] == 0)
            {
                continue;
            }

            if (mets[i] > totals[i] || totals[i] != Math.Floor(totals[i]) || mets[i] != Math.Floor(mets[i]))
            {
                // A bucket above its count, or a fraction of a run: the series do not describe whole runs.
                inconsistent++;
                continue;
            }

            var periodStart = start + (sla.Interval * i);
            var periodEnd = periodStart + sla.Interval;
            records.Add(new OutputRecord(
                $"{sla.Workflow}/{sla.Step}@{EvidenceFileWriter.Time(periodStart)}",
                [
                    new("workflow", sla.Workflow),
                    new("step", sla.Step),
                    new("periodStart", periodStart),
                    new("periodEnd", periodEnd),
                    new("total", (long)totals[i]),
                    new("met", (long)mets[i]),
                    new("within", sla.Within),
                    new("outcome", sla.QualityValue),
                ]));
        }

        if (leftOut > 0)
        {
            warn($"{leftOut} point(s) of {sla.Histogram} were not finite non-negative counter values on the query's steps and were left out");
        }

        if (inconsistent > 0)
        {
            warn($"{inconsistent} period(s) of {sla.Histogram} had more runs in time than runs, or fractions of runs, and were left out");
        }

        return records;
    }

    /// <summary>One check per connector per whole UTC day in the window: probe success, duration and HTTP status over the day.</summary>
    private static async Task<List<OutputRecord>> CollectProbesAsync(PrometheusClient client, PrometheusProbes probes, CollectionWindow window, List<CollectedQuery> queries, Action<string> warn, CancellationToken cancellationToken)
    {
        var firstDay = DateOnly.FromDateTime(window.Start.UtcDateTime);
        if (window.Start.UtcDateTime.TimeOfDay != TimeSpan.Zero)
        {
            firstDay = firstDay.AddDays(1);
        }

        var lastDayEnd = DateOnly.FromDateTime(window.AsOf.UtcDateTime);
        var start = new DateTimeOffset(firstDay.AddDays(1).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
        var end = new DateTimeOffset(lastDayEnd.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
        if (end < start)
        {
            return [];
        }

        var day = TimeSpan.FromDays(1);
        var range = Range(start, end, day);
        var by = probes.ConnectorLabel;
        var success = $"avg by ({by}) (avg_over_time({Series(probes.SuccessMetric, probes.Selector)}[1d]))";
        var latency = $"{probes.Latency} by ({by}) ({probes.Latency}_over_time({Series(probes.DurationMetric, probes.Selector)}[1d]))";
        var status = Series(probes.StatusMetric, probes.Selector);
        var auth = $"max by ({by}) (max_over_time(((({status}) == bool 401) + (({status}) == bool 403))[1d:1m]))";
        queries.Add(new CollectedQuery(success, range));
        queries.Add(new CollectedQuery(latency, range));
        queries.Add(new CollectedQuery(auth, range));
        var successes = await client.QueryRangeAsync(success, start, end, day, cancellationToken).ConfigureAwait(false);
        if (successes.IsEmpty)
        {
            throw new SourceException($"the query matched no series: check the selector and that the probes' series carry the label '{by}'", success);
        }

        var latencies = Index(await client.QueryRangeAsync(latency, start, end, day, cancellationToken).ConfigureAwait(false), by);
        var authFailures = Index(await client.QueryRangeAsync(auth, start, end, day, cancellationToken).ConfigureAwait(false), by);
        var records = new List<OutputRecord>();
        var leftOut = 0;
        foreach (var series in successes)
        {
            if (series.Label(by) is not { Length: > 0 } connector)
            {
                leftOut += series.Points.Length;
                continue;
            }

            foreach (var (time, value) in series.Points)
            {
                var checkedDay = DateOnly.FromDateTime(DateTimeOffset.FromUnixTimeMilliseconds(time).UtcDateTime).AddDays(-1);
                var seconds = latencies.TryGetValue((connector, time), out var l) ? l : double.NaN;
                if (!double.IsFinite(value) || value is < 0 or > 1 || !double.IsFinite(seconds) || seconds < 0)
                {
                    leftOut++;
                    continue;
                }

                // No status series (TCP, ICMP, DNS probes) carries no authentication to be refused.
                var refused = authFailures.TryGetValue((connector, time), out var a) && a > 0;
                records.Add(new OutputRecord(
                    $"{connector}@{checkedDay:yyyy-MM-dd}",
                    [
                        new("connector", connector),
                        new("day", checkedDay),
                        new("authValid", !refused),
                        new("latencyMs", seconds * 1000),
                        new("errorRate", 1 - value),

                        // Probes say nothing about rows: 0 of 0 is "nothing to compare", which the metric skips (docs/collect.md).
                        new("rowsExpected", 0L),
                        new("rowsDelivered", 0L),
                    ]));
            }
        }

        if (leftOut > 0)
        {
            warn($"{leftOut} daily probe value(s) were not usable (no '{by}' label, no duration, or not a number) and were left out");
        }

        return records;
    }

    /// <summary>One lag per series per interval: the point's time minus the gauge's last-success time.</summary>
    private static async Task<List<OutputRecord>> CollectFreshnessAsync(PrometheusClient client, PrometheusFreshness freshness, CollectionWindow window, List<CollectedQuery> queries, Action<string> warn, CancellationToken cancellationToken)
    {
        var intervals = (int)(window.Length.Ticks / freshness.Interval.Ticks);
        var start = window.AsOf - (freshness.Interval * intervals) + freshness.Interval;
        var query = $"time() - {Series(freshness.Metric, freshness.Selector)}";
        queries.Add(new CollectedQuery(query, Range(start, window.AsOf, freshness.Interval)));
        var series = await client.QueryRangeAsync(query, start, window.AsOf, freshness.Interval, cancellationToken).ConfigureAwait(false);
        if (series.IsEmpty)
        {
            throw new SourceException($"the query matched no series: check the metric name ({freshness.Metric}) and the selector", query);
        }

        var stage = freshness.Stage switch
        {
            FreshnessStage.SourceToPipeline => "source-to-pipeline",
            FreshnessStage.PipelineToFeatureStore => "pipeline-to-feature-store",
            _ => "feature-store-to-dashboard",
        };
        var records = new List<OutputRecord>();
        var leftOut = 0;
        foreach (var one in series)
        {
            if (one.Label(freshness.DatasetLabel) is not { Length: > 0 } dataset)
            {
                leftOut += one.Points.Length;
                continue;
            }

            foreach (var (time, lag) in one.Points)
            {
                if (!double.IsFinite(lag) || lag < 0 || lag > TimeSpan.MaxValue.TotalSeconds / 2)
                {
                    // A last success in the future, or not a time at all.
                    leftOut++;
                    continue;
                }

                var measuredAt = DateTimeOffset.FromUnixTimeMilliseconds(time);
                records.Add(new OutputRecord(
                    $"{dataset}/{stage}@{EvidenceFileWriter.Time(measuredAt)}",
                    [
                        new("dataset", dataset),
                        new("stage", stage),
                        new("measuredAt", measuredAt),
                        new("lag", TimeSpan.FromSeconds(Math.Round(lag, 3))),
                    ]));
            }
        }

        if (leftOut > 0)
        {
            warn($"{leftOut} lag value(s) of {freshness.Metric} were in the future, not a number, or had no '{freshness.DatasetLabel}' label, and were left out");
        }

        return records;
    }

    private static Dictionary<(string Connector, long TimeMs), double> Index(ImmutableArray<PrometheusSeries> series, string label)
    {
        var index = new Dictionary<(string, long), double>();
        foreach (var one in series)
        {
            if (one.Label(label) is { } connector)
            {
                foreach (var (time, value) in one.Points)
                {
                    index[(connector, time)] = value;
                }
            }
        }

        return index;
    }
}
