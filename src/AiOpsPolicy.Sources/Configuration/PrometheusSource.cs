// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using System.Collections.Immutable;
using AiOpsPolicy.Core.Evidence;

namespace AiOpsPolicy.Sources.Configuration;

/// <summary>A Prometheus server (HTTP API v1) and what to read from it.</summary>
public sealed record PrometheusSource
{
    /// <summary>The largest response read by default: 64 MiB, far above any query here over 30 days, far below the memory a hostile server could make the gate spend.</summary>
    public const long DefaultMaxResponseBytes = 64L * 1024 * 1024;

    /// <summary>Gets the server's base URL, such as <c>http://127.0.0.1:9090</c>.</summary>
    public required Uri Url { get; init; }

    /// <summary>Gets the credentials, if the server needs them.</summary>
    public SourceCredentials Credentials { get; init; } = new();

    /// <summary>Gets how long one query may take.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Gets the largest response accepted, in bytes.</summary>
    public long MaxResponseBytes { get; init; } = DefaultMaxResponseBytes;

    /// <summary>Gets the SLA histograms to count.</summary>
    public ImmutableArray<PrometheusSla> Sla { get; init; } = [];

    /// <summary>Gets the connector probes to read.</summary>
    public ImmutableArray<PrometheusProbes> ConnectorChecks { get; init; } = [];

    /// <summary>Gets the last-success timestamp gauges to read.</summary>
    public ImmutableArray<PrometheusFreshness> Freshness { get; init; } = [];
}

/// <summary>A latency histogram counted into SLA periods for one workflow or step.</summary>
public sealed record PrometheusSla
{
    /// <summary>Gets the workflow the runs belong to.</summary>
    public required string Workflow { get; init; }

    /// <summary>Gets the step, or null for whole runs.</summary>
    public string? Step { get; init; }

    /// <summary>Gets the histogram's base name; <c>_bucket</c> and <c>_count</c> are appended.</summary>
    public required string Histogram { get; init; }

    /// <summary>Gets the label matchers that pick this workflow's or step's series, such as <c>{step="inference"}</c>; empty for all.</summary>
    public string Selector { get; init; } = string.Empty;

    /// <summary>Gets the time target: the bucket boundary (<c>le</c>) that counts a run as in time; null to count quality only.</summary>
    public TimeSpan? Within { get; init; }

    /// <summary>Gets the unit the histogram observes in (seconds by Prometheus convention).</summary>
    public TimeSpan Unit { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Gets the label that carries the quality outcome, such as <c>outcome</c>; null to count time only.</summary>
    public string? QualityLabel { get; init; }

    /// <summary>Gets the outcome value that counts as met, such as <c>routed-correctly</c>.</summary>
    public string? QualityValue { get; init; }

    /// <summary>Gets the period length each record counts.</summary>
    public TimeSpan Interval { get; init; } = TimeSpan.FromHours(1);
}

/// <summary>Blackbox-exporter probes read into daily connector checks.</summary>
public sealed record PrometheusProbes
{
    /// <summary>Gets the label matchers that pick the probes, such as <c>{job="blackbox"}</c>.</summary>
    public string Selector { get; init; } = string.Empty;

    /// <summary>Gets the label that names the connector (default <c>instance</c>).</summary>
    public string ConnectorLabel { get; init; } = "instance";

    /// <summary>Gets the success gauge (1 or 0 per probe).</summary>
    public string SuccessMetric { get; init; } = "probe_success";

    /// <summary>Gets the probe duration gauge, in seconds.</summary>
    public string DurationMetric { get; init; } = "probe_duration_seconds";

    /// <summary>Gets the HTTP status gauge: a 401 or 403 on a day makes that day's authentication invalid.</summary>
    public string StatusMetric { get; init; } = "probe_http_status_code";

    /// <summary>Gets how the day's probe durations become its latency: <c>avg</c> or <c>max</c>.</summary>
    public string Latency { get; init; } = "avg";
}

/// <summary>A last-success timestamp gauge read into freshness measurements.</summary>
public sealed record PrometheusFreshness
{
    /// <summary>Gets the gauge: the Unix time in seconds of the dataset's last successful load.</summary>
    public required string Metric { get; init; }

    /// <summary>Gets the label matchers that pick the series.</summary>
    public string Selector { get; init; } = string.Empty;

    /// <summary>Gets the label that names the dataset (default <c>dataset</c>).</summary>
    public string DatasetLabel { get; init; } = "dataset";

    /// <summary>Gets the stage the lag is measured at.</summary>
    public required FreshnessStage Stage { get; init; }

    /// <summary>Gets how often the lag is measured.</summary>
    public TimeSpan Interval { get; init; } = TimeSpan.FromHours(1);
}
