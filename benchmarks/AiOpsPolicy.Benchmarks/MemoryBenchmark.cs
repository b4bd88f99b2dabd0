// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using System.Diagnostics;
using System.Globalization;
using AiOpsPolicy.Core;

namespace AiOpsPolicy.Benchmarks;

/// <summary>
/// <c>memory</c>: the peak working set of a whole <c>gate</c> over N workflow runs (the 200-gate
/// <c>metrics1m</c> set, cache hit) against the memory the loaded evidence itself occupies, each
/// measured in a fresh process.
/// </summary>
internal static class MemoryBenchmark
{
    public const string EvidenceMode = "child-evidence";

    public static void Run(Layout layout, int records, List<string> failures)
    {
        Console.WriteLine();
        Console.WriteLine($"== memory: peak working set of a whole gate over {records:N0} workflow runs (200 gates, cache hit) against the evidence's own size");
        var scenario = MetricsScenario.Write(records, 200, PeersBenchmark.Seed, i => PeersBenchmark.MinPercents[i % PeersBenchmark.MinPercents.Length]);
        var cacheDir = Directory.CreateTempSubdirectory("aiops-bench-cache-").FullName;
        try
        {
            var evidenceBytes = Directory.EnumerateFiles(scenario.EvidenceDir).Sum(f => new FileInfo(f).Length);
            var size = ChildProcess.Run(layout.DotnetHost, [layout.HarnessDll, EvidenceMode, scenario.EvidenceDir], layout.RepoRoot);
            string[] gate = ["gate", "--policies", scenario.PolicyDir, "--evidence", scenario.EvidenceDir, "--as-of", Layout.AsOf, "--no-color", "--cache-dir", cacheDir];
            var populate = ChildProcess.Run(layout.DotnetHost, [layout.HarnessDll, Child.GateMode, .. gate], layout.RepoRoot);
            var measured = ChildProcess.Run(layout.DotnetHost, [layout.HarnessDll, Child.GateMode, .. gate], layout.RepoRoot);
            foreach (var (what, result, codes) in new[] { ("evidence size", size, new[] { 0 }), ("gate (populating the cache)", populate, [0, 1]), ("gate (cache hit)", measured, [0, 1]) })
            {
                if (!codes.Contains(result.ExitCode))
                {
                    failures.Add($"memory: {what}: {result.Describe()}");
                    return;
                }
            }

            var retained = Mb(size, "retained-mb");
            var start = Mb(measured, "ws-start-mb");
            var peak = Mb(measured, "peak-ws-mb");
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"   evidence: {evidenceBytes / 1e6:F1} MB in {Directory.EnumerateFiles(scenario.EvidenceDir).Count()} files; loaded, it retains {retained:F1} MB of managed heap ({retained * 1e6 / records:F0} B per run; peak working set of that load {Mb(size, "peak-ws-mb"):F0} MB)"));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"   gate, cache hit: peak working set {peak:F0} MB ({start:F0} MB at start, {peak - start:F0} MB above it), exit {measured.ExitCode}"));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"   peak working set / evidence in memory: {peak / retained:F2}x (target at most 2x: {(peak <= 2 * retained ? "met" : "missed")}); above start: {(peak - start) / retained:F2}x"));
        }
        finally
        {
            Directory.Delete(cacheDir, recursive: true);
            Directory.Delete(scenario.Root, recursive: true);
        }
    }

    /// <summary><c>child-evidence &lt;folder&gt;</c>: loads the evidence in this fresh process and prints the managed heap it retains.</summary>
    public static int Evidence(string[] args)
    {
        var before = GC.GetTotalMemory(forceFullCollection: true);
        var loaded = PolicyEngine.LoadEvidence([args[0]]);
        var after = GC.GetTotalMemory(forceFullCollection: true);
        GC.KeepAlive(loaded);
        using var self = Process.GetCurrentProcess();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"retained-mb={(after - before) / 1e6:F1}"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"peak-ws-mb={self.PeakWorkingSet64 / 1e6:F1}"));
        return loaded.HasErrors ? 1 : 0;
    }

    private static double Mb(ProcessResult result, string key) => double.Parse(result.Value(key), CultureInfo.InvariantCulture);
}
