// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using AiOpsPolicy.Core.Evidence;
using AiOpsPolicy.Warehouse;
using DuckDB.NET.Data;
using Parquet;
using Parquet.Schema;

namespace AiOpsPolicy.Benchmarks;

/// <summary>
/// <c>parquet</c>: the <c>metrics1m</c> scenario (N workflow runs, 200 gates) written as NDJSON and as Parquet
/// (typed columns, UTC timestamps, row groups of 256 Ki rows). Measures the two candidate readers on the runs file
/// (Parquet.Net column reads against DuckDB.NET's <c>read_parquet</c>), the evidence load of both folders, and the
/// whole <c>gate</c> (cache hit, a fresh process of the CLI as users get it each run, the folders interleaved) from each
/// folder: wall time, and peak resident set and CPU time measured from outside the process. The CLI keeps
/// Parquet workflow runs in DuckDB and pushes SLA attainment down to it (src/AiOpsPolicy.Warehouse/DuckDb), so the
/// Parquet gate measures the push-down; a third folder holds the runs in a <c>.duckdb</c> store (the other kinds as
/// Parquet). Fails unless every folder gives the same gate exit code and report. <c>--gates-only 1</c> skips the
/// in-process reader and load rows (at 10M runs they hold every run in this process). Above <c>--in-memory-max N</c>
/// runs (default 10M) the runs are generated straight into Parquet a row group at a time (100M runs are never in
/// memory, nor written as NDJSON) and only the pushed-down gates run: the 1M / 10M / 100M curve.
/// </summary>
internal static class ParquetBenchmark
{
    /// <summary>The most runs the NDJSON and in-memory variants run with (about 2.4 GB of working set at 10M).</summary>
    public const int DefaultInMemoryMax = 10_000_000;

    private const int RowGroup = 256 * 1024;

    /// <summary>Runs the mode.</summary>
    /// <param name="layout">The repository layout.</param>
    /// <param name="records">How many workflow runs.</param>
    /// <param name="runs">Measured runs of each gate.</param>
    /// <param name="warmup">Warm-up runs of the in-process rows.</param>
    /// <param name="failures">Where failures go.</param>
    /// <param name="gatesOnly">Skip the in-process reader and load rows.</param>
    /// <param name="inMemoryMax">
    /// Above this many runs the NDJSON file, the in-memory gate and the in-process rows are skipped (they hold every run in
    /// memory: about 2.4 GB at 10M), and the runs are generated straight into Parquet, a row group at a time.
    /// </param>
    /// <param name="keep">Keep the generated folder (policies, NDJSON, Parquet, store) and print where it is, to rerun gates on it.</param>
    /// <param name="composite">
    /// Run every gate with the self-contained composite ReadyToRun publish (<c>--target=PublishComposite</c>) instead of the
    /// framework-dependent one: the other build users can run, measured the same way for every folder.
    /// </param>
    /// <param name="plainNames">Write the runs' names without a dictionary (Parquet.Net's default), to compare with the dictionary-encoded file.</param>
    public static void Run(Layout layout, int records, int runs, int warmup, List<string> failures, bool gatesOnly = false, int inMemoryMax = DefaultInMemoryMax, bool keep = false, bool composite = false, bool plainNames = false)
    {
        if (Cli(layout, composite) is not { } cli)
        {
            failures.Add("parquet: --composite 1 needs the composite publish in artifacts/publish/linux-x64-composite (dotnet cake build/build.cake --target=PublishComposite)");
            return;
        }

        var inMemory = records <= inMemoryMax;
        Console.WriteLine();
        Console.WriteLine($"== parquet: {records:N0} workflow runs, 200 gates, {(inMemory ? "NDJSON against Parquet" : $"Parquet only (above --in-memory-max {inMemoryMax:N0}: no NDJSON, no in-memory gate)")} (load average {LoadAverage()})");
        var written = Stopwatch.StartNew();
        string? streamedRuns = null;
        var scenario = inMemory
            ? MetricsScenario.Write(records, 200, PeersBenchmark.Seed, i => PeersBenchmark.MinPercents[i % PeersBenchmark.MinPercents.Length])
            : MetricsScenario.Write(records, 200, PeersBenchmark.Seed, i => PeersBenchmark.MinPercents[i % PeersBenchmark.MinPercents.Length], (collectedAt, generated) =>
            {
                streamedRuns = Path.Combine(Directory.CreateTempSubdirectory("aiops-bench-runs-").FullName, "workflow-runs.parquet");
                WriteRuns(generated, collectedAt, streamedRuns, plainNames);
            });
        var parquetDir = Path.Combine(scenario.Root, "evidence-parquet");
        var storeDir = Path.Combine(scenario.Root, "evidence-duckdb");
        var cacheDir = Directory.CreateTempSubdirectory("aiops-bench-cache-").FullName;
        try
        {
            Convert(scenario.EvidenceDir, parquetDir, plainNames);
            var runsParquet = Path.Combine(parquetDir, "workflow-runs.parquet");
            if (streamedRuns is not null)
            {
                File.Move(streamedRuns, runsParquet);
                Directory.Delete(Path.GetDirectoryName(streamedRuns)!);
            }

            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"   written: {(inMemory ? $"NDJSON {Size(scenario.EvidenceDir):F1} MB, " : string.Empty)}Parquet {Size(parquetDir):F1} MB (runs file {new FileInfo(runsParquet).Length / 1e6:F1} MB), generated and converted in {written.Elapsed.TotalSeconds:F1} s"));
            var storing = Stopwatch.StartNew();
            WriteStore(parquetDir, storeDir);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"   DuckDB store: {new FileInfo(Path.Combine(storeDir, "evidence.duckdb")).Length / 1e6:F1} MB (runs), other kinds as Parquet beside it, written in {storing.Elapsed.TotalSeconds:F1} s"));

            if (!gatesOnly && inMemory)
            {
                Readers(scenario, parquetDir, runsParquet, records, runs, warmup, failures);
            }

            Console.WriteLine();
            if (cli.Published is { } published && Stale(layout, published) is { } stale)
            {
                // A stale publish would measure other code than the build's.
                Console.WriteLine($"   warning: {Path.GetRelativePath(layout.RepoRoot, stale)} changed after the ReadyToRun publish was made: publish again to measure this code (docs/performance.md, Rerun)");
            }

            Console.WriteLine($"Whole gate (200 gates, cache hit), each run a fresh process of the CLI ({cli.Description}); peak resident set and CPU measured by {ChildProcess.GnuTime}:");
            if (Gates(layout, cli, scenario, inMemory ? [scenario.EvidenceDir, parquetDir, storeDir] : [parquetDir, storeDir], cacheDir, runs, failures) is not { } measured)
            {
                return;
            }

            var ndjsonGate = inMemory ? measured[0] : null;
            var parquetGate = measured[^2];
            var storeGate = measured[^1];

            Console.WriteLine($"| {"Evidence",-36} | {"Median ms",10} | {"Min ms",10} | {"CPU ms (median)",15} | {"Peak RSS MB (median)",20} |");
            Console.WriteLine($"|{new string('-', 38)}|{new string('-', 11)}:|{new string('-', 11)}:|{new string('-', 16)}:|{new string('-', 21)}:|");
            foreach (var (name, gate) in new[] { ("NDJSON (in memory)", ndjsonGate), ("Parquet (runs pushed down to DuckDB)", parquetGate), (".duckdb store (runs pushed down)", storeGate) })
            {
                if (gate is not null)
                {
                    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {name,-36} | {gate.Median,10:F0} | {gate.Min,10:F0} | {gate.CpuMs,15:F0} | {gate.PeakMb,20:F0} |"));
                }
            }

            if (ndjsonGate is not null)
            {
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"   Parquet / NDJSON: {ndjsonGate.Median / parquetGate.Median:F2}x faster by median, peak memory {parquetGate.PeakMb / ndjsonGate.PeakMb:P0} of NDJSON's (targets: at least 5x, at most 50%); CPU {ndjsonGate.CpuMs / parquetGate.CpuMs:F2}x less"));
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"   .duckdb / NDJSON: {ndjsonGate.Median / storeGate.Median:F2}x faster by median, peak memory {storeGate.PeakMb / ndjsonGate.PeakMb:P0} of NDJSON's; CPU {ndjsonGate.CpuMs / storeGate.CpuMs:F2}x less"));
                if (ndjsonGate.Report != parquetGate.Report || ndjsonGate.Exit != parquetGate.Exit)
                {
                    failures.Add("parquet: the gate from Parquet differs from the gate from NDJSON");
                }

                if (ndjsonGate.Report != storeGate.Report || ndjsonGate.Exit != storeGate.Exit)
                {
                    failures.Add("parquet: the gate from the DuckDB store differs from the gate from NDJSON");
                }
            }
            else if (parquetGate.Report != storeGate.Report || parquetGate.Exit != storeGate.Exit)
            {
                failures.Add("parquet: the gate from the DuckDB store differs from the gate from Parquet");
            }

            // The issue's 100M target: the whole gate through DuckDB under 15 s with a peak under 1.5 GB.
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"   pushed down: Parquet {parquetGate.Median / 1000:F1} s / {parquetGate.PeakMb:F0} MB, store {storeGate.Median / 1000:F1} s / {storeGate.PeakMb:F0} MB (100M target: under 15 s, under 1,500 MB); load average after: {LoadAverage()}"));
        }
        finally
        {
            Directory.Delete(cacheDir, recursive: true);
            if (keep)
            {
                Console.WriteLine($"   kept: {scenario.Root} (policies/, evidence/, evidence-parquet/, evidence-duckdb/)");
            }
            else
            {
                Directory.Delete(scenario.Root, recursive: true);
            }
        }
    }

    private static void Readers(MetricsScenario scenario, string parquetDir, string runsParquet, int records, int runs, int warmup, List<string> failures)
    {
        Console.WriteLine();
        Console.WriteLine("Readers of the runs file (6 columns, every value read), in process:");
        Console.WriteLine(Summary.Header);
        Console.WriteLine(Summary.Rule);
        var parquetNet = Measure.Repeat("Parquet.Net column reads", warmup, runs, () => Measure.Time(() => Check(ReadWithParquetNet(runsParquet), records, failures, "Parquet.Net")));
        Console.WriteLine(parquetNet.Row);
        var duckDb = Measure.Repeat("DuckDB.NET read_parquet, data reader", warmup, runs, () => Measure.Time(() => Check(ReadWithDuckDb(runsParquet), records, failures, "DuckDB.NET")));
        Console.WriteLine(duckDb.Row);
        var loadNdjson = Measure.Repeat("engine load, NDJSON folder", warmup, runs, () => Measure.Time(() => Load(scenario.EvidenceDir, failures)));
        Console.WriteLine(loadNdjson.Row);
        var loadParquet = Measure.Repeat("engine load, Parquet folder (Parquet.Net, in memory)", warmup, runs, () => Measure.Time(() => Load(parquetDir, failures)));
        Console.WriteLine(loadParquet.Row);
    }

    /// <summary>The Parquet folder again, with the runs moved into a <c>.duckdb</c> store (table <c>workflow_runs</c>).</summary>
    private static void WriteStore(string parquetDir, string storeDir)
    {
        Directory.CreateDirectory(storeDir);
        foreach (var file in Directory.GetFiles(parquetDir, "*.parquet").Where(f => Path.GetFileName(f) != "workflow-runs.parquet"))
        {
            File.Copy(file, Path.Combine(storeDir, Path.GetFileName(file)));
        }

        using var connection = new DuckDBConnection("DataSource=:memory:");
        connection.Open();
        using var command = connection.CreateCommand();
        var runs = Path.Combine(parquetDir, "workflow-runs.parquet").Replace("'", "''", StringComparison.Ordinal);
        var store = Path.Combine(storeDir, "evidence.duckdb").Replace("'", "''", StringComparison.Ordinal);
        command.CommandText = $"""
            ATTACH '{store}' AS store;
            CREATE TABLE store.workflow_runs AS SELECT id, workflow, step, startedAt, endedAt, outcome FROM read_parquet('{runs}', file_row_number = true) ORDER BY file_row_number;
            CREATE TABLE store.aiops_evidence AS SELECT 'workflow-runs' AS kind, CAST(value AS VARCHAR) AS "collectedAt" FROM parquet_kv_metadata('{runs}') WHERE CAST(key AS VARCHAR) = 'collectedAt';
            DETACH store;
            """;
        command.ExecuteNonQuery();
    }

    /// <summary>How the gates start the CLI: the program, the arguments before the command, and the published file whose age tells a stale publish (null for the build output).</summary>
    private sealed record GateCli(string FileName, string[] Arguments, string? Published, string Description);

    private sealed record GateRuns(double Median, double Min, double PeakMb, double CpuMs, int Exit, string Report);

    /// <summary>
    /// The gate as users run it: the CLI itself in a fresh process (the ReadyToRun publish in artifacts/publish/linux-x64
    /// when there is one, else the build output), timed from start to exit, with its peak resident set and CPU time
    /// measured from outside by GNU time. The same CLI and the same measure for every evidence folder, and the folders
    /// interleaved (one run of each, then the next round), so that load from elsewhere on the machine falls on all of
    /// them alike. The first round fills the compilation cache and is not counted.
    /// </summary>
    /// <returns>One result per folder, in order; null when a gate failed (the failure is recorded).</returns>
    private static GateRuns[]? Gates(Layout layout, GateCli cli, MetricsScenario scenario, IReadOnlyList<string> folders, string cacheDir, int runs, List<string> failures)
    {
        var times = folders.Select(_ => new List<double>()).ToArray();
        var peaks = folders.Select(_ => new List<double>()).ToArray();
        var cpus = folders.Select(_ => new List<double>()).ToArray();
        var exits = new int[folders.Count];
        var reports = new string[folders.Count];
        for (var i = 0; i <= runs; i++)
        {
            for (var f = 0; f < folders.Count; f++)
            {
                var report = Path.Combine(scenario.Root, $"report-{f}.json");
                string[] gate = [.. cli.Arguments, "gate", "--policies", scenario.PolicyDir, "--evidence", folders[f], "--as-of", Layout.AsOf, "--no-color", "--cache-dir", cacheDir, "--json", report];
                if (ChildProcess.RunMeasured(cli.FileName, gate, layout.RepoRoot) is not { } measured)
                {
                    failures.Add($"parquet: {ChildProcess.GnuTime} is needed to measure the gate's peak memory from outside the process (Debian package time)");
                    return null;
                }

                var result = measured.Result;
                if (result.ExitCode is not (0 or 1))
                {
                    failures.Add($"parquet: gate over {folders[f]}: {result.Describe()}");
                    return null;
                }

                if (i > 0)
                {
                    times[f].Add(result.Milliseconds);
                    peaks[f].Add(measured.PeakMb);
                    cpus[f].Add(measured.CpuMs);
                }

                exits[f] = result.ExitCode;
                reports[f] = report;
            }
        }

        return [.. folders.Select((_, f) =>
        {
            using var document = JsonDocument.Parse(File.ReadAllBytes(reports[f]));
            var gates = System.Text.RegularExpressions.Regex.Replace(document.RootElement.GetProperty("gates").GetRawText(), "\"path\": \"[^\"]*\"", "\"path\": \"\"");
            times[f].Sort();
            peaks[f].Sort();
            cpus[f].Sort();
            return new GateRuns(times[f][times[f].Count / 2], times[f][0], peaks[f][peaks[f].Count / 2], cpus[f][cpus[f].Count / 2], exits[f], gates);
        })];
    }

    /// <summary>A source file of src/ changed after the publish was made, or null: the harness's build does not publish.</summary>
    private static string? Stale(Layout layout, string published)
    {
        var made = File.GetLastWriteTimeUtc(published);
        return Directory.EnumerateFiles(Path.Combine(layout.RepoRoot, "src"), "*.*", SearchOption.AllDirectories)
            .Where(f => (f.EndsWith(".cs", StringComparison.Ordinal) || f.EndsWith(".csproj", StringComparison.Ordinal)) && !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .FirstOrDefault(f => File.GetLastWriteTimeUtc(f) > made);
    }

    /// <summary>
    /// The CLI the gates run: the ReadyToRun publish when there is one (as users get it), else the build output; with
    /// <paramref name="composite"/>, the composite publish's executable, or null when it has not been published.
    /// </summary>
    private static GateCli? Cli(Layout layout, bool composite)
    {
        if (composite)
        {
            return layout.PublishedCompositeCli is { } exe ? new GateCli(exe, [], exe, $"self-contained composite ReadyToRun publish {exe}") : null;
        }

        return layout.PublishedCliDll is { } dll
            ? new GateCli(layout.DotnetHost, [dll], dll, $"ReadyToRun publish {dll}")
            : new GateCli(layout.DotnetHost, [layout.CliDll], null, $"build output: no ReadyToRun publish in artifacts/publish/linux-x64 {layout.CliDll}");
    }

    private static void Load(string folder, List<string> failures)
    {
        var result = EvidenceLoader.Load([folder], [ParquetEvidenceFormat.Instance]);
        if (result.HasErrors)
        {
            failures.Add($"parquet: loading {folder}: {result.Diagnostics.First(d => d.IsError)}");
        }
    }

    private static void Check(long rows, int expected, List<string> failures, string reader)
    {
        if (rows != expected)
        {
            failures.Add($"parquet: {reader} read {rows} rows, not {expected}");
        }
    }

    private static long ReadWithParquetNet(string file)
    {
        return ReadAsync().GetAwaiter().GetResult();

        async Task<long> ReadAsync()
        {
            await using var stream = File.OpenRead(file);
            await using var reader = await ParquetReader.CreateAsync(stream).ConfigureAwait(false);
            var fields = reader.Schema.GetDataFields();
            long rows = 0;
            long checksum = 0;
            for (var g = 0; g < reader.RowGroupCount; g++)
            {
                using var group = reader.OpenRowGroupReader(g);
                var count = (int)group.RowCount;
                foreach (var field in fields)
                {
                    if (field.ClrType == typeof(DateTime))
                    {
                        var values = new DateTime?[count];
                        await group.ReadAsync<DateTime>(field, values.AsMemory()).ConfigureAwait(false);
                        checksum += values[count - 1]!.Value.Ticks & 0xFF;
                    }
                    else
                    {
                        var values = new string?[count];
                        await group.ReadAsync(field, values.AsMemory()!).ConfigureAwait(false);
                        checksum += values[0]?.Length ?? 0;
                    }
                }

                rows += count;
            }

            GC.KeepAlive(checksum);
            return rows;
        }
    }

    private static long ReadWithDuckDb(string file)
    {
        using var connection = new DuckDBConnection("DataSource=:memory:");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT id, workflow, step, startedAt, endedAt, outcome FROM read_parquet('{file.Replace("'", "''", StringComparison.Ordinal)}')";
        using var reader = command.ExecuteReader();
        long rows = 0;
        long checksum = 0;
        while (reader.Read())
        {
            checksum += reader.GetString(0).Length + reader.GetString(1).Length + (reader.IsDBNull(2) ? 0 : reader.GetString(2).Length);
            checksum += (reader.GetDateTime(3).Ticks & 0xFF) + (reader.GetDateTime(4).Ticks & 0xFF) + reader.GetString(5).Length;
            rows++;
        }

        GC.KeepAlive(checksum);
        return rows;
    }

    /// <summary>Every NDJSON file of the scenario as Parquet: the runs with typed columns, the other kinds through <see cref="ParquetEvidenceWriter"/>.</summary>
    private static void Convert(string from, string to, bool plainNames)
    {
        Directory.CreateDirectory(to);
        foreach (var file in Directory.GetFiles(from, "*.ndjson"))
        {
            var kind = Path.GetFileNameWithoutExtension(file);
            string? collectedAt = null;
            if (kind == "workflow-runs")
            {
                ConvertRuns(file, Path.Combine(to, kind + ".parquet"), plainNames);
                continue;
            }

            var records = new List<JsonElement>();
            foreach (var line in File.ReadLines(file))
            {
                using var document = JsonDocument.Parse(line);
                if (document.RootElement.TryGetProperty("$evidence", out var header))
                {
                    collectedAt = header.GetProperty("collectedAt").GetString();
                    continue;
                }

                records.Add(document.RootElement.Clone());
            }

            ParquetEvidenceWriter.Write(Path.Combine(to, kind + ".parquet"), kind, collectedAt, records);
        }
    }

    private static void ConvertRuns(string file, string target, bool plainNames)
    {
        string? collectedAt = null;
        using var lines = File.ReadLines(file).GetEnumerator();
        if (lines.MoveNext())
        {
            using var document = JsonDocument.Parse(lines.Current);
            collectedAt = document.RootElement.GetProperty("$evidence").GetProperty("collectedAt").GetString();
        }

        WriteRuns(Parsed(lines), collectedAt, target, plainNames);

        static IEnumerable<GeneratedRun> Parsed(IEnumerator<string> lines)
        {
            while (lines.MoveNext())
            {
                using var document = JsonDocument.Parse(lines.Current);
                var root = document.RootElement;
                yield return new GeneratedRun(
                    root.GetProperty("id").GetString()!,
                    root.GetProperty("workflow").GetString()!,
                    root.TryGetProperty("step", out var s) ? s.GetString() : null,
                    root.GetProperty("startedAt").GetDateTimeOffset(),
                    root.GetProperty("endedAt").GetDateTimeOffset(),
                    root.GetProperty("outcome").GetString()!);
            }
        }
    }

    /// <summary>
    /// Writes runs as they come to a Parquet file, a row group of 256 Ki rows at a time: never more than one group in memory.
    /// The names (workflow, step, outcome) are dictionary-encoded, as Arrow, Spark and DuckDB write repeated text by
    /// default (Parquet.Net's default writes each value whole: docs/performance.md has the gate over both).
    /// </summary>
    private static void WriteRuns(IEnumerable<GeneratedRun> runs, string? collectedAt, string target, bool plainNames)
    {
        var id = new DataField<string>("id");
        var workflow = new DataField<string>("workflow");
        var step = new DataField<string>("step", nullable: true);
        var startedAt = new DateTimeDataField("startedAt", DateTimeFormat.Timestamp, isAdjustedToUTC: true, isNullable: true);
        var endedAt = new DateTimeDataField("endedAt", DateTimeFormat.Timestamp, isAdjustedToUTC: true, isNullable: true);
        var outcome = new DataField<string>("outcome");
        var schema = new ParquetSchema(id, workflow, step, startedAt, endedAt, outcome);
        WriteAsync().GetAwaiter().GetResult();

        async Task WriteAsync()
        {
            var ids = new List<string>(RowGroup);
            var workflows = new List<string>(RowGroup);
            var steps = new List<string?>(RowGroup);
            var starts = new DateTime?[RowGroup];
            var ends = new DateTime?[RowGroup];
            var outcomes = new List<string>(RowGroup);
            await using var stream = File.Create(target);
            await using var writer = await ParquetWriter.CreateAsync(schema, stream, plainNames ? new ParquetOptions() : ParquetEvidenceWriter.DictionaryEncoded([workflow, step, outcome])).ConfigureAwait(false);
            writer.CustomMetadata = ParquetEvidenceWriter.Metadata("workflow-runs", collectedAt).ToDictionary(p => p.Key, p => p.Value);
            foreach (var run in runs)
            {
                starts[ids.Count] = run.StartedAt.UtcDateTime;
                ends[ids.Count] = run.EndedAt.UtcDateTime;
                ids.Add(run.Id);
                workflows.Add(run.Workflow);
                steps.Add(run.Step);
                outcomes.Add(run.Outcome);
                if (ids.Count == RowGroup)
                {
                    await Flush(writer).ConfigureAwait(false);
                }
            }

            if (ids.Count > 0)
            {
                await Flush(writer).ConfigureAwait(false);
            }

            async Task Flush(ParquetWriter parquet)
            {
                using (var group = parquet.CreateRowGroup())
                {
                    await group.WriteAsync(id, ids).ConfigureAwait(false);
                    await group.WriteAsync(workflow, workflows).ConfigureAwait(false);
                    await group.WriteAsync(step, steps).ConfigureAwait(false);
                    await group.WriteAsync<DateTime>(startedAt, starts.AsMemory(0, ids.Count)).ConfigureAwait(false);
                    await group.WriteAsync<DateTime>(endedAt, ends.AsMemory(0, ids.Count)).ConfigureAwait(false);
                    await group.WriteAsync(outcome, outcomes).ConfigureAwait(false);
                }

                ids.Clear();
                workflows.Clear();
                steps.Clear();
                outcomes.Clear();
            }
        }
    }

    private static double Size(string folder) => Directory.EnumerateFiles(folder).Sum(f => new FileInfo(f).Length) / 1e6;

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
}
