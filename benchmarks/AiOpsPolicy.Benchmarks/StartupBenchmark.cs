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

    private static void Expect(ProcessResult result, string what, int[] exitCodes, List<string> failures)
    {
        if (!exitCodes.Contains(result.ExitCode))
        {
            failures.Add($"{what}: expected exit {string.Join(" or ", exitCodes)}, got {result.Describe()}");
        }
    }
}
