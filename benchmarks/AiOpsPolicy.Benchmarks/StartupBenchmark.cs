// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using System.Globalization;

namespace AiOpsPolicy.Benchmarks;

/// <summary>
/// Whole-process wall time, start to exit, of <c>dotnet &lt;dll&gt; ...</c>: the cost a CI job or a
/// deployment pipeline actually pays per invocation.
/// </summary>
internal static class StartupBenchmark
{
    public static void Run(Layout layout, int runs, int warmup, List<string> failures)
    {
        Console.WriteLine($"== startup: whole-process wall time, {warmup} warm-up run(s) then {runs} measured run(s) each");
        Console.WriteLine($"   dotnet host: {layout.DotnetHost}");
        Console.WriteLine($"   cli: {layout.CliDll}");
        var cacheDir = Directory.CreateTempSubdirectory("aiops-bench-cache-").FullName;
        try
        {
            string[] gate = ["gate", "--policies", layout.HelpdeskPolicies, "--evidence", layout.ExampleEvidence, "--as-of", Layout.AsOf, "--no-color"];

            // Populate the cache once, so that every measured warm run is a cache hit.
            var populate = ChildProcess.Run(layout.DotnetHost, [layout.CliDll, .. gate, "--cache-dir", cacheDir], layout.RepoRoot);
            Expect(populate, "populate the cache", [0, 1], failures);
            if (Directory.GetFiles(cacheDir, "*.dll").Length == 0)
            {
                failures.Add($"the populating gate run left no cache entry in {cacheDir}");
            }

            // The example evidence blocks one gate: exit 1 (blocked) is the expected outcome of `gate`.
            var scenarios = new (string Name, string[] Args, int[] ExitCodes)[]
            {
                ("noop: dotnet Noop.dll", [layout.NoopDll], [0]),
                ("cold validate: validate policies/helpdesk --no-cache", [layout.CliDll, "validate", layout.HelpdeskPolicies, "--no-cache"], [0]),
                ("warm gate: gate examples, cache hit", [layout.CliDll, .. gate, "--cache-dir", cacheDir], [0, 1]),
                ("cold gate: gate examples --no-cache", [layout.CliDll, .. gate, "--no-cache"], [0, 1]),
            };

            var summaries = new List<Summary>();
            foreach (var (name, args, exitCodes) in scenarios)
            {
                summaries.Add(Measure.Repeat(name, warmup, runs, () =>
                {
                    var result = ChildProcess.Run(layout.DotnetHost, args, layout.RepoRoot);
                    Expect(result, name, exitCodes, failures);
                    return result.Milliseconds;
                }));
            }

            Console.WriteLine();
            Console.WriteLine(Summary.Header);
            Console.WriteLine(Summary.Rule);
            foreach (var summary in summaries)
            {
                Console.WriteLine(summary.Row);
            }

            var noop = summaries[0].Median;
            Console.WriteLine();
            foreach (var summary in summaries.Skip(1))
            {
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"   ratio {summary.Name.Split(':')[0]} / noop (medians): {summary.Median / noop:F2}x"));
            }
        }
        finally
        {
            Directory.Delete(cacheDir, recursive: true);
        }
    }

    /// <summary>
    /// Whole-process comparisons with the peers on the 200-gate <c>metrics1m</c> set with tiny
    /// evidence: the warm (cached) <c>gate</c> against <c>benchmarks/RulesEnginePrepare</c> preparing
    /// the same 162 SLA rules and against the noop app; the cold (uncached) <c>gate</c> against
    /// <c>benchmarks/PlainRoslyn</c> compiling 200 rule expressions in one compilation.
    /// </summary>
    public static void RunPeers(Layout layout, int runs, int warmup, List<string> failures)
    {
        Console.WriteLine();
        Console.WriteLine($"== startup against the peers: 200 gates, tiny evidence; {warmup} warm-up run(s) then {runs} measured run(s) each");
        var scenario = MetricsScenario.Write(100, 200, PeersBenchmark.Seed, i => PeersBenchmark.MinPercents[i % PeersBenchmark.MinPercents.Length]);
        var cacheDir = Directory.CreateTempSubdirectory("aiops-bench-cache-").FullName;
        try
        {
            var rulesJson = Path.Combine(scenario.Root, "sla-rules.json");
            File.WriteAllText(rulesJson, PeerRules.WorkflowJson(scenario.SlaGates));
            var expressions = Path.Combine(scenario.Root, "expressions.txt");
            File.WriteAllText(expressions, PeerRules.ExpressionLines(scenario.SlaGates, scenario.GateCount));
            var evidenceBytes = Directory.EnumerateFiles(scenario.EvidenceDir).Sum(f => new FileInfo(f).Length);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"   {scenario.GateCount} gates ({scenario.SlaGates.Count} SLA), evidence {evidenceBytes / 1e3:F0} kB in {Directory.EnumerateFiles(scenario.EvidenceDir).Count()} files (100 workflow runs plus the small fixed amounts of every other kind that metrics1m writes)"));
            string[] gate = ["gate", "--policies", scenario.PolicyDir, "--evidence", scenario.EvidenceDir, "--as-of", Layout.AsOf, "--no-color"];
            var populate = ChildProcess.Run(layout.DotnetHost, [layout.CliDll, .. gate, "--cache-dir", cacheDir], layout.RepoRoot);
            Expect(populate, "populate the cache (200 gates)", [0, 1], failures);

            var scenarios = new List<(string Name, string[] Args, int[] ExitCodes)>
            {
                ("noop: dotnet Noop.dll", [layout.NoopDll], [0]),
                ("RulesEnginePrepare: 162 SLA rules, JSON", [layout.RulesEnginePrepareDll, rulesJson], [0]),
                ("warm gate: 200 gates, cache hit", [layout.CliDll, .. gate, "--cache-dir", cacheDir], [0, 1]),
                ("PlainRoslyn: 200 expressions, one compilation", [layout.PlainRoslynDll, expressions], [0]),
                ("cold gate: 200 gates --no-cache", [layout.CliDll, .. gate, "--no-cache"], [0, 1]),
            };
            var composite = layout.PublishedCompositeCli;
            if (layout.PublishedCliDll is { } published)
            {
                // The ReadyToRun publish is another engine build: it has its own cache entry.
                Console.WriteLine($"   ReadyToRun cli: {published}");
                Expect(ChildProcess.Run(layout.DotnetHost, [published, .. gate, "--cache-dir", cacheDir], layout.RepoRoot), "populate the cache (ReadyToRun)", [0, 1], failures);
                scenarios.Add(("warm gate R2R: 200 gates, cache hit", [published, .. gate, "--cache-dir", cacheDir], [0, 1]));
                scenarios.Add(("cold gate R2R: 200 gates --no-cache", [published, .. gate, "--no-cache"], [0, 1]));
            }
            else
            {
                Console.WriteLine("   no ReadyToRun publish in artifacts/publish/linux-x64 (dotnet cake build/build.cake --target=Publish): JIT build only");
            }

            var summaries = new List<Summary>();
            foreach (var (name, args, exitCodes) in scenarios)
            {
                summaries.Add(Measure.Repeat(name, warmup, runs, () =>
                {
                    var result = ChildProcess.Run(layout.DotnetHost, args, layout.RepoRoot);
                    Expect(result, name, exitCodes, failures);
                    return result.Milliseconds;
                }));
            }

            Summary? warmComposite = null;
            if (composite is not null)
            {
                // Self-contained: its own executable, not `dotnet <dll>`; its own cache entry.
                Console.WriteLine($"   composite R2R cli: {composite}");
                Expect(ChildProcess.Run(composite, [.. gate, "--cache-dir", cacheDir], layout.RepoRoot), "populate the cache (composite)", [0, 1], failures);
                const string Name = "warm gate R2R composite, self-contained";
                warmComposite = Measure.Repeat(Name, warmup, runs, () =>
                {
                    var result = ChildProcess.Run(composite, [.. gate, "--cache-dir", cacheDir], layout.RepoRoot);
                    Expect(result, Name, [0, 1], failures);
                    return result.Milliseconds;
                });
            }

            Console.WriteLine();
            Console.WriteLine(Summary.Header);
            Console.WriteLine(Summary.Rule);
            foreach (var summary in warmComposite is null ? summaries : [.. summaries, warmComposite])
            {
                Console.WriteLine(summary.Row);
            }

            var (noop, rulesEngine, warm, plain, cold) = (summaries[0], summaries[1], summaries[2], summaries[3], summaries[4]);
            Console.WriteLine();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"   warm gate / RulesEnginePrepare: {warm.Median / rulesEngine.Median:F2}x (target at most 0.5x: {(warm.Median <= 0.5 * rulesEngine.Median ? "met" : "missed")}); min to min {warm.Min / rulesEngine.Min:F2}x"));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"   warm gate / noop: {warm.Median / noop.Median:F2}x (target at most 10x: {(warm.Median <= 10 * noop.Median ? "met" : "missed")}); RulesEnginePrepare / noop: {rulesEngine.Median / noop.Median:F2}x"));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"   cold gate / PlainRoslyn: {cold.Median / plain.Median:F2}x; PlainRoslyn / noop: {plain.Median / noop.Median:F2}x; cold gate / noop: {cold.Median / noop.Median:F2}x"));
            if (summaries.Count > 5)
            {
                var (warmR2r, coldR2r) = (summaries[5], summaries[6]);
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"   ReadyToRun warm gate / RulesEnginePrepare: {warmR2r.Median / rulesEngine.Median:F2}x (target at most 0.5x: {(warmR2r.Median <= 0.5 * rulesEngine.Median ? "met" : "missed")}); / noop: {warmR2r.Median / noop.Median:F2}x (target at most 10x: {(warmR2r.Median <= 10 * noop.Median ? "met" : "missed")}); / JIT warm gate: {warmR2r.Median / warm.Median:F2}x"));
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"   ReadyToRun cold gate / PlainRoslyn: {coldR2r.Median / plain.Median:F2}x; / JIT cold gate: {coldR2r.Median / cold.Median:F2}x"));
            }

            if (warmComposite is not null)
            {
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"   composite R2R warm gate / RulesEnginePrepare: {warmComposite.Median / rulesEngine.Median:F2}x (target at most 0.5x: {(warmComposite.Median <= 0.5 * rulesEngine.Median ? "met" : "missed")}); / noop: {warmComposite.Median / noop.Median:F2}x (target at most 10x: {(warmComposite.Median <= 10 * noop.Median ? "met" : "missed")})"));
            }
        }
        finally
        {
            Directory.Delete(cacheDir, recursive: true);
            Directory.Delete(scenario.Root, recursive: true);
        }
    }

    private static void Expect(ProcessResult result, string what, int[] exitCodes, List<string> failures)
    {
        if (!exitCodes.Contains(result.ExitCode))
        {
            failures.Add($"{what}: expected exit {string.Join(" or ", exitCodes)}, got {result.Describe()}");
        }
    }
}
