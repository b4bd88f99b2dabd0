// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

namespace AiOpsPolicy.Benchmarks;

/// <summary>
/// Verifies the design claim behind the warm path: a cache hit never loads Roslyn. Each probe runs
/// in a fresh process (a process that has compiled once keeps Roslyn loaded), runs the real CLI
/// entry point or the engine in-process, then lists <c>AppDomain.CurrentDomain.GetAssemblies()</c>.
/// The cold probes are the control: they must see Roslyn, or the check could not detect anything.
/// </summary>
internal static class RoslynLoadCheck
{
    public static void Run(Layout layout, List<string> failures)
    {
        Console.WriteLine();
        Console.WriteLine("== roslyn: Microsoft.CodeAnalysis assemblies loaded in-process (fresh process per probe)");
        var cacheDir = Directory.CreateTempSubdirectory("aiops-bench-roslyn-").FullName;
        try
        {
            string[] gate = ["gate", "--policies", layout.HelpdeskPolicies, "--evidence", layout.ExampleEvidence, "--as-of", Layout.AsOf, "--no-color"];
            var probes = new (string Name, string[] Args, bool ExpectRoslyn)[]
            {
                ("cli gate --no-cache (control)", [Child.GateMode, .. gate, "--no-cache"], true),
                ("cli gate, cache miss (populates the cache)", [Child.GateMode, .. gate, "--cache-dir", cacheDir], true),
                ("cli gate, cache hit", [Child.GateMode, .. gate, "--cache-dir", cacheDir], false),
                ("engine Prepare, cache hit", [Child.PrepareMode, layout.HelpdeskPolicies, cacheDir], false),
            };

            foreach (var (name, args, expectRoslyn) in probes)
            {
                var result = ChildProcess.Run(layout.DotnetHost, [layout.HarnessDll, .. args], layout.RepoRoot);
                if (result.ExitCode is not (0 or 1))
                {
                    failures.Add($"roslyn probe '{name}' failed: {result.Describe()}");
                    continue;
                }

                var loaded = result.Value("roslyn-assemblies");
                var fromCache = args[0] == Child.PrepareMode ? $", from-cache={result.Value("from-cache")}" : string.Empty;
                var sawRoslyn = loaded != "none";
                var verdict = sawRoslyn == expectRoslyn ? "ok" : "UNEXPECTED";
                Console.WriteLine($"   {verdict,-10} {name,-44} exit={result.ExitCode}{fromCache}, Microsoft.CodeAnalysis loaded: {loaded}");
                if (sawRoslyn != expectRoslyn)
                {
                    failures.Add($"roslyn probe '{name}': expected Roslyn {(expectRoslyn ? "loaded" : "not loaded")}, saw {loaded}");
                }

                if (fromCache is { Length: > 0 } && result.Value("from-cache") != "True")
                {
                    failures.Add($"roslyn probe '{name}': the prepared set did not come from the cache");
                }
            }
        }
        finally
        {
            Directory.Delete(cacheDir, recursive: true);
        }
    }
}
