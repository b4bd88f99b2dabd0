// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;

namespace AiOpsPolicy.Benchmarks;

/// <summary>
/// <c>clickhouse</c>: the <c>metrics1m</c> scenario (N workflow runs, 200 gates) with the runs in ClickHouse: two
/// <c>clickhouse-server</c> processes (Debian's 18.16) on free loopback ports with their own temporary folders, the
/// runs loaded whole into one server's <c>MergeTree</c> table and split between both behind a <c>Distributed</c> table
/// (as docs/evidence.md lays them out; times as Int64 Unix microseconds), the other kinds as NDJSON beside them. Times
/// the whole <c>gate</c> (cache hit, a fresh process each run) against one shard and against two: wall time, the gate
/// process's peak working set, and each server's peak resident memory. Fails unless both layouts (and, with
/// <c>--in-memory 1</c>, the default up to 1M runs, the NDJSON folder read in memory) give the same exit code and
/// gates JSON. The servers are stopped and their folders deleted at the end.
/// </summary>
internal static class ClickHouseBenchmark
{
    /// <summary>Runs inserted per request: about 100 MB of text at a time.</summary>
    private const int InsertBatch = 500_000;

    private const string Columns = "(id String, workflow String, step Nullable(String), startedAt Int64, endedAt Int64, outcome String)";

    private static readonly long EpochTicks = DateTimeOffset.UnixEpoch.UtcTicks;

    public static void Run(Layout layout, int records, int runs, int shards, bool inMemory, List<string> failures)
    {
        Console.WriteLine();
        Console.WriteLine($"== clickhouse: {records:N0} workflow runs, 200 gates, one shard against two (load average {LoadAverage()})");
        var scenario = MetricsScenario.Write(records, 200, PeersBenchmark.Seed, i => PeersBenchmark.MinPercents[i % PeersBenchmark.MinPercents.Length]);
        var others = Path.Combine(scenario.Root, "evidence-other-kinds");
        var cacheDir = Directory.CreateTempSubdirectory("aiops-bench-cache-").FullName;
        Servers? servers = null;
        try
        {
            Directory.CreateDirectory(others);
            foreach (var file in Directory.GetFiles(scenario.EvidenceDir).Where(f => f != scenario.RunsFile))
            {
                File.Copy(file, Path.Combine(others, Path.GetFileName(file)));
            }

            servers = new Servers(scenario.Root);
            var load = Stopwatch.StartNew();
            servers.Load(scenario.RunsFile);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"   loaded into ClickHouse in {load.Elapsed.TotalSeconds:F1} s: {servers.Count(0, "bench_one.workflow_runs"):N0} runs in one server, {servers.Count(0, "bench_local.workflow_runs"):N0} + {servers.Count(1, "bench_local.workflow_runs"):N0} in two shards"));

            var layouts = new List<(string Name, string[] Evidence)>();
            if (inMemory)
            {
                layouts.Add(("NDJSON (in memory)", [scenario.EvidenceDir]));
            }

            if (shards is 0 or 1)
            {
                layouts.Add(("ClickHouse, one shard", [others, servers.Url("bench_one")]));
            }

            if (shards is 0 or 2)
            {
                layouts.Add(("ClickHouse, two shards (Distributed)", [others, servers.Url("bench_two")]));
            }

            Console.WriteLine();
            Console.WriteLine("Whole gate (200 gates, cache hit), each run a fresh process:");
            var results = new List<(string Name, GateRuns Gate)>();
            foreach (var (name, evidence) in layouts)
            {
                servers.ResetPeaks();
                if (Gate(layout, scenario, evidence, cacheDir, runs, failures) is not { } gate)
                {
                    return;
                }

                results.Add((name, gate with { ServerPeaksMb = servers.PeaksMb() }));
            }

            Console.WriteLine($"| {"Evidence",-38} | {"Median ms",10} | {"Min ms",10} | {"Gate peak WS MB",16} | {"Servers' peak RSS MB",22} |");
            Console.WriteLine($"|{new string('-', 40)}|{new string('-', 11)}:|{new string('-', 11)}:|{new string('-', 17)}:|{new string('-', 23)}:|");
            foreach (var (name, gate) in results)
            {
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {name,-38} | {gate.Median,10:F0} | {gate.Min,10:F0} | {gate.PeakMb,16:F0} | {gate.ServerPeaksMb,22} |"));
            }

            Console.WriteLine($"   load average after: {LoadAverage()}");
            foreach (var (name, gate) in results.Skip(1))
            {
                if (gate.Report != results[0].Gate.Report || gate.Exit != results[0].Gate.Exit)
                {
                    failures.Add($"clickhouse: the gate from {name} differs from the gate from {results[0].Name}");
                }
            }

            if (results.Count > 1 && failures.Count == 0)
            {
                Console.WriteLine($"   the {results.Count} gates' exit codes and gates JSON are identical");
            }
        }
        finally
        {
            servers?.Dispose();
            Directory.Delete(cacheDir, recursive: true);
            Directory.Delete(scenario.Root, recursive: true);
        }
    }

    private sealed record GateRuns(double Median, double Min, double PeakMb, int Exit, string Report)
    {
        public string ServerPeaksMb { get; init; } = string.Empty;
    }

    private static GateRuns? Gate(Layout layout, MetricsScenario scenario, string[] evidence, string cacheDir, int runs, List<string> failures)
    {
        var report = Path.Combine(scenario.Root, "report.json");
        string[] gate = ["gate", "--policies", scenario.PolicyDir, .. evidence.SelectMany(e => new[] { "--evidence", e }), "--as-of", Layout.AsOf, "--no-color", "--cache-dir", cacheDir, "--json", report];
        var times = new List<double>();
        var peaks = new List<double>();
        var exit = 0;
        for (var i = 0; i <= runs; i++)
        {
            var result = ChildProcess.Run(layout.DotnetHost, [layout.HarnessDll, Child.GateMode, .. gate], layout.RepoRoot);
            if (result.ExitCode is not (0 or 1))
            {
                failures.Add($"clickhouse: gate over {string.Join(" + ", evidence.Select(e => e.Contains("://", StringComparison.Ordinal) ? e[(e.LastIndexOf('/') + 1)..] : e))}: {result.Describe()}");
                return null;
            }

            // The first run fills the compilation cache (only the first of all) and ClickHouse's page cache.
            if (i > 0 || runs == 0)
            {
                times.Add(result.Milliseconds);
                peaks.Add(double.Parse(result.Value("peak-ws-mb"), CultureInfo.InvariantCulture));
            }

            exit = result.ExitCode;
        }

        using var document = JsonDocument.Parse(File.ReadAllBytes(report));
        var gates = System.Text.RegularExpressions.Regex.Replace(document.RootElement.GetProperty("gates").GetRawText(), "\"path\": \"[^\"]*\"", "\"path\": \"\"");
        times.Sort();
        peaks.Sort();
        return new GateRuns(times[times.Count / 2], times[0], peaks[peaks.Count / 2], exit, gates);
    }

    private static string LoadAverage()
    {
        try
        {
            return File.ReadAllText("/proc/loadavg").Split(' ')[0];
        }
        catch (IOException)
        {
            return "unknown";
        }
    }

    /// <summary>Two ClickHouse servers, a cluster <c>two</c> of both as shards; databases <c>bench_one</c>, <c>bench_local</c> and <c>bench_two</c>.</summary>
    private sealed class Servers : IDisposable
    {
        /// <summary>Where Debian's package puts the server.</summary>
        private static readonly string[] Binaries = ["/usr/sbin/clickhouse-server", "/usr/bin/clickhouse-server"];

        private readonly string _folder;
        private readonly List<Process> _processes = [];
        private readonly int[] _http = new int[2];
        private readonly HttpClient _client = new(new SocketsHttpHandler { UseProxy = false }) { Timeout = TimeSpan.FromMinutes(30) };

        public Servers(string root)
        {
            _folder = Directory.CreateDirectory(Path.Combine(root, "clickhouse")).FullName;
            var binary = Binaries.FirstOrDefault(File.Exists)
                ?? throw new InvalidOperationException("'clickhouse-server' was not found: install it with 'apt-get install -y clickhouse-server clickhouse-client' (.ci/run does)");
            var tcp = new int[2];
            for (var i = 0; i < 2; i++)
            {
                _http[i] = FreePort();
                tcp[i] = FreePort();
            }

            File.WriteAllText(Path.Combine(_folder, "users.xml"), """
                <?xml version="1.0"?>
                <yandex>
                  <profiles><default><max_memory_usage>8000000000</max_memory_usage></default></profiles>
                  <users><default><password></password><networks><ip>127.0.0.1</ip></networks><profile>default</profile><quota>default</quota></default></users>
                  <quotas><default><interval><duration>3600</duration><queries>0</queries><errors>0</errors><result_rows>0</result_rows><read_rows>0</read_rows><execution_time>0</execution_time></interval></default></quotas>
                </yandex>
                """);
            for (var i = 0; i < 2; i++)
            {
                var folder = Directory.CreateDirectory(Path.Combine(_folder, $"server{i + 1}")).FullName;
                var config = Path.Combine(folder, "config.xml");
                File.WriteAllText(config, $"""
                    <?xml version="1.0"?>
                    <yandex>
                      <logger><level>warning</level><log>{folder}/server.log</log><errorlog>{folder}/error.log</errorlog></logger>
                      <http_port>{_http[i]}</http_port><tcp_port>{tcp[i]}</tcp_port><listen_host>127.0.0.1</listen_host>
                      <path>{folder}/data/</path><tmp_path>{folder}/tmp/</tmp_path><user_files_path>{folder}/user_files/</user_files_path>
                      <users_config>{_folder}/users.xml</users_config><default_profile>default</default_profile><default_database>default</default_database>
                      <timezone>UTC</timezone><mark_cache_size>536870912</mark_cache_size>
                      <remote_servers><two>
                        <shard><replica><host>127.0.0.1</host><port>{tcp[0]}</port></replica></shard>
                        <shard><replica><host>127.0.0.1</host><port>{tcp[1]}</port></replica></shard>
                      </two></remote_servers>
                    </yandex>
                    """);
                var start = new ProcessStartInfo(binary) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false, WorkingDirectory = folder };
                start.ArgumentList.Add($"--config-file={config}");
                var process = Process.Start(start) ?? throw new InvalidOperationException("clickhouse-server did not start");
                _processes.Add(process);
                process.BeginErrorReadLine();
                process.BeginOutputReadLine();
            }

            for (var i = 0; i < 2; i++)
            {
                WaitUntilReady(i);
            }
        }

        public string Url(string database) => string.Create(CultureInfo.InvariantCulture, $"clickhouse://127.0.0.1:{_http[0]}/{database}");

        public long Count(int server, string table) => long.Parse(Send(server, $"SELECT count() FROM {table} FORMAT TabSeparated", null).Trim(), CultureInfo.InvariantCulture);

        /// <summary>Loads the NDJSON runs: all into <c>bench_one</c> on server 1, alternately into each server's <c>bench_local</c>.</summary>
        public void Load(string runsFile)
        {
            Send(0, "CREATE DATABASE bench_one", null);
            Send(0, $"CREATE TABLE bench_one.workflow_runs {Columns} ENGINE = MergeTree ORDER BY id", null);
            for (var i = 0; i < 2; i++)
            {
                Send(i, "CREATE DATABASE bench_local", null);
                Send(i, $"CREATE TABLE bench_local.workflow_runs {Columns} ENGINE = MergeTree ORDER BY id", null);
            }

            Send(0, "CREATE DATABASE bench_two", null);
            Send(0, "CREATE TABLE bench_two.workflow_runs AS bench_local.workflow_runs ENGINE = Distributed(two, bench_local, workflow_runs)", null);
            string? collectedAt = null;
            var all = new StringBuilder();
            var halves = new[] { new StringBuilder(), new StringBuilder() };
            var row = 0;
            foreach (var line in File.ReadLines(runsFile))
            {
                using var document = JsonDocument.Parse(line);
                var root = document.RootElement;
                if (root.TryGetProperty("$evidence", out var header))
                {
                    collectedAt = header.GetProperty("collectedAt").GetString();
                    continue;
                }

                var tsv = string.Create(CultureInfo.InvariantCulture, $"{root.GetProperty("id").GetString()}\t{root.GetProperty("workflow").GetString()}\t{(root.TryGetProperty("step", out var step) ? step.GetString() : @"\N")}\t{Micros(root.GetProperty("startedAt"))}\t{Micros(root.GetProperty("endedAt"))}\t{root.GetProperty("outcome").GetString()}\n");
                all.Append(tsv);
                halves[row++ % 2].Append(tsv);
                if (row % InsertBatch == 0)
                {
                    Flush(all, halves);
                }
            }

            Flush(all, halves);
            foreach (var database in new[] { "bench_one", "bench_two" })
            {
                Send(0, $"CREATE TABLE {database}.aiops_evidence (kind String, collectedAt String) ENGINE = TinyLog", null);
                Send(0, $"INSERT INTO {database}.aiops_evidence FORMAT TabSeparated", $"workflow-runs\t{collectedAt}\n");
            }

            // Merge each table's parts, as a table loaded long ago would be.
            Send(0, "OPTIMIZE TABLE bench_one.workflow_runs FINAL", null);
            Send(0, "OPTIMIZE TABLE bench_local.workflow_runs FINAL", null);
            Send(1, "OPTIMIZE TABLE bench_local.workflow_runs FINAL", null);
        }

        /// <summary>Starts each server's peak resident memory afresh (Linux: writing 5 to clear_refs resets VmHWM).</summary>
        public void ResetPeaks()
        {
            foreach (var process in _processes)
            {
                try
                {
                    File.WriteAllText($"/proc/{process.Id}/clear_refs", "5");
                }
                catch (IOException)
                {
                }
                catch (UnauthorizedAccessException)
                {
                }
            }
        }

        /// <summary>Each server's peak resident memory (VmHWM) since <see cref="ResetPeaks"/>.</summary>
        public string PeaksMb() => string.Join(" + ", _processes.Select(p =>
        {
            var line = File.ReadLines($"/proc/{p.Id}/status").FirstOrDefault(l => l.StartsWith("VmHWM:", StringComparison.Ordinal));
            return line is null ? "?" : (long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) / 1024).ToString(CultureInfo.InvariantCulture);
        }));

        public void Dispose()
        {
            foreach (var process in _processes)
            {
                try
                {
                    if (!process.HasExited)
                    {
                        process.Kill(entireProcessTree: true);
                        process.WaitForExit(10_000);
                    }
                }
                finally
                {
                    process.Dispose();
                }
            }

            _client.Dispose();
        }

        private static long Micros(JsonElement time) => (time.GetDateTimeOffset().UtcTicks - EpochTicks) / 10;

        private static int FreePort()
        {
            using var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            return ((IPEndPoint)listener.LocalEndpoint).Port;
        }

        private void Flush(StringBuilder all, StringBuilder[] halves)
        {
            Send(0, "INSERT INTO bench_one.workflow_runs FORMAT TabSeparated", all.ToString());
            all.Clear();
            for (var i = 0; i < 2; i++)
            {
                Send(i, "INSERT INTO bench_local.workflow_runs FORMAT TabSeparated", halves[i].ToString());
                halves[i].Clear();
            }
        }

        private string Send(int server, string query, string? body)
        {
            var url = string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{_http[server]}/");
            using var request = new HttpRequestMessage(HttpMethod.Post, body is null ? url : url + "?query=" + Uri.EscapeDataString(query))
            {
                Content = new StringContent(body ?? query, new UTF8Encoding(false)),
            };
            using var response = _client.Send(request);
            var text = response.Content.ReadAsStringAsync().GetAwaiter().GetResult();
            return response.IsSuccessStatusCode ? text : throw new InvalidOperationException($"ClickHouse {server + 1} refused '{query}': {text}");
        }

        private void WaitUntilReady(int server)
        {
            var deadline = DateTime.UtcNow.AddSeconds(60);
            while (DateTime.UtcNow < deadline)
            {
                if (_processes[server].HasExited)
                {
                    throw new InvalidOperationException($"clickhouse-server {server + 1} exited with {_processes[server].ExitCode}");
                }

                try
                {
                    using var response = _client.GetAsync(new Uri($"http://127.0.0.1:{_http[server]}/ping")).GetAwaiter().GetResult();
                    if (response.IsSuccessStatusCode)
                    {
                        return;
                    }
                }
                catch (HttpRequestException)
                {
                }

                Thread.Sleep(100);
            }

            throw new InvalidOperationException($"clickhouse-server {server + 1} did not answer within 60 s");
        }
    }
}
