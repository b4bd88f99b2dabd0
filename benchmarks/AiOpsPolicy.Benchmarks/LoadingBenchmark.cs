// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using AiOpsPolicy.Core;
using AiOpsPolicy.Core.Evidence;

namespace AiOpsPolicy.Benchmarks;

/// <summary>A workflow run as a minimal program reads it: the evidence fields, nothing else.</summary>
internal sealed record PlainRun(string Id, string Workflow, string? Step, DateTimeOffset StartedAt, DateTimeOffset EndedAt, string Outcome, int Transactions = 1);

/// <summary>Source-generated System.Text.Json metadata for <see cref="PlainRun"/> (camelCase, as in the files).</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(PlainRun))]
internal sealed partial class PlainRunJson : JsonSerializerContext;

/// <summary>
/// <c>loading</c>: N workflow runs as NDJSON through <see cref="PolicyEngine.LoadEvidence(IReadOnlyList{string})"/> against
/// a minimal System.Text.Json reader (line by line into <see cref="PlainRun"/>), and the same runs as
/// a JSON envelope and as CSV through the engine. Throughput in process (warm-up, then N runs);
/// peak memory in a fresh process per loader (the harness started with <see cref="ChildMode"/>).
/// Fails if any loader reads a different set of runs.
/// </summary>
internal static class LoadingBenchmark
{
    public const string ChildMode = "child-load";

    private const int Seed = 20261128;

    public static void Run(Layout layout, int records, int repeat, int warmup, List<string> failures)
    {
        Console.WriteLine();
        Console.WriteLine($"== loading: {records:N0} workflow runs, NDJSON / JSON envelope / CSV through LoadEvidence, against a minimal System.Text.Json reader");
        var scenario = MetricsScenario.Write(records, 40, Seed);
        try
        {
            var ndjson = scenario.RunsFile;
            var json = Path.Combine(scenario.Root, "evidence-json", "workflow-runs.json");
            var csv = Path.Combine(scenario.Root, "evidence-csv", "workflow-runs.csv");
            WriteOtherFormats(ndjson, json, csv);

            var loaders = new (string Name, string Loader, string Path)[]
            {
                ("minimal System.Text.Json, NDJSON line by line", "stj", ndjson),
                ("engine: LoadEvidence, NDJSON", "engine", ndjson),
                ("engine: LoadEvidence, JSON envelope", "engine", json),
                ("engine: LoadEvidence, CSV", "engine", csv),
            };

            var rows = new List<(string Name, long Bytes, Summary Time, double Cpu, string Peak, string Fingerprint)>();
            foreach (var (name, loader, path) in loaders)
            {
                var fingerprint = string.Empty;
                var cpu = new List<double>();
                var time = Measure.Repeat(name, warmup, repeat, () =>
                {
                    // CPU time (every thread of this process, GC included) as well as wall time: on a
                    // shared, loaded machine it is the steadier of the two.
                    using var self = Process.GetCurrentProcess();
                    var before = self.TotalProcessorTime;
                    var ms = Measure.Time(() => fingerprint = Load(loader, path));
                    self.Refresh();
                    cpu.Add((self.TotalProcessorTime - before).TotalMilliseconds);
                    return ms;
                });
                var cpuMedian = cpu.Skip(warmup).Order().ElementAt((cpu.Count - warmup) / 2);

                // Peak memory of one load in a fresh process.
                var child = ChildProcess.Run(layout.DotnetHost, [layout.HarnessDll, ChildMode, loader, path], layout.RepoRoot);
                string peak;
                if (child.ExitCode != 0)
                {
                    failures.Add($"loading: {name} in a fresh process: {child.Describe()}");
                    peak = "-";
                }
                else
                {
                    var before = double.Parse(child.Value("ws-before-mb"), CultureInfo.InvariantCulture);
                    var high = double.Parse(child.Value("peak-ws-mb"), CultureInfo.InvariantCulture);
                    peak = string.Create(CultureInfo.InvariantCulture, $"{high:F0} ({high - before:F0} above start; {child.Value("ms")} ms cold)");
                    if (child.Value("fingerprint") != fingerprint)
                    {
                        failures.Add($"loading: {name} read different runs in a fresh process");
                    }
                }

                rows.Add((name, new FileInfo(path).Length, time, cpuMedian, peak, fingerprint));
            }

            Console.WriteLine();
            Console.WriteLine($"| {"Loader",-46} | {"File MB",8} | {"Median ms",10} | {"Min ms",9} | {"records/s",11} | {"MB/s",7} | {"vs STJ",7} | {"CPU ms",8} | {"vs STJ",7} | Peak working set MB, fresh process |");
            Console.WriteLine($"|{new string('-', 48)}|{new string('-', 9)}:|{new string('-', 11)}:|{new string('-', 10)}:|{new string('-', 12)}:|{new string('-', 8)}:|{new string('-', 8)}:|{new string('-', 9)}:|{new string('-', 8)}:|---|");
            var stj = rows[0].Time.Median;
            var stjCpu = rows[0].Cpu;
            foreach (var (name, bytes, time, cpu, peak, _) in rows)
            {
                var seconds = time.Median / 1000;
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {name,-46} | {bytes / 1e6,8:F1} | {time.Median,10:F1} | {time.Min,9:F1} | {records / seconds,11:N0} | {bytes / 1e6 / seconds,7:F1} | {stj / time.Median,6:P0} | {cpu,8:F0} | {stjCpu / cpu,6:P0} | {peak} |"));
            }

            Console.WriteLine();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"   NDJSON target (engine at least 80% of the minimal reader's throughput): {stj / rows[1].Time.Median:P0} by median, {rows[0].Time.Min / rows[1].Time.Min:P0} best to best, {stjCpu / rows[1].Cpu:P0} by median CPU time"));
            if (rows.Select(r => r.Fingerprint).Distinct(StringComparer.Ordinal).Count() != 1)
            {
                failures.Add($"loading: the loaders read different runs: {string.Join(" / ", rows.Select(r => r.Fingerprint))}");
            }
            else
            {
                Console.WriteLine($"   checked: every loader read the same runs ({rows[0].Fingerprint})");
            }
        }
        finally
        {
            Directory.Delete(scenario.Root, recursive: true);
        }
    }

    /// <summary><c>child-load &lt;engine|stj&gt; &lt;file&gt;</c>: one load in this fresh process, then its time and peak working set.</summary>
    public static int Child(string[] args)
    {
        using var self = Process.GetCurrentProcess();
        var before = self.WorkingSet64;
        var fingerprint = string.Empty;
        var ms = Measure.Time(() => fingerprint = Load(args[0], args[1]));
        self.Refresh();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"ms={ms:F0}"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"ws-before-mb={before / 1e6:F1}"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"peak-ws-mb={self.PeakWorkingSet64 / 1e6:F1}"));
        Console.WriteLine($"fingerprint={fingerprint}");
        return 0;
    }

    /// <summary>Loads the runs and returns a fingerprint of them: count, and sums of the times and of the step names' lengths.</summary>
    private static string Load(string loader, string path)
    {
        long count = 0, ticks = 0, steps = 0;
        if (loader == "stj")
        {
            foreach (var run in ReadPlain(path))
            {
                count++;
                ticks += run.EndedAt.UtcTicks - run.StartedAt.UtcTicks;
                steps += run.Step?.Length ?? 0;
            }
        }
        else
        {
            var loaded = PolicyEngine.LoadEvidence([path]);
            if (loaded.Diagnostics.FirstOrDefault(d => d.IsError) is { } error)
            {
                throw new HarnessException($"loading {path}: {error}");
            }

            foreach (var run in loaded.Evidence.Get<WorkflowRun>(EvidenceKind.WorkflowRuns))
            {
                count++;
                ticks += run.EndedAt.UtcTicks - run.StartedAt.UtcTicks;
                steps += run.Step?.Length ?? 0;
            }
        }

        return string.Create(CultureInfo.InvariantCulture, $"{count} runs/{ticks}/{steps}");
    }

    /// <summary>The minimal reader: every line but the header, deserialized into a list.</summary>
    private static List<PlainRun> ReadPlain(string path)
    {
        var list = new List<PlainRun>();
        foreach (var line in File.ReadLines(path))
        {
            if (line.Length == 0 || line.StartsWith("{\"$evidence\"", StringComparison.Ordinal))
            {
                continue;
            }

            list.Add(JsonSerializer.Deserialize(line, PlainRunJson.Default.PlainRun) ?? throw new HarnessException($"null record in {path}"));
        }

        return list;
    }

    /// <summary>The NDJSON runs as a JSON envelope and as CSV, record for record.</summary>
    private static void WriteOtherFormats(string ndjson, string json, string csv)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(json)!);
        Directory.CreateDirectory(Path.GetDirectoryName(csv)!);
        var collected = MetricsScenario.AsOf.AddHours(-1).UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
        using var jsonWriter = new StreamWriter(json, append: false, new UTF8Encoding(false), bufferSize: 1 << 20);
        using var csvWriter = new StreamWriter(csv, append: false, new UTF8Encoding(false), bufferSize: 1 << 20);
        jsonWriter.WriteLine($"{{\"apiVersion\": \"aiops-evidence/v1\", \"kind\": \"workflow-runs\", \"collectedAt\": \"{collected}\", \"records\": [");
        csvWriter.WriteLine($"# collectedAt: {collected}");
        csvWriter.WriteLine("id,workflow,step,startedAt,endedAt,outcome");
        var first = true;
        foreach (var line in File.ReadLines(ndjson))
        {
            if (line.Length == 0 || line.StartsWith("{\"$evidence\"", StringComparison.Ordinal))
            {
                continue;
            }

            jsonWriter.Write(first ? "  " : ",\n  ");
            jsonWriter.Write(line);
            first = false;
            var run = JsonSerializer.Deserialize(line, PlainRunJson.Default.PlainRun)!;
            csvWriter.Write(run.Id);
            csvWriter.Write(',');
            csvWriter.Write(run.Workflow);
            csvWriter.Write(',');
            csvWriter.Write(run.Step);
            csvWriter.Write(',');
            csvWriter.Write(Ts(run.StartedAt));
            csvWriter.Write(',');
            csvWriter.Write(Ts(run.EndedAt));
            csvWriter.Write(',');
            csvWriter.WriteLine(run.Outcome);
        }

        jsonWriter.WriteLine();
        jsonWriter.WriteLine("]}");
    }

    private static string Ts(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
}
