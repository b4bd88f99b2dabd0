// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using System.Globalization;

namespace AiOpsPolicy.Benchmarks;

/// <summary>
/// The performance harness. Modes: <c>startup</c>, <c>compile500</c>, <c>roslyn</c>, <c>metrics1m</c>, <c>peers</c>, <c>loading</c>, <c>parquet</c>, <c>clickhouse</c>, <c>quarantine</c>, <c>memory</c>, <c>history</c>, <c>trust</c>, <c>service</c>, <c>smoke</c>, <c>all</c>; see
/// docs/performance.md. Exits 0 when every measurement ran and every check held, 1 otherwise.
/// </summary>
internal static class Program
{
    private const string UsageText = """
        usage: AiOpsPolicy.Benchmarks <mode> [options]

          startup     whole-process wall time: noop app, cold validate, warm gate, cold gate; then on the 200-gate
                      metrics set with tiny evidence: warm gate against benchmarks/RulesEnginePrepare (162 SLA rules)
                      and noop, cold gate against benchmarks/PlainRoslyn (200 expressions, one compilation)
                      (options: --runs N [10], --warmup N [2])
          compile500  Prepare() of a generated policy set: in-process after warm-up, and in fresh processes
                      (options: --gates N [500], --runs N [5], --warmup N [1])
          roslyn      checks that a cache hit never loads Microsoft.CodeAnalysis (also part of startup and smoke)
          metrics1m   evidence loading and metric evaluation over N workflow runs and G gates against
                      hand-written fused and per-rule baselines; fails if any value differs
                      (options: --records N [1000000], --gates G [200], --runs N [15], --warmup N [3],
                      --keep 1 to keep the generated folder)
          peers       the SLA gates of metrics1m (162 of 200) as one rule expression per gate over the raw runs, in
                      RulesEngine, DynamicExpresso and Roslyn scripting, against the engine and hand-written C#:
                      preparation, evaluation, memory; fails unless every approach gives every gate the engine's verdict
                      (options: --records N [1000000], --gates G [200], --runs N [3], --warmup N [1], --prepare-runs N [2])
          loading     evidence loading of N workflow runs: NDJSON through LoadEvidence against a minimal System.Text.Json
                      reader, and the same runs as a JSON envelope and as CSV; throughput in process, peak memory in
                      fresh processes (options: --records N [1000000], --runs N [3], --warmup N [1])
          memory      peak working set of a whole gate (200 gates, cache hit) over N workflow runs against the managed heap the
                      loaded evidence retains, each in a fresh process (options: --records N [1000000])
          parquet     the metrics1m scenario as NDJSON and as Parquet: the runs file read by Parquet.Net and by DuckDB.NET,
                      the evidence load of each folder, and the whole gate (200 gates, cache hit, fresh processes) from NDJSON
                      (in memory), Parquet and a .duckdb store (runs pushed down to DuckDB), interleaved, by the CLI (the ReadyToRun publish
                      if any): wall time, peak RSS and CPU from /usr/bin/time;
                      fails unless all give the same gates
                      (options: --records N [1000000], --runs N [3], --warmup N [1], --gates-only 1 skips the in-process rows,
                      --in-memory-max N [10000000]: above it no NDJSON and no in-memory gate, runs streamed to Parquet,
                      --keep 1 keeps the generated folder: TMPDIR chooses where it goes, --composite 1 runs every gate with the
                      composite publish, artifacts/publish/linux-x64-composite, --plain-names 1 writes the runs' names
                      without a dictionary, as Parquet.Net does by default)
          clickhouse  the metrics1m scenario with the runs in ClickHouse (two clickhouse-server 18.16 processes on loopback,
                      started and stopped here): whole gate (200 gates, cache hit, fresh processes) with the runs in one
                      shard and split between two behind a Distributed table, the other kinds as NDJSON; wall time, the
                      gate's peak working set and the servers' peak RSS; fails unless all give the same gates
                      (options: --records N [1000000], --runs N [3], --shards 0|1|2 [0: both], --in-memory 0|1 [1 up to
                      1M runs]: also the NDJSON folder read in memory)
          history     fills a SQLite file and a PostgreSQL database with N recorded runs (30 gates, 10 controls, over a
                      year) and times every query of 'coverage' and 'history'; fails if a median is 1 s or more
                      (options: --runs N [100000], --repeat N [3], --postgres 0|1 [1])
          quarantine  the metrics scenario with invalid runs planted: checks the gate still decides with every planted
                      run quarantined and counted, and times the clean and planted loads and the contract check alone
                      (options: --records N [1000000], --planted N [1170], --runs N [3], --warmup N [1])
          trust       what authenticating compiled code costs: the cache entry's HMAC, the key file, a cache-hit
                      Prepare(), and loading a signed bundle against an unsigned one (options: --gates N [200], --runs N [20])
          service     the decision service under load on loopback: N instances of 'aiops-policy serve' over one fresh
                      PostgreSQL database, C concurrent clients, D decisions over the example set (evidence inline);
                      throughput, p50/p90/p99 latency, and fails unless every decision was answered 201 and the decision
                      log holds exactly one row per decision and /metrics counted each (options: --decisions D [2000], --clients C
                      [200], --instances N [2], --queue-timeout S [600]: how long a decision may wait for a slot)
          smoke       every mode at tiny sizes (metrics: 20,000 runs, 40 gates); for CI, finishes in seconds
          all         startup, roslyn and compile500

        The CLI and Noop are built with the harness (project references); run with
          dotnet run -c Release --project benchmarks/AiOpsPolicy.Benchmarks -- <mode>
        """;

    private static int Main(string[] args)
    {
        if (args.Length == 0 || args[0] is "-h" or "--help" or "help")
        {
            Console.WriteLine(UsageText);
            return args.Length == 0 ? 2 : 0;
        }

        // The fresh-process probes the harness starts itself with; they take raw CLI arguments.
        switch (args[0])
        {
            case Child.PrepareMode:
                return Child.Prepare(args[1..]);
            case Child.GateMode:
                return Child.Gate(args[1..]);
            case LoadingBenchmark.ChildMode:
                return LoadingBenchmark.Child(args[1..]);
            case MemoryBenchmark.EvidenceMode:
                return MemoryBenchmark.Evidence(args[1..]);
        }

        try
        {
            var options = Options.Parse(args[1..]);
            var failures = new List<string>();
            switch (args[0])
            {
                case "startup":
                    StartupBenchmark.Run(Layout.Locate(), options.Int("runs", 10), options.Int("warmup", 2), failures);
                    StartupBenchmark.RunPeers(Layout.Locate(), options.Int("runs", 10), options.Int("warmup", 2), failures);
                    RoslynLoadCheck.Run(Layout.Locate(), failures);
                    break;
                case "compile500":
                    CompileBenchmark.Run(Layout.Locate(), options.Int("gates", 500), options.Int("runs", 5), options.Int("warmup", 1), failures);
                    break;
                case "roslyn":
                    RoslynLoadCheck.Run(Layout.Locate(), failures);
                    break;
                case "metrics1m":
                    MetricsBenchmark.Run(options.Int("records", 1_000_000), options.Int("gates", 200), options.Int("runs", 15), options.Int("warmup", 3), options.Int("keep", 0) != 0, failures);
                    break;
                case "peers":
                    PeersBenchmark.Run(options.Int("records", 1_000_000), options.Int("gates", 200), options.Int("runs", 3), options.Int("warmup", 1), options.Int("prepare-runs", 2), failures);
                    break;
                case "memory":
                    MemoryBenchmark.Run(Layout.Locate(), options.Int("records", 1_000_000), failures);
                    break;
                case "loading":
                    LoadingBenchmark.Run(Layout.Locate(), options.Int("records", 1_000_000), options.Int("runs", 3), options.Int("warmup", 1), failures);
                    break;
                case "quarantine":
                    QuarantineBenchmark.Run(Layout.Locate(), options.Int("records", 1_000_000), options.Int("planted", 1170), options.Int("runs", 3), options.Int("warmup", 1), failures);
                    break;
                case "parquet":
                    ParquetBenchmark.Run(Layout.Locate(), options.Int("records", 1_000_000), options.Int("runs", 3), options.Int("warmup", 1), failures, options.Int("gates-only", 0) != 0, options.Int("in-memory-max", ParquetBenchmark.DefaultInMemoryMax), options.Int("keep", 0) != 0, options.Int("composite", 0) != 0, options.Int("plain-names", 0) != 0);
                    break;
                case "clickhouse":
                    var chRecords = options.Int("records", 1_000_000);
                    ClickHouseBenchmark.Run(Layout.Locate(), chRecords, options.Int("runs", 3), options.Int("shards", 0), options.Int("in-memory", chRecords <= 1_000_000 ? 1 : 0) != 0, failures);
                    break;
                case "history":
                    HistoryBenchmark.Run(options.Int("runs", 100_000), options.Int("repeat", 3), options.Int("postgres", 1) != 0, failures);
                    break;
                case "trust":
                    TrustBenchmark.Run(Layout.Locate().RepoRoot, options.Int("gates", 200), options.Int("runs", 20), failures);
                    break;
                case "service":
                    ServiceBenchmark.Run(Layout.Locate(), options.Int("decisions", 2000), options.Int("clients", 200), options.Int("instances", 2), options.Int("queue-timeout", 600), failures);
                    break;
                case "all":
                    StartupBenchmark.Run(Layout.Locate(), options.Int("runs", 10), options.Int("warmup", 2), failures);
                    RoslynLoadCheck.Run(Layout.Locate(), failures);
                    CompileBenchmark.Run(Layout.Locate(), options.Int("gates", 500), options.Int("runs", 5), options.Int("warmup", 1), failures);
                    break;
                case "smoke":
                    StartupBenchmark.Run(Layout.Locate(), runs: 1, warmup: 0, failures);
                    StartupBenchmark.RunPeers(Layout.Locate(), runs: 1, warmup: 0, failures);
                    RoslynLoadCheck.Run(Layout.Locate(), failures);
                    CompileBenchmark.Run(Layout.Locate(), gates: 12, runs: 1, warmup: 0, failures);
                    MetricsBenchmark.Run(runs: 20_000, gates: 40, repeat: 1, warmup: 0, keep: false, failures);
                    PeersBenchmark.Run(records: 20_000, gates: 25, repeat: 1, warmup: 0, prepareRepeat: 0, failures);
                    LoadingBenchmark.Run(Layout.Locate(), records: 20_000, repeat: 1, warmup: 0, failures);
                    QuarantineBenchmark.Run(Layout.Locate(), records: 20_000, planted: 50, repeat: 1, warmup: 0, failures);
                    HistoryBenchmark.Run(runs: 2_000, repeat: 1, postgres: false, failures);
                    ClickHouseBenchmark.Run(Layout.Locate(), records: 20_000, runs: 0, shards: 0, inMemory: true, failures);
                    ParquetBenchmark.Run(Layout.Locate(), records: 20_000, runs: 1, warmup: 0, failures);
                    MemoryBenchmark.Run(Layout.Locate(), records: 20_000, failures);
                    TrustBenchmark.Run(Layout.Locate().RepoRoot, gates: 12, runs: 2, failures);
                    ServiceBenchmark.Run(Layout.Locate(), decisions: 40, clients: 20, instances: 2, queueTimeoutSeconds: 600, failures);
                    break;
                default:
                    Console.Error.WriteLine($"unknown mode '{args[0]}'");
                    Console.Error.WriteLine(UsageText);
                    return 2;
            }

            Console.WriteLine();
            if (failures.Count > 0)
            {
                Console.WriteLine($"FAILED: {failures.Count} problem(s)");
                foreach (var failure in failures)
                {
                    Console.WriteLine($"  - {failure}");
                }

                return 1;
            }

            Console.WriteLine("OK: every measurement ran and every check held.");
            return 0;
        }
        catch (Exception ex) when (ex is HarnessException or InvalidOperationException or IOException)
        {
            Console.Error.WriteLine($"FAILED: {ex.Message}");
            return 1;
        }
    }
}

/// <summary>A failure that stops the harness: a missing build output, an unreadable argument.</summary>
internal sealed class HarnessException(string message) : Exception(message);

/// <summary><c>--name value</c> options.</summary>
internal sealed class Options
{
    private readonly Dictionary<string, string> _values = new(StringComparer.Ordinal);

    public static Options Parse(string[] args)
    {
        var options = new Options();
        for (var i = 0; i < args.Length; i++)
        {
            if (!args[i].StartsWith("--", StringComparison.Ordinal) || i + 1 >= args.Length)
            {
                throw new HarnessException($"expected '--name value', got '{args[i]}'");
            }

            options._values[args[i][2..]] = args[++i];
        }

        return options;
    }

    public int Int(string name, int fallback)
    {
        if (!_values.TryGetValue(name, out var text))
        {
            return fallback;
        }

        return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value >= 0
            ? value
            : throw new HarnessException($"--{name} needs a non-negative integer, got '{text}'");
    }
}
