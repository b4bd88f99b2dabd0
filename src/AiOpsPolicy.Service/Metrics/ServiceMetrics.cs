// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using System.Collections.Concurrent;
using System.Globalization;
using System.Text;

namespace AiOpsPolicy.Service.Metrics;

/// <summary>
/// The service's Prometheus metrics, written in the text exposition format (version 0.0.4) by hand: three counters, one
/// histogram and two gauges need no client library, and the output stays exactly what docs/service.md lists (a test
/// checks it with <c>promtool check metrics</c>). Every update is a lock-free interlocked add.
/// </summary>
public sealed class ServiceMetrics
{
    /// <summary>The latency histogram's upper bounds in seconds: from a cached, small decision to a slow, large one.</summary>
    public static readonly double[] LatencyBuckets = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

    private readonly ConcurrentDictionary<(string Route, string Method, int Code), Counter> _requests = new();
    private readonly ConcurrentDictionary<string, Histogram> _latency = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<(string PolicySet, string Status), Counter> _decisions = new();
    private long _inFlight;
    private long _bundles;

    /// <summary>Counts a finished request and its latency.</summary>
    /// <param name="route">The route pattern (never the raw path, whose values would explode the label set).</param>
    /// <param name="method">The HTTP method.</param>
    /// <param name="code">The status code.</param>
    /// <param name="seconds">How long it took.</param>
    public void Request(string route, string method, int code, double seconds)
    {
        Interlocked.Increment(ref _requests.GetOrAdd((route, method, code), _ => new Counter()).Value);
        _latency.GetOrAdd(route, _ => new Histogram()).Observe(seconds);
    }

    /// <summary>Counts a decision request's outcome for a policy set the caller owns.</summary>
    /// <param name="policySet">The policy set.</param>
    /// <param name="status"><c>allowed</c>, <c>blocked</c>, <c>invalid</c> (4xx) or <c>unavailable</c> (5xx).</param>
    public void Decision(string policySet, string status) =>
        Interlocked.Increment(ref _decisions.GetOrAdd((policySet, status), _ => new Counter()).Value);

    /// <summary>Adds to the number of requests in progress.</summary>
    /// <param name="delta">+1 when one starts, -1 when it ends.</param>
    public void InFlight(int delta) => Interlocked.Add(ref _inFlight, delta);

    /// <summary>Sets the number of compiled bundles held in memory.</summary>
    /// <param name="count">The number.</param>
    public void BundlesLoaded(int count) => Interlocked.Exchange(ref _bundles, count);

    /// <summary>Writes every metric in the Prometheus text format, in a fixed order.</summary>
    /// <returns>The exposition text.</returns>
    public string Write()
    {
        var text = new StringBuilder();
        text.Append("# HELP aiops_policy_http_requests_total HTTP requests answered, by route pattern, method and status code.\n");
        text.Append("# TYPE aiops_policy_http_requests_total counter\n");
        foreach (var ((route, method, code), counter) in _requests.OrderBy(p => p.Key.Route, StringComparer.Ordinal).ThenBy(p => p.Key.Method, StringComparer.Ordinal).ThenBy(p => p.Key.Code))
        {
            text.Append("aiops_policy_http_requests_total{route=\"").Append(Escape(route)).Append("\",method=\"").Append(Escape(method))
                .Append("\",code=\"").Append(code.ToString(CultureInfo.InvariantCulture)).Append("\"} ")
                .Append(Volatile.Read(ref counter.Value).ToString(CultureInfo.InvariantCulture)).Append('\n');
        }

        text.Append("# HELP aiops_policy_http_request_duration_seconds HTTP request latency, by route pattern.\n");
        text.Append("# TYPE aiops_policy_http_request_duration_seconds histogram\n");
        foreach (var (route, histogram) in _latency.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            histogram.Write(text, "aiops_policy_http_request_duration_seconds", "route=\"" + Escape(route) + "\"");
        }

        text.Append("# HELP aiops_policy_decisions_total Decision requests by policy set and outcome (allowed, blocked, invalid, unavailable).\n");
        text.Append("# TYPE aiops_policy_decisions_total counter\n");
        foreach (var ((policySet, status), counter) in _decisions.OrderBy(p => p.Key.PolicySet, StringComparer.Ordinal).ThenBy(p => p.Key.Status, StringComparer.Ordinal))
        {
            text.Append("aiops_policy_decisions_total{policy_set=\"").Append(Escape(policySet)).Append("\",status=\"").Append(Escape(status)).Append("\"} ")
                .Append(Volatile.Read(ref counter.Value).ToString(CultureInfo.InvariantCulture)).Append('\n');
        }

        text.Append("# HELP aiops_policy_requests_in_flight HTTP requests being answered now.\n");
        text.Append("# TYPE aiops_policy_requests_in_flight gauge\n");
        text.Append("aiops_policy_requests_in_flight ").Append(Interlocked.Read(ref _inFlight).ToString(CultureInfo.InvariantCulture)).Append('\n');
        text.Append("# HELP aiops_policy_bundles_loaded Compiled bundles held in memory (by digest).\n");
        text.Append("# TYPE aiops_policy_bundles_loaded gauge\n");
        text.Append("aiops_policy_bundles_loaded ").Append(Interlocked.Read(ref _bundles).ToString(CultureInfo.InvariantCulture)).Append('\n');
        return text.ToString();
    }

    /// <summary>Escapes a label value as the exposition format requires (backslash, double quote, line feed).</summary>
    internal static string Escape(string value) =>
        value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal);

    private static string Number(double value) =>
        double.IsPositiveInfinity(value) ? "+Inf" : value.ToString("R", CultureInfo.InvariantCulture);

    /// <summary>A counter cell: a field, so that <see cref="Interlocked"/> can update it in place.</summary>
    private sealed class Counter
    {
#pragma warning disable SA1401, CA1051 // A public field: Interlocked needs a reference to it.
        public long Value;
#pragma warning restore SA1401, CA1051
    }

    /// <summary>One histogram series: a count per bucket (not cumulative until written), the sum in microseconds, the count.</summary>
    private sealed class Histogram
    {
        private readonly long[] _buckets = new long[LatencyBuckets.Length + 1];
        private long _sumMicroseconds;
        private long _count;

        public void Observe(double seconds)
        {
            var index = Array.FindIndex(LatencyBuckets, bound => seconds <= bound);
            Interlocked.Increment(ref _buckets[index < 0 ? LatencyBuckets.Length : index]);
            Interlocked.Add(ref _sumMicroseconds, (long)(seconds * 1_000_000));
            Interlocked.Increment(ref _count);
        }

        public void Write(StringBuilder text, string name, string labels)
        {
            // Read the count first and never let a bucket pass it: a scrape racing an update still sees cumulative
            // buckets that never decrease and a +Inf bucket equal to _count.
            var count = Interlocked.Read(ref _count);
            long cumulative = 0;
            for (var i = 0; i <= LatencyBuckets.Length; i++)
            {
                cumulative = Math.Min(count, cumulative + Interlocked.Read(ref _buckets[i]));
                var bound = i < LatencyBuckets.Length ? LatencyBuckets[i] : double.PositiveInfinity;
                var shown = i < LatencyBuckets.Length ? cumulative : count;
                text.Append(name).Append("_bucket{").Append(labels).Append(",le=\"").Append(Number(bound)).Append("\"} ")
                    .Append(shown.ToString(CultureInfo.InvariantCulture)).Append('\n');
            }

            text.Append(name).Append("_sum{").Append(labels).Append("} ")
                .Append((Interlocked.Read(ref _sumMicroseconds) / 1_000_000.0).ToString("R", CultureInfo.InvariantCulture)).Append('\n');
            text.Append(name).Append("_count{").Append(labels).Append("} ").Append(count.ToString(CultureInfo.InvariantCulture)).Append('\n');
        }
    }
}
