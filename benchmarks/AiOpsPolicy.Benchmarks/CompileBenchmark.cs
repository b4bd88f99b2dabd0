// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using System.Globalization;
using AiOpsPolicy.Core;

namespace AiOpsPolicy.Benchmarks;

/// <summary>
/// Times <c>new PolicyEngine(null).Prepare([dir])</c> (load, schema validation, one Roslyn
/// compilation of every expression) on a generated set of N gates, two ways: in fresh processes
/// (what a cold CLI run pays, Roslyn JIT included) and in this process after warm-up (the
/// steady-state cost of the compilation itself).
/// </summary>
internal static class CompileBenchmark
{
    public static void Run(Layout layout, int gates, int runs, int warmup, List<string> failures)
    {
        Console.WriteLine();
        Console.WriteLine($"== compile: Prepare() of a generated set of {gates} gates, no cache");
        var dir = PolicyGenerator.Write(gates);
        try
        {
            var summaries = new List<Summary>();

            // Fresh processes: Prepare() timed inside the child, so the host start-up is excluded.
            summaries.Add(Measure.Repeat($"fresh process: Prepare({gates} gates), first call", 0, runs, () =>
            {
                var result = ChildProcess.Run(layout.DotnetHost, [layout.HarnessDll, Child.PrepareMode, dir, "-"], layout.RepoRoot);
                if (result.ExitCode != 0 || result.Value("gates") != gates.ToString(CultureInfo.InvariantCulture))
                {
                    failures.Add($"fresh-process Prepare of {gates} gates failed: {result.Describe()}");
                    return double.NaN;
                }

                return double.Parse(result.Value("prepare-ms"), CultureInfo.InvariantCulture);
            }));

            // In this process: the first call pays JIT of the engine and Roslyn; later calls do not.
            var engine = new PolicyEngine(null);
            var first = Measure.Time(() => Once(engine, dir, gates, failures));
            summaries.Add(new Summary($"in-process: Prepare({gates} gates), first call", [first]));
            summaries.Add(Measure.Repeat($"in-process: Prepare({gates} gates), after warm-up", warmup, runs, () => Measure.Time(() => Once(engine, dir, gates, failures))));

            Console.WriteLine();
            Console.WriteLine(Summary.Header);
            Console.WriteLine(Summary.Rule);
            foreach (var summary in summaries)
            {
                Console.WriteLine(summary.Row);
            }

            // Evaluation of the generated set against the example evidence: not timed, but it must run.
            using var prepared = engine.Prepare([dir]).Compiled;
            var evidence = PolicyEngine.LoadEvidence([layout.ExampleEvidence]);
            if (prepared is not null)
            {
                var run = PolicyEngine.Evaluate(prepared, evidence.Evidence, DateTimeOffset.Parse(Layout.AsOf, CultureInfo.InvariantCulture));
                Console.WriteLine($"   evaluated the generated set: {run.Gates.Length} gate result(s)");
                if (run.Gates.Length != gates)
                {
                    failures.Add($"evaluating {gates} generated gates gave {run.Gates.Length} results");
                }
            }
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    private static void Once(PolicyEngine engine, string dir, int gates, List<string> failures)
    {
        var prepared = engine.Prepare([dir]);
        using var compiled = prepared.Compiled;
        if (prepared.HasErrors || compiled?.Policies.Gates.Length != gates)
        {
            var errors = string.Join("; ", prepared.Diagnostics.Where(d => d.IsError).Take(3));
            failures.Add($"in-process Prepare of {gates} gates: {errors}");
        }
    }
}
