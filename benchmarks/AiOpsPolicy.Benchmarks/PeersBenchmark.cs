// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using AiOpsPolicy.Core;
using AiOpsPolicy.Core.Compilation;
using AiOpsPolicy.Core.Evidence;
using AiOpsPolicy.Core.Results;
using DynamicExpresso;
using DynamicExpresso.Exceptions;
using Microsoft.CodeAnalysis.CSharp.Scripting;
using Microsoft.CodeAnalysis.Scripting;
using RulesEngine.Models;

namespace AiOpsPolicy.Benchmarks;

/// <summary>
/// <c>peers</c>: the SLA-attainment gates of <see cref="MetricsScenario"/> (162 of the 200 at full
/// size) evaluated over the same loaded runs by the engine and by the peers a user could pick
/// instead: Microsoft RulesEngine, DynamicExpresso and Roslyn scripting, each with one rule
/// expression per gate over the raw runs (<see cref="PeerRules"/>), plus hand-written C#. Measures
/// preparation (parse and compile every rule) and evaluation, and fails unless every approach gives
/// every gate the engine's verdict.
/// </summary>
internal static class PeersBenchmark
{
    public const int Seed = 20261128;

    // Minimums cycled over the gates so that verdicts differ. Spread wide: attainment moves with the
    // scenario's random stream (since it also writes deployments and costs, the smoke's four SLA gates
    // all fell below 90%), and every approach's verdicts are checked against the engine's anyway.
    public static readonly double[] MinPercents = [60, 75, 90, 96];

    public static void Run(int records, int gates, int repeat, int warmup, int prepareRepeat, List<string> failures)
    {
        Console.WriteLine();
        Console.WriteLine($"== peers: SLA gates over {records:N0} workflow runs, the engine against RulesEngine, DynamicExpresso, Roslyn scripting and hand-written C#");
        var watch = Stopwatch.StartNew();
        var scenario = MetricsScenario.Write(records, gates, Seed, i => MinPercents[i % MinPercents.Length]);
        var cacheDir = Directory.CreateTempSubdirectory("aiops-bench-peers-cache-").FullName;
        try
        {
            var slaDir = scenario.WriteSlaOnlyPolicies();
            var rulesJson = Path.Combine(scenario.Root, "sla-rules.json");
            File.WriteAllText(rulesJson, PeerRules.WorkflowJson(scenario.SlaGates));
            var loaded = PolicyEngine.LoadEvidence([scenario.RunsFile]);
            if (loaded.Diagnostics.Any(d => d.IsError))
            {
                failures.Add($"peers: loading the runs: {string.Join("; ", loaded.Diagnostics.Where(d => d.IsError).Take(3))}");
                return;
            }

            var evidence = loaded.Evidence;
            var runs = evidence.Get<WorkflowRun>(EvidenceKind.WorkflowRuns) as WorkflowRun[] ?? [.. evidence.Get<WorkflowRun>(EvidenceKind.WorkflowRuns)];
            var asOf = MetricsScenario.AsOf;
            var window = new SlaWindow(asOf);
            var slaGates = scenario.SlaGates;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"   generated and loaded in {watch.Elapsed.TotalSeconds:F1} s: {runs.Length:N0} runs, {slaGates.Count} SLA gates (minimums {string.Join("/", MinPercents)}% in turn); rules JSON {new FileInfo(rulesJson).Length / 1e3:F0} kB"));
            Console.WriteLine($"   sample rule: {PeerRules.Expression(slaGates[0])}");

            var peers = new List<Peer>
            {
                new(
                    "engine: Prepare (no cache), Evaluate",
                    () => PrepareEngine(slaDir, null),
                    state => EngineVerdicts((CompiledPolicySet)state, evidence, asOf, slaGates)),
                new(
                    "engine: Prepare (cache hit), Evaluate",
                    () => PrepareEngine(slaDir, cacheDir),
                    state => EngineVerdicts((CompiledPolicySet)state, evidence, asOf, slaGates)),
                new(
                    "RulesEngine 6.0.1 (JSON workflow)",
                    () => PrepareRulesEngine(rulesJson, window),
                    state => RulesEngineVerdicts((RulesEngine.RulesEngine)state, runs, window, slaGates)),
                new(
                    "DynamicExpresso 2.19.6 (ParseAsDelegate)",
                    () => PrepareDynamicExpresso(slaGates),
                    state => [.. ((Func<WorkflowRun[], SlaWindow, bool>[])state).Select(rule => rule(runs, window))]),
                new(
                    "Roslyn scripting 5.12 (one script per rule)",
                    () => PrepareScripts(slaGates),
                    state =>
                    {
                        var globals = new SlaGlobals { Runs = runs, Ctx = window };
                        return [.. ((ScriptRunner<bool>[])state).Select(rule => rule(globals).GetAwaiter().GetResult())];
                    }),
                new(
                    "hand-written C#: the same expression per rule",
                    () => slaGates,
                    _ => [.. slaGates.Select(g => PeerRules.HandWritten(g, runs, window))]),
                new(
                    "hand-written C#: one loop per rule",
                    () => slaGates,
                    _ => Verdicts(MetricsBenchmark.PerRuleLoop(slaGates, runs, asOf), slaGates)),
                new(
                    "hand-written C#: fused single pass",
                    () => slaGates,
                    _ => Verdicts(MetricsBenchmark.Fused(slaGates, runs, asOf), slaGates)),
            };

            var results = new List<PeerResult>();
            foreach (var peer in peers)
            {
                var result = Measure(peer, repeat, warmup, prepareRepeat, failures);
                if (result is null)
                {
                    continue;
                }

                results.Add(result);
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"   {peer.Name}: first prepare {result.FirstPrepare:F0} ms, evaluate median {result.Evaluate.Median:F1} ms"));
            }

            Report(results, runs.Length, failures);
        }
        finally
        {
            Directory.Delete(scenario.Root, recursive: true);
            Directory.Delete(cacheDir, recursive: true);
        }
    }

    private static PeerResult? Measure(Peer peer, int repeat, int warmup, int prepareRepeat, List<string> failures)
    {
        object state;
        double first;
        long prepareAllocated;
        List<double> prepares = [];
        try
        {
            var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
            var watch = Stopwatch.StartNew();
            state = peer.Prepare();
            first = watch.Elapsed.TotalMilliseconds;
            prepareAllocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;

            // Warm preparations: the library's code is jitted by now; each builds the rules anew.
            for (var i = 0; i < prepareRepeat; i++)
            {
                (state as IDisposable)?.Dispose();
                watch.Restart();
                state = peer.Prepare();
                prepares.Add(watch.Elapsed.TotalMilliseconds);
            }
        }
        catch (Exception ex) when (ex is HarnessException or CompilationErrorException or ParseException or InvalidOperationException or ArgumentException)
        {
            failures.Add($"peers: {peer.Name}: preparing the rules failed: {ex.Message}");
            return null;
        }

        try
        {
            bool[] verdicts = [];
            MemoryProbe.Sample? memory = null;
            for (var i = 0; i < warmup; i++)
            {
                if (i == 0)
                {
                    (verdicts, memory) = MemoryProbe.Run(() => peer.Evaluate(state));
                }
                else
                {
                    verdicts = peer.Evaluate(state);
                }
            }

            var times = new List<double>();
            for (var i = 0; i < Math.Max(repeat, 1); i++)
            {
                if (memory is null)
                {
                    var watch = Stopwatch.StartNew();
                    (verdicts, memory) = MemoryProbe.Run(() => peer.Evaluate(state));
                    times.Add(watch.Elapsed.TotalMilliseconds);
                }
                else
                {
                    var watch = Stopwatch.StartNew();
                    verdicts = peer.Evaluate(state);
                    times.Add(watch.Elapsed.TotalMilliseconds);
                }
            }

            return new PeerResult(peer.Name, first, prepares, prepareAllocated, new Summary(peer.Name, times), memory!, verdicts);
        }
        catch (HarnessException ex)
        {
            failures.Add($"peers: {peer.Name}: {ex.Message}");
            return null;
        }
        finally
        {
            (state as IDisposable)?.Dispose();
        }
    }

    private static void Report(List<PeerResult> results, int runCount, List<string> failures)
    {
        if (results.Count == 0 || !results[0].Name.StartsWith("engine", StringComparison.Ordinal))
        {
            failures.Add("peers: the engine's results are missing: nothing to compare with");
            return;
        }

        var engine = results[0];
        var sameExpression = results.FirstOrDefault(r => r.Name.Contains("same expression", StringComparison.Ordinal));
        var fused = results.FirstOrDefault(r => r.Name.Contains("fused", StringComparison.Ordinal));
        Console.WriteLine();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {"Approach",-46} | {"1st prep ms",11} | {"prep ms",9} | {"eval ms",9} | {"eval min",9} | {"/engine",8} | {"/same C#",8} | {"/fused",8} | {"peak MB",8} | {"alloc MB",8} | {"pass",5} |"));
        Console.WriteLine($"|{new string('-', 48)}|{new string('-', 12)}:|{new string('-', 10)}:|{new string('-', 10)}:|{new string('-', 10)}:|{new string('-', 9)}:|{new string('-', 9)}:|{new string('-', 9)}:|{new string('-', 9)}:|{new string('-', 9)}:|{new string('-', 6)}:|");
        foreach (var r in results)
        {
            var warmPrepare = r.Prepares.Count == 0 ? "-" : new Summary(r.Name, r.Prepares).Median.ToString("F1", CultureInfo.InvariantCulture);
            var perSame = sameExpression is null ? "-" : (r.Evaluate.Median / sameExpression.Evaluate.Median).ToString("F2", CultureInfo.InvariantCulture) + "x";
            var perFused = fused is null ? "-" : (r.Evaluate.Median / fused.Evaluate.Median).ToString("F2", CultureInfo.InvariantCulture) + "x";
            Console.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"| {r.Name,-46} | {r.FirstPrepare,11:F1} | {warmPrepare,9} | {r.Evaluate.Median,9:F1} | {r.Evaluate.Min,9:F1} | {r.Evaluate.Median / engine.Evaluate.Median,7:F2}x | {perSame,8} | {perFused,8} | {r.Memory.PeakHeapDelta / 1e6,8:F1} | {r.Memory.Allocated / 1e6,8:F1} | {r.Verdicts.Count(v => v),5} |"));
        }

        Console.WriteLine();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"   columns: 1st prep = first Prepare in this process (includes jitting the library); prep = median of the warm re-preparations; eval over {runCount:N0} runs, median and min; /engine, /same C#, /fused = eval median ratios; peak MB = largest managed-heap growth sampled during one evaluation; alloc MB = bytes allocated by that evaluation; pass = gates passed"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"   prepare allocations (first prepare): {string.Join(", ", results.Select(r => $"{r.Name.Split(' ')[0]} {r.PrepareAllocated / 1e6:F0} MB"))}"));

        var expected = engine.Verdicts;
        var passing = expected.Count(v => v);
        Console.WriteLine($"   engine verdicts: {passing} pass, {expected.Length - passing} fail of {expected.Length}");
        if (passing == 0 || passing == expected.Length)
        {
            failures.Add($"peers: every gate has the same verdict ({passing} of {expected.Length} pass): the comparison would prove little");
        }

        foreach (var r in results.Skip(1))
        {
            var differing = Enumerable.Range(0, expected.Length).Where(i => i >= r.Verdicts.Length || r.Verdicts[i] != expected[i]).ToArray();
            if (r.Verdicts.Length != expected.Length || differing.Length > 0)
            {
                var message = $"peers: {r.Name} gives {differing.Length} verdict(s) different from the engine's (of {expected.Length}; it returned {r.Verdicts.Length}), first at gate index {string.Join(", ", differing.Take(5))}";
                Console.WriteLine($"   MISMATCH: {message}");
                failures.Add(message);
            }
        }

        Console.WriteLine($"   verdicts: {results.Count - 1} approaches checked against the engine's for every gate");
    }

    private static CompiledPolicySet PrepareEngine(string policies, string? cacheDir)
    {
        var prepared = new PolicyEngine(cacheDir is null ? null : new CompilationCache(cacheDir)).Prepare([policies]);
        if (prepared.HasErrors || prepared.Compiled is null)
        {
            prepared.Compiled?.Dispose();
            throw new HarnessException($"the SLA policy set does not compile: {string.Join("; ", prepared.Diagnostics.Where(d => d.IsError).Take(3))}");
        }

        return prepared.Compiled;
    }

    private static bool[] EngineVerdicts(CompiledPolicySet compiled, EvidenceSet evidence, DateTimeOffset asOf, IReadOnlyList<SlaGate> gates)
    {
        var result = PolicyEngine.Evaluate(compiled, evidence, asOf);
        var byName = result.Gates.ToDictionary(g => g.Gate, g => g.Status, StringComparer.Ordinal);
        return [.. gates.Select(g => byName.TryGetValue(g.Name, out var status) ? status == GateStatus.Pass : throw new HarnessException($"the engine gave no result for {g.Name}"))];
    }

    private static RulesEngine.RulesEngine PrepareRulesEngine(string rulesJson, SlaWindow window)
    {
        // As a RulesEngine user does: read the workflow JSON, construct the engine, and execute once
        // (RulesEngine compiles a workflow's rules on its first execution and caches them).
        var workflows = JsonSerializer.Deserialize<Workflow[]>(File.ReadAllText(rulesJson)) ?? throw new HarnessException("empty rules JSON");
        var engine = new RulesEngine.RulesEngine(workflows, new ReSettings());
        var results = engine.ExecuteAllRulesAsync(PeerRules.WorkflowName, new RuleParameter("Runs", Array.Empty<WorkflowRun>()), new RuleParameter("Ctx", window)).AsTask().GetAwaiter().GetResult();
        if (results.FirstOrDefault(r => !string.IsNullOrEmpty(r.ExceptionMessage)) is { } failed)
        {
            throw new HarnessException($"RulesEngine rule {failed.Rule.RuleName}: {failed.ExceptionMessage}");
        }

        return engine;
    }

    private static bool[] RulesEngineVerdicts(RulesEngine.RulesEngine engine, WorkflowRun[] runs, SlaWindow window, IReadOnlyList<SlaGate> gates)
    {
        var results = engine.ExecuteAllRulesAsync(PeerRules.WorkflowName, new RuleParameter("Runs", runs), new RuleParameter("Ctx", window)).AsTask().GetAwaiter().GetResult();
        if (results.FirstOrDefault(r => !string.IsNullOrEmpty(r.ExceptionMessage)) is { } failed)
        {
            throw new HarnessException($"RulesEngine rule {failed.Rule.RuleName}: {failed.ExceptionMessage}");
        }

        var byName = results.ToDictionary(r => r.Rule.RuleName, r => r.IsSuccess, StringComparer.Ordinal);
        return [.. gates.Select(g => byName[g.Name])];
    }

    private static Func<WorkflowRun[], SlaWindow, bool>[] PrepareDynamicExpresso(IReadOnlyList<SlaGate> gates)
    {
        var interpreter = new Interpreter(InterpreterOptions.Default | InterpreterOptions.LambdaExpressions);
        return [.. gates.Select(g => interpreter.ParseAsDelegate<Func<WorkflowRun[], SlaWindow, bool>>(PeerRules.Expression(g), "Runs", "Ctx"))];
    }

    private static ScriptRunner<bool>[] PrepareScripts(IReadOnlyList<SlaGate> gates)
    {
        var options = ScriptOptions.Default
            .AddReferences(typeof(WorkflowRun).Assembly, typeof(Enumerable).Assembly)
            .AddImports("System", "System.Linq");
        return [.. gates.Select(g => CSharpScript.Create<bool>(PeerRules.Expression(g), options, typeof(SlaGlobals)).CreateDelegate())];
    }

    private static bool[] Verdicts(MetricsBenchmark.SlaCounts counts, IReadOnlyList<SlaGate> gates) =>
        [.. gates.Select((g, i) => counts.Total[i] > 0 && (double)counts.Met[i] / counts.Total[i] >= g.MinFraction)];

    private sealed record Peer(string Name, Func<object> Prepare, Func<object, bool[]> Evaluate);

    private sealed record PeerResult(string Name, double FirstPrepare, List<double> Prepares, long PrepareAllocated, Summary Evaluate, MemoryProbe.Sample Memory, bool[] Verdicts);
}

/// <summary>Managed memory during one call: bytes allocated, and the largest heap growth sampled every millisecond.</summary>
internal static class MemoryProbe
{
    public static (T Value, Sample Memory) Run<T>(Func<T> action)
    {
        var baseline = GC.GetTotalMemory(forceFullCollection: true);
        var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
        var peak = baseline;
        using var stop = new ManualResetEventSlim();
        var sampler = new Thread(() =>
        {
            while (!stop.Wait(1))
            {
                peak = Math.Max(peak, GC.GetTotalMemory(forceFullCollection: false));
            }
        })
        { IsBackground = true };
        sampler.Start();
        T value;
        long after;
        try
        {
            value = action();
            after = GC.GetTotalMemory(forceFullCollection: false);
        }
        finally
        {
            stop.Set();
            sampler.Join();
        }

        return (value, new Sample(Math.Max(peak, after) - baseline, GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore));
    }

    public sealed record Sample(long PeakHeapDelta, long Allocated);
}
