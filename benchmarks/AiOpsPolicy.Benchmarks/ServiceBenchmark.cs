// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using AiOpsPolicy.Core;
using AiOpsPolicy.Core.Compilation;
using AiOpsPolicy.Core.Configuration;
using AiOpsPolicy.History;
using Npgsql;

namespace AiOpsPolicy.Benchmarks;

/// <summary>
/// The decision service under load, loopback only: two <c>aiops-policy serve</c> processes over one fresh PostgreSQL
/// database, a fixed number of decisions over the example set (every evidence file inline) sent by a fixed number of
/// concurrent clients alternating between the instances. Reports throughput and latency percentiles, and fails unless
/// every decision was answered 201 and the decision log holds exactly one row per decision. Stops by itself: the
/// decisions are counted, and the servers run with <c>--for</c> as a backstop.
/// </summary>
internal static partial class ServiceBenchmark
{
    public static void Run(Layout layout, int decisions, int clients, int instances, int queueTimeoutSeconds, List<string> failures)
    {
        Console.WriteLine();
        Console.WriteLine($"## Decision service: {instances} instance(s), {clients} concurrent clients, {decisions:N0} decisions over the example set (inline), queue timeout {queueTimeoutSeconds} s");
        var database = CreateDatabase();
        var folder = Directory.CreateTempSubdirectory("aiops-bench-service-").FullName;
        var servers = new List<Process>();
        try
        {
            using var key = BundleSigningKey.Generate();
            var tenantToken = ServiceToken.Create();
            var adminToken = ServiceToken.Create();
            File.WriteAllText(Path.Combine(folder, "platform.pub"), key.PublicKeyPem);
            var config = Path.Combine(folder, "operator.yaml");
            File.WriteAllText(config, $"""
                apiVersion: aiops-policy/v1
                kind: OperatorConfiguration
                historyStores:
                  decisions:
                    postgres: "{database.ConnectionString}"
                bundles:
                  trustedKeys:
                    platform:
                      publicKeyFile: platform.pub
                service:
                  historyStore: decisions
                  limits:
                    queueTimeoutSeconds: {queueTimeoutSeconds}
                  adminTokens:
                    platform: {ServiceToken.Format(ServiceToken.Hash(adminToken))}
                  tenants:
                    helpdesk:
                      policySets: [helpdesk-ai]
                      tokens:
                        load: {ServiceToken.Format(ServiceToken.Hash(tenantToken))}
                """);
            using var bundle = new MemoryStream();
            if (PolicyEngine.Build([layout.HelpdeskPolicies], bundle, key).Any(d => d.IsError))
            {
                throw new HarnessException("the example policy set did not build into a bundle");
            }

            var addresses = new List<Uri>();
            for (var i = 0; i < instances; i++)
            {
                var (process, address) = StartServer(layout, config);
                servers.Add(process);
                addresses.Add(address);
            }

            using var handler = new SocketsHttpHandler { MaxConnectionsPerServer = clients, PooledConnectionLifetime = TimeSpan.FromMinutes(30) };
            using var http = new HttpClient(handler) { Timeout = TimeSpan.FromMinutes(5) };
            using (var content = new ByteArrayContent(bundle.ToArray()))
            {
                content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
                using var put = new HttpRequestMessage(HttpMethod.Put, new Uri(addresses[0], "/v1/policy-sets/helpdesk-ai/bundle")) { Content = content };
                put.Headers.Authorization = new AuthenticationHeaderValue("Bearer", adminToken);
                using var loaded = http.Send(put);
                if (loaded.StatusCode != HttpStatusCode.OK)
                {
                    throw new HarnessException($"loading the bundle answered {(int)loaded.StatusCode}");
                }
            }

            var body = RequestBody(layout);
            var warmup = 10 * instances;
            var (warmupStatuses, _, _) = Drive(http, addresses, tenantToken, body, "warmup", warmup, Math.Min(clients, 10));
            var (statuses, latencies, wall) = Drive(http, addresses, tenantToken, body, "load", decisions, clients);

            var scraped = addresses.Select(a => Scrape(http, a)).ToList();
            var sorted = latencies.Order().ToArray();
            double Percentile(double p) => sorted.Length == 0 ? double.NaN : sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];
            var created = statuses.Count(s => s == 201);
            var logged = CountDecisions(database.ConnectionString);
            var runs = CountRuns(database.ConnectionString);
            var load = File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "?";
            Console.WriteLine($"| {"Measure",-44} | {"Value",14} |");
            Console.WriteLine($"|{new string('-', 46)}|{new string('-', 15)}:|");
            Row("decisions answered 201", created.ToString("N0", CultureInfo.InvariantCulture));
            Row("other answers", string.Join(", ", statuses.Where(s => s != 201).GroupBy(s => s).Select(g => $"{g.Key}: {g.Count()}")) is { Length: > 0 } other ? other : "none");
            Row("wall time s", wall.TotalSeconds.ToString("F1", CultureInfo.InvariantCulture));
            Row("throughput decisions/s", (decisions / wall.TotalSeconds).ToString("F1", CultureInfo.InvariantCulture));
            Row("latency p50 ms", Percentile(0.50).ToString("F0", CultureInfo.InvariantCulture));
            Row("latency p90 ms", Percentile(0.90).ToString("F0", CultureInfo.InvariantCulture));
            Row("latency p99 ms", Percentile(0.99).ToString("F0", CultureInfo.InvariantCulture));
            Row("latency max ms", (sorted.Length == 0 ? double.NaN : sorted[^1]).ToString("F0", CultureInfo.InvariantCulture));
            Row("decision log rows (warm-up + load)", $"{logged:N0} of {warmup + decisions:N0}");
            Row("runs rows", runs.ToString("N0", CultureInfo.InvariantCulture));
            var counted = scraped.Sum(m => Sample(m, DecisionsMetric()));
            var timed = scraped.Sum(m => Sample(m, DecisionLatencyCount()));
            Row("decisions by /metrics (all instances)", $"{counted:N0}; timed {timed:N0}");
            Row("machine load average (1 min) at the end", load);
            if (counted != warmup + decisions || timed != warmup + decisions)
            {
                failures.Add($"service: /metrics counted {counted} decisions and timed {timed} requests for {warmup + decisions} decisions");
            }

            if (created != decisions || warmupStatuses.Any(s => s != 201))
            {
                failures.Add($"service: {decisions - created} of {decisions} decisions were not answered 201");
            }

            if (logged != warmup + decisions || runs != logged)
            {
                failures.Add($"service: the decision log holds {logged} rows ({runs} runs) for {warmup + decisions} decisions");
            }
        }
        finally
        {
            foreach (var server in servers)
            {
                Stop(server);
            }

            DropDatabase(database.Database ?? string.Empty);
            Directory.Delete(folder, recursive: true);
        }

        static void Row(string name, string value) => Console.WriteLine($"| {name,-44} | {value,14} |");
    }

    /// <summary>Sends <paramref name="count"/> decisions from <paramref name="clients"/> concurrent clients, alternating instances.</summary>
    private static (List<int> Statuses, List<double> LatenciesMs, TimeSpan Wall) Drive(HttpClient http, List<Uri> addresses, string token, string body, string prefix, int count, int clients)
    {
        var refusals = new ConcurrentBag<string>();
        var next = -1;
        var statuses = new ConcurrentBag<int>();
        var latencies = new ConcurrentBag<double>();
        var run = Guid.NewGuid().ToString("N")[..8];
        var clock = Stopwatch.StartNew();
        var workers = Enumerable.Range(0, clients).Select(_ => Task.Run(async () =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < count)
            {
                using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(addresses[i % addresses.Count], "/v1/policy-sets/helpdesk-ai/decisions"))
                {
                    Content = new StringContent(body.Replace("\"KEY\"", $"\"{prefix}-{run}-{i}\"", StringComparison.Ordinal), Encoding.UTF8, "application/json"),
                };
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
                var started = Stopwatch.GetTimestamp();
                try
                {
                    using var response = await http.SendAsync(request).ConfigureAwait(false);
                    var answer = await response.Content.ReadAsStringAsync().ConfigureAwait(false);
                    statuses.Add((int)response.StatusCode);
                    if (response.StatusCode != HttpStatusCode.Created)
                    {
                        refusals.Add(answer.Length > 300 ? answer[..300] : answer);
                    }
                }
                catch (HttpRequestException ex)
                {
                    statuses.Add(0);
                    refusals.Add(ex.Message);
                }

                latencies.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            }
        })).ToArray();
        Task.WaitAll(workers);
        foreach (var refusal in refusals.Distinct().Take(3))
        {
            // What a refused decision said (the diagnostic names the cause), so that a failed run explains itself.
            Console.WriteLine($"{prefix}: not 201: {refusal.ReplaceLineEndings(" ")}");
        }

        return ([.. statuses], [.. latencies], clock.Elapsed);
    }

    /// <summary>An instance's Prometheus metrics, read once the load is over.</summary>
    private static string Scrape(HttpClient http, Uri address)
    {
        using var response = http.Send(new HttpRequestMessage(HttpMethod.Get, new Uri(address, "/metrics")));
        using var reader = new StreamReader(response.Content.ReadAsStream());
        return response.StatusCode == HttpStatusCode.OK ? reader.ReadToEnd() : throw new HarnessException($"/metrics answered {(int)response.StatusCode}");
    }

    /// <summary>The sum of every sample a pattern matches (its first group is the value).</summary>
    private static long Sample(string metrics, Regex pattern) =>
        pattern.Matches(metrics).Sum(m => long.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture));

    private static string RequestBody(Layout layout)
    {
        var files = new JsonArray();
        foreach (var file in Directory.GetFiles(layout.ExampleEvidence).Order(StringComparer.Ordinal))
        {
            files.Add(new JsonObject { ["name"] = Path.GetFileName(file), ["content"] = File.ReadAllText(file) });
        }

        return new JsonObject { ["asOf"] = Layout.AsOf, ["idempotencyKey"] = "KEY", ["evidence"] = files }.ToJsonString();
    }

    private static (Process Process, Uri Address) StartServer(Layout layout, string config)
    {
        var start = new ProcessStartInfo(layout.DotnetHost) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in new[] { layout.CliDll, "serve", "--config", config, "--urls", "http://127.0.0.1:0", "--for", "60m" })
        {
            start.ArgumentList.Add(arg);
        }

        var process = Process.Start(start) ?? throw new HarnessException("aiops-policy serve did not start");
        var line = process.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromMinutes(3)).GetAwaiter().GetResult();
        var match = line is null ? null : Listening().Match(line);
        if (match is not { Success: true })
        {
            process.Kill();
            throw new HarnessException($"serve did not start: {line} {process.StandardError.ReadToEnd()}");
        }

        // Keep reading its output so that it never blocks on a full pipe.
        _ = process.StandardOutput.ReadToEndAsync();
        _ = process.StandardError.ReadToEndAsync();
        return (process, new Uri(match.Groups[1].Value));
    }

    private static void Stop(Process process)
    {
        if (!process.HasExited)
        {
            using (var kill = Process.Start("kill", ["-TERM", process.Id.ToString(CultureInfo.InvariantCulture)]))
            {
                kill.WaitForExit();
            }

            if (!process.WaitForExit(TimeSpan.FromMinutes(1)))
            {
                process.Kill();
            }
        }

        process.Dispose();
    }

    private static long CountDecisions(string connectionString) => WithStore(connectionString, store => store.CountDecisionsAsync());

    private static long CountRuns(string connectionString) => WithStore(connectionString, store => store.CountRunsAsync());

    private static long WithStore(string connectionString, Func<IHistoryStore, Task<long>> query)
    {
        var store = HistoryStoreFactory.OpenAsync(connectionString).GetAwaiter().GetResult();
        try
        {
            return query(store).GetAwaiter().GetResult();
        }
        finally
        {
            store.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }
    }

    private static NpgsqlConnectionStringBuilder CreateDatabase()
    {
        var configured = Configured();
        var name = $"aiops_bench_svc_{Guid.NewGuid():N}"[..40];
        Admin(configured, $"CREATE DATABASE \"{name}\"");
        // A good neighbour on a shared server: each instance holds at most 8 pooled connections (its decision slots take
        // 4 on 2 cores; reads and the bundle check the rest), not Npgsql's default of 100.
        return new NpgsqlConnectionStringBuilder(configured.ConnectionString) { Database = name, MaxPoolSize = 8 };
    }

    private static void DropDatabase(string name) => Admin(Configured(), $"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)");

    private static NpgsqlConnectionStringBuilder Configured() =>
        new(Environment.GetEnvironmentVariable("AIOPS_POSTGRES") is { Length: > 0 } value ? value : "Host=127.0.0.1;Port=5432;Username=postgres;Password=postgres;Database=postgres");

    private static void Admin(NpgsqlConnectionStringBuilder configured, string sql)
    {
        using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(configured.ConnectionString) { Database = "postgres", Pooling = false }.ConnectionString);
        connection.Open();
        using var command = new NpgsqlCommand(sql, connection);
        command.ExecuteNonQuery();
    }

    [GeneratedRegex(@"^aiops_policy_decisions_total\{policy_set=""helpdesk-ai"",status=""(?:allowed|blocked)""\} (\d+)$", RegexOptions.Multiline)]
    private static partial Regex DecisionsMetric();

    [GeneratedRegex(@"^aiops_policy_http_request_duration_seconds_count\{route=""/v1/policy-sets/\{name\}/decisions""\} (\d+)$", RegexOptions.Multiline)]
    private static partial Regex DecisionLatencyCount();

    [GeneratedRegex(@"listening on (http://127\.0\.0\.1:\d+)")]
    private static partial Regex Listening();
}
