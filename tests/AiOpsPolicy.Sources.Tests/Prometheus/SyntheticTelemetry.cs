// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using System.Globalization;
using System.Text;

namespace AiOpsPolicy.Sources.Tests.Prometheus;

/// <summary>
/// Deterministic telemetry of the ticket-triage workflow's inference step, as an exporter would have
/// scraped it: the runs themselves (the records a latency histogram is made from), the histogram's
/// series scraped every minute, blackbox probes of two connectors and a pipeline's last-success gauge,
/// all as OpenMetrics text for promtool. Fixed dates around <see cref="AsOf"/>, with data after it too.
/// </summary>
public sealed class SyntheticTelemetry
{
    /// <summary>The as-of time the tests collect at.</summary>
    public static readonly DateTimeOffset AsOf = new(2026, 11, 28, 12, 0, 0, TimeSpan.Zero);

    /// <summary>The histogram's bucket boundaries, in seconds.</summary>
    public static readonly double[] Buckets = [1, 5, 10, 30, 60];

    private static readonly DateTimeOffset First = AsOf.AddDays(-8);
    private static readonly DateTimeOffset Last = AsOf.AddHours(6);

    public SyntheticTelemetry()
    {
        var random = new Random(1515);
        var runs = new List<Run>();
        var time = First.AddSeconds(7.25);
        var index = 0;
        while (time < Last)
        {
            var seconds = Math.Round(random.NextDouble() < 0.9 ? 0.2 + (random.NextDouble() * 25) : 25 + (random.NextDouble() * 40), 3);
            var outcome = random.NextDouble() < 0.92 ? "routed-correctly" : "manual-review-needed";
            runs.Add(new Run($"inf-{index++:D5}", time, time.AddSeconds(seconds), outcome));
            time = time.AddSeconds(Math.Round(120 + (random.NextDouble() * 360), 3));
        }

        Runs = runs;
        OpenMetrics = Build(random);
    }

    /// <summary>Gets the runs the histogram was made from.</summary>
    public IReadOnlyList<Run> Runs { get; }

    /// <summary>Gets the OpenMetrics text (histogram, probes, last-success gauge).</summary>
    public string OpenMetrics { get; }

    /// <summary>Gets the probe samples: connector, scrape time, success, duration in seconds, HTTP status.</summary>
    public List<(string Connector, DateTimeOffset At, int Success, double Duration, int Status)> Probes { get; } = [];

    /// <summary>Gets the pipeline's successful loads of kb-articles.</summary>
    public List<DateTimeOffset> Loads { get; } = [];

    /// <summary>The runs as a workflow-runs evidence file.</summary>
    public string RunsEvidence()
    {
        var text = new StringBuilder();
        text.Append("{\"apiVersion\": \"aiops-evidence/v1\", \"kind\": \"workflow-runs\", \"collectedAt\": \"").Append(Iso(AsOf)).Append("\", \"records\": [\n");
        text.AppendJoin(",\n", Runs.Select(r => $"{{\"id\": \"{r.Id}\", \"workflow\": \"ticket-triage\", \"step\": \"inference\", \"startedAt\": \"{Iso(r.StartedAt)}\", \"endedAt\": \"{Iso(r.EndedAt)}\", \"outcome\": \"{r.Outcome}\"}}"));
        text.Append("]}\n");
        return text.ToString();
    }

    private static string Iso(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    private static string Number(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    private string Build(Random random)
    {
        var text = new StringBuilder();
        text.Append("# HELP triage_step_duration_seconds How long a ticket-triage step took.\n# TYPE triage_step_duration_seconds histogram\n");
        string[] outcomes = ["routed-correctly", "manual-review-needed"];
        var ended = Runs.OrderBy(r => r.EndedAt).ToList();
        var next = 0;
        var buckets = outcomes.ToDictionary(o => o, _ => new long[Buckets.Length + 1]);
        var sums = outcomes.ToDictionary(o => o, _ => 0.0);
        for (var scrape = First; scrape <= Last; scrape = scrape.AddMinutes(1))
        {
            while (next < ended.Count && ended[next].EndedAt <= scrape)
            {
                var run = ended[next++];
                var seconds = (run.EndedAt - run.StartedAt).TotalSeconds;
                for (var b = 0; b < Buckets.Length; b++)
                {
                    if (seconds <= Buckets[b])
                    {
                        buckets[run.Outcome][b]++;
                    }
                }

                buckets[run.Outcome][Buckets.Length]++;
                sums[run.Outcome] += seconds;
            }

            var at = scrape.ToUnixTimeSeconds();
            foreach (var outcome in outcomes)
            {
                var labels = $"step=\"inference\",outcome=\"{outcome}\"";
                for (var b = 0; b < Buckets.Length; b++)
                {
                    text.Append(CultureInfo.InvariantCulture, $"triage_step_duration_seconds_bucket{{{labels},le=\"{Number(Buckets[b])}\"}} {buckets[outcome][b]} {at}\n");
                }

                text.Append(CultureInfo.InvariantCulture, $"triage_step_duration_seconds_bucket{{{labels},le=\"+Inf\"}} {buckets[outcome][Buckets.Length]} {at}\n");
                text.Append(CultureInfo.InvariantCulture, $"triage_step_duration_seconds_count{{{labels}}} {buckets[outcome][Buckets.Length]} {at}\n");
                text.Append(CultureInfo.InvariantCulture, $"triage_step_duration_seconds_sum{{{labels}}} {Number(sums[outcome])} {at}\n");
            }
        }

        // Probes every minute, half a minute past, so that no sample sits on a day's edge.
        text.Append("# HELP probe_success Whether the probe succeeded.\n# TYPE probe_success gauge\n");
        var failingHour = AsOf.AddDays(-3).AddHours(-5);
        for (var scrape = First.AddSeconds(30); scrape <= Last; scrape = scrape.AddMinutes(1))
        {
            foreach (var connector in new[] { "crm-api", "kb-sync" })
            {
                var refused = connector == "crm-api" && scrape >= failingHour && scrape < failingHour.AddMinutes(20);
                var success = refused || random.NextDouble() < 0.01 ? 0 : 1;
                var duration = Math.Round(0.05 + (random.NextDouble() * (connector == "crm-api" ? 0.4 : 0.9)), 4);
                Probes.Add((connector, scrape, success, duration, refused ? 401 : success == 1 ? 200 : 503));
            }
        }

        foreach (var (connector, at, success, _, _) in Probes)
        {
            text.Append(CultureInfo.InvariantCulture, $"probe_success{{job=\"blackbox\",connector=\"{connector}\"}} {success} {at.ToUnixTimeSeconds()}\n");
        }

        text.Append("# HELP probe_duration_seconds How long the probe took.\n# TYPE probe_duration_seconds gauge\n");
        foreach (var (connector, at, _, duration, _) in Probes)
        {
            text.Append(CultureInfo.InvariantCulture, $"probe_duration_seconds{{job=\"blackbox\",connector=\"{connector}\"}} {Number(duration)} {at.ToUnixTimeSeconds()}\n");
        }

        text.Append("# HELP probe_http_status_code The probe's HTTP status.\n# TYPE probe_http_status_code gauge\n");
        foreach (var (connector, at, _, _, status) in Probes)
        {
            text.Append(CultureInfo.InvariantCulture, $"probe_http_status_code{{job=\"blackbox\",connector=\"{connector}\"}} {status} {at.ToUnixTimeSeconds()}\n");
        }

        // The pipeline loads kb-articles every 15 to 40 minutes; the gauge is scraped every minute.
        var load = First.AddMinutes(-10);
        while (load < Last)
        {
            Loads.Add(load);
            load = load.AddSeconds(900 + Math.Round(random.NextDouble() * 1500));
        }

        text.Append("# HELP pipeline_last_success_timestamp_seconds When the dataset last loaded.\n# TYPE pipeline_last_success_timestamp_seconds gauge\n");
        for (var scrape = First.AddSeconds(30); scrape <= Last; scrape = scrape.AddMinutes(1))
        {
            var last = Loads.Last(l => l <= scrape);
            text.Append(CultureInfo.InvariantCulture, $"pipeline_last_success_timestamp_seconds{{dataset=\"kb-articles\"}} {last.ToUnixTimeSeconds()} {scrape.ToUnixTimeSeconds()}\n");
        }

        text.Append("# EOF\n");
        return text.ToString();
    }

    /// <summary>One run of the inference step.</summary>
    public sealed record Run(string Id, DateTimeOffset StartedAt, DateTimeOffset EndedAt, string Outcome);
}
