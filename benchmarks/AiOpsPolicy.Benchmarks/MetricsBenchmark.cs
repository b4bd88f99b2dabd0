// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using System.Diagnostics;
using System.Globalization;
using AiOpsPolicy.Core;
using AiOpsPolicy.Core.Compilation;
using AiOpsPolicy.Core.Evidence;
using AiOpsPolicy.Core.Results;

namespace AiOpsPolicy.Benchmarks;

/// <summary>
/// <c>metrics1m</c>: evidence loading and metric evaluation over N workflow runs with G gates
/// (defaults one million and 200), against hand-written baselines that compute the same SLA
/// attainment aggregates: a fused single pass, and one pass per gate. Fails on any difference
/// between the engine's values and the hand-written ones.
/// </summary>
internal static class MetricsBenchmark
{
    private const int Seed = 20261128;

    public static void Run(int runs, int gates, int repeat, int warmup, bool keep, List<string> failures)
    {
        Console.WriteLine();
        Console.WriteLine($"== metrics: {runs:N0} workflow runs, {gates} gates over the nineteen metric functions");
        var watch = Stopwatch.StartNew();
        var scenario = MetricsScenario.Write(runs, gates, Seed);
        try
        {
            var fileBytes = new FileInfo(scenario.RunsFile).Length;
            var otherBytes = Directory.EnumerateFiles(scenario.EvidenceDir).Sum(f => new FileInfo(f).Length) - fileBytes;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"   generated in {watch.Elapsed.TotalSeconds:F1} s: {scenario.RunsFile} ({fileBytes / 1e6:F1} MB), other kinds {otherBytes / 1e3:F0} kB, {scenario.SlaGates.Count} SLA + {scenario.OtherGates.Count} other gates"));

            using var compiled = Prepare(scenario, failures);
            if (compiled is null)
            {
                return;
            }

            // (a) Loading the runs file alone. The first load is also the memory measurement.
            var managedBefore = GC.GetTotalMemory(forceFullCollection: true);
            long peakBefore;
            using (var self = Process.GetCurrentProcess())
            {
                peakBefore = self.PeakWorkingSet64;
            }

            var firstLoad = PolicyEngine.LoadEvidence([scenario.RunsFile]);
            var managedAfter = GC.GetTotalMemory(forceFullCollection: true);
            var loadedCount = firstLoad.Evidence.Get<WorkflowRun>(EvidenceKind.WorkflowRuns).Count;
            using (var self = Process.GetCurrentProcess())
            {
                self.Refresh();
                var retained = managedAfter - managedBefore;
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"   memory: runs file {fileBytes / 1e6:F1} MB; managed heap retained by the loaded runs {retained / 1e6:F1} MB ({(double)retained / Math.Max(loadedCount, 1):F0} B/record, {(double)retained / fileBytes:F2}x the file); peak working set {peakBefore / 1e6:F0} MB before the load (generation, compilation), {self.PeakWorkingSet64 / 1e6:F0} MB after it"));
            }

            if (loadedCount != runs || firstLoad.Diagnostics.Any(d => d.IsError))
            {
                failures.Add($"loading the runs file gave {loadedCount} records (expected {runs}): {string.Join("; ", firstLoad.Diagnostics.Take(3))}");
                return;
            }

            firstLoad = null;
            var summaries = new List<Summary>();
            var load = Measure.Repeat("load workflow-runs.ndjson (LoadEvidence)", warmup, repeat, () => Measure.Time(() => PolicyEngine.LoadEvidence([scenario.RunsFile])));
            summaries.Add(load);

            // Every kind, for evaluation.
            var loaded = PolicyEngine.LoadEvidence([scenario.EvidenceDir]);
            if (loaded.Diagnostics.Any(d => d.IsError))
            {
                failures.Add($"loading the evidence folder: {string.Join("; ", loaded.Diagnostics.Where(d => d.IsError).Take(3))}");
                return;
            }

            var evidence = loaded.Evidence;
            using (var self = Process.GetCurrentProcess())
            {
                self.Refresh();
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"   peak working set after loading every kind and {1 + warmup + repeat} timed loads of the runs file: {self.PeakWorkingSet64 / 1e6:F0} MB"));
            }

            var records = evidence.Get<WorkflowRun>(EvidenceKind.WorkflowRuns) as WorkflowRun[] ?? [.. evidence.Get<WorkflowRun>(EvidenceKind.WorkflowRuns)];
            var asOf = MetricsScenario.AsOf;

            // (b) The engine.
            GateRunResult? result = null;
            var engine = Measure.Repeat($"engine: Evaluate({scenario.GateCount} gates)", warmup, repeat, () => Measure.Time(() => result = PolicyEngine.Evaluate(compiled, evidence, asOf)));
            summaries.Add(engine);

            // (c) Fused single pass, grouped by scope; (c') fused, every SLA gate per record.
            SlaCounts? fused = null;
            var fusedSummary = Measure.Repeat("hand-written fused, grouped by scope", warmup, repeat, () => Measure.Time(() =>
            {
                fused = Fused(scenario.SlaGates, records, asOf);
                OthersOnce(scenario, evidence);
            }));
            summaries.Add(fusedSummary);

            SlaCounts? naive = null;
            summaries.Add(Measure.Repeat("hand-written fused, every gate per record", warmup, repeat, () => Measure.Time(() =>
            {
                naive = FusedNaive(scenario.SlaGates, records, asOf);
                OthersOnce(scenario, evidence);
            })));

            // (d) One pass per gate: a loop, and LINQ.
            SlaCounts? perRule = null;
            var perRuleSummary = Measure.Repeat("hand-written per-rule, one loop per gate", warmup, repeat, () => Measure.Time(() =>
            {
                perRule = PerRuleLoop(scenario.SlaGates, records, asOf);
                OthersOnce(scenario, evidence);
            }));
            summaries.Add(perRuleSummary);

            SlaCounts? perRuleLinq = null;
            var linqSummary = Measure.Repeat("hand-written per-rule, one LINQ query per gate", warmup, repeat, () => Measure.Time(() =>
            {
                perRuleLinq = PerRuleLinq(scenario.SlaGates, records, asOf);
                OthersOnce(scenario, evidence);
            }));
            summaries.Add(linqSummary);

            Console.WriteLine();
            Console.WriteLine(Summary.Header);
            Console.WriteLine(Summary.Rule);
            foreach (var summary in summaries)
            {
                Console.WriteLine(summary.Row);
            }

            Console.WriteLine();
            var mb = fileBytes / 1e6;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"   loading: {runs / (load.Median / 1000):N0} records/s, {mb / (load.Median / 1000):F1} MB/s (median)"));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"   evidence passes (engine): {result?.EvidencePasses}"));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"   ratio engine / fused (grouped): {engine.Median / fusedSummary.Median:F2}x; engine / fused (every gate per record): {engine.Median / summaries[3].Median:F2}x"));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"   ratio per-rule loop / fused (grouped): {perRuleSummary.Median / fusedSummary.Median:F2}x; per-rule LINQ / fused (grouped): {linqSummary.Median / fusedSummary.Median:F2}x; engine / per-rule loop: {engine.Median / perRuleSummary.Median:F2}x"));

            Verify(scenario, result!, fused!, naive!, perRule!, perRuleLinq!, evidence, failures);
        }
        finally
        {
            if (keep)
            {
                Console.WriteLine($"   kept {scenario.Root}");
            }
            else
            {
                Directory.Delete(scenario.Root, recursive: true);
            }
        }
    }

    private static CompiledPolicySet? Prepare(MetricsScenario scenario, List<string> failures)
    {
        var watch = Stopwatch.StartNew();
        var prepared = new PolicyEngine(null).Prepare([scenario.PolicyDir]);
        if (prepared.HasErrors || prepared.Compiled is null)
        {
            failures.Add($"the generated metrics policy set does not compile: {string.Join("; ", prepared.Diagnostics.Where(d => d.IsError).Take(5))}");
            prepared.Compiled?.Dispose();
            return null;
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"   compiled {prepared.Compiled.Policies.Gates.Length} gates in {watch.Elapsed.TotalSeconds:F1} s (not part of the timings below)"));
        return prepared.Compiled;
    }

    /// <summary>
    /// One pass over the runs for every SLA gate: the record's workflow is looked up once, its step
    /// found among the four, the time and quality targets checked once, then only the gates of
    /// that workflow and step (one per window) are touched.
    /// </summary>
    internal static SlaCounts Fused(IReadOnlyList<SlaGate> gates, WorkflowRun[] runs, DateTimeOffset now)
    {
        var steps = MetricsScenario.Steps;
        var scopesPerWorkflow = steps.Length + 1;
        var workflows = new Dictionary<string, int>(StringComparer.Ordinal);
        var byScope = new List<int>[MetricsScenario.WorkflowCount * scopesPerWorkflow];
        for (var i = 0; i < byScope.Length; i++)
        {
            byScope[i] = [];
        }

        for (var w = 0; w < MetricsScenario.WorkflowCount; w++)
        {
            workflows[MetricsScenario.Workflow(w)] = w;
        }

        var starts = new DateTime[gates.Count];
        var nowUtc = now.UtcDateTime;
        for (var g = 0; g < gates.Count; g++)
        {
            var gate = gates[g];
            var step = gate.Step is null ? 0 : 1 + Array.FindIndex(steps, s => s.Name == gate.Step);
            byScope[(workflows[gate.Workflow] * scopesPerWorkflow) + step].Add(g);
            starts[g] = nowUtc.AddDays(-gate.WindowDays);
        }

        var scopeGates = byScope.Select(l => l.ToArray()).ToArray();
        var scopeTime = new TimeSpan[byScope.Length];
        var scopeQuality = new string?[byScope.Length];
        for (var s = 0; s < byScope.Length; s++)
        {
            var step = s % scopesPerWorkflow;
            scopeTime[s] = step == 0 ? MetricsScenario.WholeTime : steps[step - 1].Time;
            scopeQuality[s] = step == 0 ? MetricsScenario.WholeQuality : steps[step - 1].Quality;
        }

        var total = new int[gates.Count];
        var met = new int[gates.Count];
        foreach (var run in runs)
        {
            if (!workflows.TryGetValue(run.Workflow, out var w))
            {
                continue;
            }

            var step = 0;
            if (run.Step is { } name)
            {
                step = -1;
                for (var i = 0; i < steps.Length; i++)
                {
                    if (string.Equals(name, steps[i].Name, StringComparison.Ordinal))
                    {
                        step = i + 1;
                        break;
                    }
                }

                if (step < 0)
                {
                    continue;
                }
            }

            var scope = (w * scopesPerWorkflow) + step;
            var targets = scopeGates[scope];
            if (targets.Length == 0)
            {
                continue;
            }

            var ended = run.EndedAt.UtcDateTime;
            if (ended >= nowUtc)
            {
                continue;
            }

            var ok = run.EndedAt - run.StartedAt <= scopeTime[scope] && (scopeQuality[scope] is not { } quality || string.Equals(run.Outcome, quality, StringComparison.Ordinal));
            foreach (var g in targets)
            {
                if (ended >= starts[g])
                {
                    total[g]++;
                    met[g] += ok ? 1 : 0;
                }
            }
        }

        return new SlaCounts(total, met);
    }

    /// <summary>One pass over the runs, every SLA gate's test per record, written inline (no virtual call).</summary>
    private static SlaCounts FusedNaive(IReadOnlyList<SlaGate> gates, WorkflowRun[] runs, DateTimeOffset now)
    {
        var g = gates.Count;
        var workflows = gates.Select(x => x.Workflow).ToArray();
        var steps = gates.Select(x => x.Step).ToArray();
        var times = gates.Select(x => x.Time).ToArray();
        var qualities = gates.Select(x => x.Quality).ToArray();
        var starts = gates.Select(x => now.AddDays(-x.WindowDays)).ToArray();
        var total = new int[g];
        var met = new int[g];
        foreach (var run in runs)
        {
            for (var i = 0; i < g; i++)
            {
                if (run.EndedAt < starts[i] || run.EndedAt >= now || !string.Equals(run.Workflow, workflows[i], StringComparison.Ordinal) || !string.Equals(run.Step, steps[i], StringComparison.Ordinal))
                {
                    continue;
                }

                total[i]++;
                if (run.EndedAt - run.StartedAt <= times[i] && (qualities[i] is not { } quality || string.Equals(run.Outcome, quality, StringComparison.Ordinal)))
                {
                    met[i]++;
                }
            }
        }

        return new SlaCounts(total, met);
    }

    /// <summary>One loop over the runs per SLA gate.</summary>
    internal static SlaCounts PerRuleLoop(IReadOnlyList<SlaGate> gates, WorkflowRun[] runs, DateTimeOffset now)
    {
        var total = new int[gates.Count];
        var met = new int[gates.Count];
        for (var i = 0; i < gates.Count; i++)
        {
            var gate = gates[i];
            var start = now.AddDays(-gate.WindowDays);
            int n = 0, ok = 0;
            foreach (var run in runs)
            {
                if (run.EndedAt >= start && run.EndedAt < now && string.Equals(run.Workflow, gate.Workflow, StringComparison.Ordinal) && string.Equals(run.Step, gate.Step, StringComparison.Ordinal))
                {
                    n++;
                    if (run.EndedAt - run.StartedAt <= gate.Time && (gate.Quality is null || string.Equals(run.Outcome, gate.Quality, StringComparison.Ordinal)))
                    {
                        ok++;
                    }
                }
            }

            total[i] = n;
            met[i] = ok;
        }

        return new SlaCounts(total, met);
    }

    /// <summary>One LINQ query over the runs per SLA gate, as a policy author would write it.</summary>
    private static SlaCounts PerRuleLinq(IReadOnlyList<SlaGate> gates, WorkflowRun[] runs, DateTimeOffset now)
    {
        var total = new int[gates.Count];
        var met = new int[gates.Count];
        for (var i = 0; i < gates.Count; i++)
        {
            var gate = gates[i];
            var start = now.AddDays(-gate.WindowDays);
            var (n, ok) = runs
                .Where(r => r.EndedAt >= start && r.EndedAt < now && r.Workflow == gate.Workflow && r.Step == gate.Step)
                .Aggregate((N: 0, Ok: 0), (acc, r) => (acc.N + 1, acc.Ok + (r.Duration <= gate.Time && (gate.Quality is null || r.Outcome == gate.Quality) ? 1 : 0)));
            total[i] = n;
            met[i] = ok;
        }

        return new SlaCounts(total, met);
    }

    /// <summary>The other kinds' aggregates: simple loops, one per gate (those kinds are small).</summary>
    private static double[] OthersOnce(MetricsScenario scenario, EvidenceSet evidence) =>
        [.. scenario.OtherGates.Select(g => g.HandWritten(evidence))];

    private static void Verify(MetricsScenario scenario, GateRunResult result, SlaCounts fused, SlaCounts naive, SlaCounts perRule, SlaCounts perRuleLinq, EvidenceSet evidence, List<string> failures)
    {
        var byName = result.Gates.ToDictionary(g => g.Gate, StringComparer.Ordinal);
        var mismatches = new List<string>();
        foreach (var (other, name) in new[] { (naive, "fused (every gate per record)"), (perRule, "per-rule loop"), (perRuleLinq, "per-rule LINQ") })
        {
            if (!other.Total.SequenceEqual(fused.Total) || !other.Met.SequenceEqual(fused.Met))
            {
                mismatches.Add($"hand-written {name} differs from the fused pass");
            }
        }

        var insufficient = 0;
        for (var i = 0; i < scenario.SlaGates.Count; i++)
        {
            var gate = scenario.SlaGates[i];
            if (!byName.TryGetValue(gate.Name, out var actual))
            {
                mismatches.Add($"{gate.Name}: no result");
                continue;
            }

            if (fused.Total[i] == 0)
            {
                insufficient++;
                if (actual.Status != GateStatus.InsufficientEvidence)
                {
                    mismatches.Add($"{gate.Name}: no runs by hand, engine status {actual.Status}");
                }

                continue;
            }

            var metric = actual.Metrics.FirstOrDefault();
            var expected = (double)fused.Met[i] / fused.Total[i];
            if (metric is null || metric.Numerator != fused.Met[i] || metric.Denominator != fused.Total[i] || actual.ObservedValue is not { } observed || Math.Abs(observed - expected) > 1e-12)
            {
                mismatches.Add(string.Create(CultureInfo.InvariantCulture, $"{gate.Name}: engine {metric?.Numerator}/{metric?.Denominator} ({actual.ObservedValue}), by hand {fused.Met[i]}/{fused.Total[i]} ({expected})"));
            }
        }

        var checkedOthers = 0;
        foreach (var gate in scenario.OtherGates)
        {
            if (!byName.TryGetValue(gate.Name, out var actual))
            {
                mismatches.Add($"{gate.Name}: no result");
                continue;
            }

            if (actual.Status is GateStatus.Error or GateStatus.InsufficientEvidence)
            {
                mismatches.Add($"{gate.Name} ({gate.Function}): engine status {actual.Status}: {actual.Explanation}");
                continue;
            }

            if (gate.Checked)
            {
                checkedOthers++;
                var expected = gate.HandWritten(evidence);
                if (actual.ObservedValue is not { } observed || Math.Abs(observed - expected) > 1e-9 * Math.Max(1, Math.Abs(expected)))
                {
                    mismatches.Add(string.Create(CultureInfo.InvariantCulture, $"{gate.Name}: engine {actual.ObservedValue}, by hand {expected}"));
                }
            }
        }

        var functions = scenario.OtherGates.Select(g => g.Function).Append("SlaAttainment").Distinct(StringComparer.Ordinal).Count();
        Console.WriteLine($"   checked: {scenario.SlaGates.Count} SLA gates equal by hand ({insufficient} with no runs), {checkedOthers} other gates equal by hand, {functions} of the nineteen metrics used, {result.Gates.Length} results");
        if (functions != 19)
        {
            mismatches.Add($"the set uses {functions} of the nineteen metrics (the fifteen, cost savings and the three DORA keys)");
        }

        var kinds = Enum.GetValues<EvidenceKind>().Length;
        if (result.EvidencePasses > kinds)
        {
            mismatches.Add($"{result.EvidencePasses} evidence passes for {kinds} kinds: some metric calls were not planned");
        }

        if (mismatches.Count > 0)
        {
            Console.WriteLine($"   MISMATCH: {mismatches.Count}");
            foreach (var m in mismatches.Take(20))
            {
                Console.WriteLine($"     - {m}");
            }

            failures.AddRange(mismatches.Select(m => "metrics: " + m));
        }
    }

    internal sealed record SlaCounts(int[] Total, int[] Met);
}
