// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using AiOpsPolicy.Core;
using AiOpsPolicy.Core.Evidence;
using AiOpsPolicy.Core.Evidence.Contract;
using AiOpsPolicy.Core.Results;

namespace AiOpsPolicy.Benchmarks;

/// <summary>
/// <c>quarantine</c>: the <c>metrics1m</c> scenario with invalid runs planted among the valid ones
/// (times without an offset, NaN, negative counts, unknown fields, words outside the list, truncated
/// lines, ends before starts). Checks that the gate still decides, that every planted record is
/// quarantined and counted exactly, and that the gates reading workflow-runs are insufficient-evidence
/// at the default tolerance and decided on the valid runs with a tolerance set. Measures the load
/// of the clean and the planted file, and the contract check alone over every line.
/// </summary>
internal static class QuarantineBenchmark
{
    private const int Seed = 20261128;

    private static readonly string[] Plants =
    [
        "\"startedAt\": \"2026-11-27T10:00:00\"",
        "\"transactions\": -3",
        "\"outcome\": \"Manual Review\"",
        "\"color\": \"red\"",
        "\"endedAt\": \"2026-11-01T00:00:00Z\"",
        "\"transactions\": 1e400",
        "\"workflow\": 42",
        "TRUNCATE",
    ];

    public static void Run(Layout layout, int records, int planted, int repeat, int warmup, List<string> failures)
    {
        Console.WriteLine();
        Console.WriteLine($"== quarantine: {records:N0} workflow runs with {planted:N0} invalid ones planted, 40 gates");
        var scenario = MetricsScenario.Write(records, 40, Seed);
        try
        {
            var clean = scenario.RunsFile;
            var dirty = Path.Combine(scenario.Root, "planted", "workflow-runs.ndjson");
            Directory.CreateDirectory(Path.GetDirectoryName(dirty)!);
            Plant(clean, dirty, planted);

            // The decision: the scenario's other evidence beside the planted runs.
            foreach (var file in Directory.EnumerateFiles(scenario.EvidenceDir).Where(f => f != clean))
            {
                File.Copy(file, Path.Combine(Path.GetDirectoryName(dirty)!, Path.GetFileName(file)));
            }

            Decide(scenario, Path.GetDirectoryName(dirty)!, planted, failures);
            var cliRows = Cli(layout, scenario, Path.GetDirectoryName(dirty)!, planted, warmup, repeat, failures);

            var rows = new List<(string Name, Summary Time, double Cpu)>
            {
                Time("LoadEvidence, clean runs", warmup, repeat, () => Check(PolicyEngine.LoadEvidence([clean]), 0, failures)),
                Time($"LoadEvidence, {planted:N0} planted invalid", warmup, repeat, () => Check(PolicyEngine.LoadEvidence([dirty]), planted, failures)),
                Time("contract check alone, every line", warmup, repeat, () => ValidateOnly(clean)),
            };

            Console.WriteLine(Summary.Header + " CPU ms |");
            foreach (var (name, time, cpu) in rows.Concat(cliRows))
            {
                Console.WriteLine(time.Row + string.Create(CultureInfo.InvariantCulture, $" {cpu,6:F0} |"));
            }
        }
        finally
        {
            Directory.Delete(scenario.Root, recursive: true);
        }
    }

    /// <summary>Copies the runs, replacing every (records / planted)-th run with an invalid one.</summary>
    private static void Plant(string clean, string dirty, int planted)
    {
        var lines = File.ReadAllLines(clean);
        var step = Math.Max(1, (lines.Length - 1) / planted);
        var count = 0;
        using var writer = new StreamWriter(dirty, append: false, new UTF8Encoding(false));
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i];
            if (i > 0 && i % step == 0 && count < planted)
            {
                var plant = Plants[count % Plants.Length];
                line = plant == "TRUNCATE" ? line[..(line.Length / 2)] : Replace(line, plant);
                count++;
            }

            writer.WriteLine(line);
        }
    }

    /// <summary>The run with one field set to the planted text (added when the run does not have it).</summary>
    private static string Replace(string line, string plant)
    {
        var name = plant[..(plant.IndexOf(':', StringComparison.Ordinal) + 1)];
        var at = line.IndexOf(name, StringComparison.Ordinal);
        if (at < 0)
        {
            return line[..^1] + ", " + plant + "}";
        }

        var end = line.IndexOfAny([',', '}'], at + name.Length + 2);
        if (line[(at + name.Length)..].TrimStart().StartsWith('"'))
        {
            end = line.IndexOf('"', line.IndexOf('"', at + name.Length) + 1) + 1;
        }

        return line[..at] + plant + line[end..];
    }

    private static void Decide(MetricsScenario scenario, string evidenceDir, int planted, List<string> failures)
    {
        using var compiled = new PolicyEngine(null).Prepare([scenario.PolicyDir]).Compiled;
        if (compiled is null)
        {
            failures.Add("quarantine: the scenario's policies do not compile");
            return;
        }

        var loaded = PolicyEngine.LoadEvidence([evidenceDir]);
        if (loaded.HasErrors)
        {
            failures.Add("quarantine: planted records stopped the load: " + string.Join("; ", loaded.Diagnostics.Where(d => d.IsError).Take(3)));
            return;
        }

        var result = PolicyEngine.Evaluate(compiled, loaded.Evidence, MetricsScenario.AsOf);
        var runs = result.DataQuality.Of(EvidenceKind.WorkflowRuns);
        var slaGates = result.Gates.Where(g => g.EvidenceKinds.Contains("workflow-runs")).ToList();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"   decision: {result.Decision}; {runs?.Invalid:N0} of {runs?.Total:N0} runs quarantined; {slaGates.Count(g => g.Status == GateStatus.InsufficientEvidence)} of {slaGates.Count} gates reading runs insufficient-evidence (tolerance 0%)"));
        if (runs?.Invalid != planted || runs.Total != scenario.Runs)
        {
            failures.Add($"quarantine: expected {planted} of {scenario.Runs} runs quarantined, got {runs?.Invalid} of {runs?.Total}");
        }

        // The scenario's gates are warn-severity: insufficient-evidence then reports without blocking;
        // a block-severity gate would block (QuarantineTests covers that).
        if (slaGates.Count == 0 || slaGates.Any(g => g.Status != GateStatus.InsufficientEvidence) || result.Blocked != result.Gates.Any(g => g.Blocks))
        {
            failures.Add("quarantine: at the default tolerance every gate reading the runs must be insufficient-evidence, and the decision must follow the gates that block");
        }
    }

    /// <summary>
    /// The decision as users get it: the CLI (the ReadyToRun publish when there is one, else the
    /// build) run as a process, <c>gate</c> over the planted evidence with the JSON and Markdown
    /// reports. Checks the exit code is the decision's (0 or 1, never 2), both reports are written,
    /// and the JSON report's data-quality section counts exactly the planted records. Times it whole
    /// (wall, the real CLI) and its CPU (the same entry point in the harness's <c>child-gate</c>
    /// process, which can read its own processor time).
    /// </summary>
    private static List<(string Name, Summary Time, double Cpu)> Cli(Layout layout, MetricsScenario scenario, string evidenceDir, int planted, int warmup, int repeat, List<string> failures)
    {
        var cli = layout.PublishedCliDll ?? layout.CliDll;
        var output = Directory.CreateTempSubdirectory("aiops-bench-quarantine-").FullName;
        var cacheDir = Directory.CreateTempSubdirectory("aiops-bench-cache-").FullName;
        try
        {
            string[] gate = ["gate", "--policies", scenario.PolicyDir, "--evidence", evidenceDir, "--as-of", Layout.AsOf, "--no-color", "--cache-dir", cacheDir, "--format", "json,markdown", "--output", output];
            Console.WriteLine($"   CLI: {(layout.PublishedCliDll is null ? "build output (no ReadyToRun publish in artifacts/publish/linux-x64)" : "ReadyToRun publish")} {cli}");
            ProcessResult? last = null;
            var wall = Measure.Repeat($"CLI gate, {planted:N0} planted (process, cache hit)", Math.Max(warmup, 1), repeat, () =>
            {
                foreach (var file in Directory.EnumerateFiles(output))
                {
                    File.Delete(file);
                }

                last = ChildProcess.Run(layout.DotnetHost, [cli, .. gate], layout.RepoRoot);
                return last.Milliseconds;
            });
            var cpu = new List<double>();
            for (var i = -1; i < Math.Max(repeat, 1); i++)
            {
                // The first populates the cache for the harness's own engine build (not counted).
                var child = ChildProcess.Run(layout.DotnetHost, [layout.HarnessDll, Child.GateMode, .. gate], layout.RepoRoot);
                if (i >= 0)
                {
                    cpu.Add(double.Parse(child.Value("cpu-ms"), CultureInfo.InvariantCulture));
                }
            }

            CheckCli(last!, output, scenario.Runs, planted, failures);
            return [(wall.Name, wall, cpu.Order().ElementAt(cpu.Count / 2))];
        }
        finally
        {
            Directory.Delete(output, recursive: true);
            Directory.Delete(cacheDir, recursive: true);
        }
    }

    private static void CheckCli(ProcessResult result, string output, int runs, int planted, List<string> failures)
    {
        var json = Path.Combine(output, "aiops-policy-report.json");
        var markdown = Path.Combine(output, "aiops-policy-summary.md");
        if (result.ExitCode is not (0 or 1) || !File.Exists(json) || !File.Exists(markdown))
        {
            failures.Add($"quarantine: the CLI gave no decision with both reports: {result.Describe()}");
            return;
        }

        using var report = JsonDocument.Parse(File.ReadAllBytes(json));
        var root = report.RootElement;
        var kind = root.GetProperty("evidence").GetProperty("dataQuality").GetProperty("kinds").EnumerateArray()
            .FirstOrDefault(k => k.GetProperty("kind").GetString() == "workflow-runs");
        var decision = root.GetProperty("decision").GetString();
        var invalid = kind.ValueKind == JsonValueKind.Object ? kind.GetProperty("invalid").GetInt64() : -1;
        var valid = kind.ValueKind == JsonValueKind.Object ? kind.GetProperty("valid").GetInt64() : -1;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"   CLI: exit {result.ExitCode}, decision {decision}; report says {invalid:N0} invalid and {valid:N0} valid workflow-runs; JSON and Markdown reports written ({new FileInfo(json).Length / 1e3:F0} kB, {new FileInfo(markdown).Length / 1e3:F0} kB)"));
        if (invalid != planted || valid != runs - planted)
        {
            failures.Add($"quarantine: the CLI's report counts {invalid} invalid and {valid} valid runs; {planted} of {runs} were planted");
        }

        if ((result.ExitCode == 1) != (decision == "blocked"))
        {
            failures.Add($"quarantine: the CLI exited {result.ExitCode} with decision {decision}");
        }
    }

    private static int Check(EvidenceLoadResult loaded, int planted, List<string> failures)
    {
        var invalid = loaded.Evidence.Quality.Invalid;
        if (invalid != planted)
        {
            failures.Add($"quarantine: {invalid} records quarantined, {planted} planted");
        }

        return loaded.Evidence.Get<WorkflowRun>(EvidenceKind.WorkflowRuns).Count;
    }

    /// <summary>The contract check alone over every run line of the file: what validation adds to a load.</summary>
    private static int ValidateOnly(string path)
    {
        var contract = EvidenceContract.For(EvidenceKind.WorkflowRuns);
        var problems = new List<EvidenceFieldProblem>();
        var valid = 0;
        var bytes = File.ReadAllBytes(path).AsSpan();
        bytes = bytes[(bytes.IndexOf((byte)'\n') + 1)..];
        while (!bytes.IsEmpty)
        {
            var end = bytes.IndexOf((byte)'\n');
            var line = end < 0 ? bytes : bytes[..end];
            bytes = end < 0 ? [] : bytes[(end + 1)..];
            problems.Clear();
            if (!line.IsEmpty && EvidenceRecordValidator.Validate(line, contract, problems, out _))
            {
                valid++;
            }
        }

        return valid;
    }

    private static (string Name, Summary Time, double Cpu) Time(string name, int warmup, int repeat, Func<int> once)
    {
        var cpu = new List<double>();
        var time = Measure.Repeat(name, warmup, repeat, () =>
        {
            using var self = Process.GetCurrentProcess();
            var before = self.TotalProcessorTime;
            var ms = Measure.Time(() => once());
            self.Refresh();
            cpu.Add((self.TotalProcessorTime - before).TotalMilliseconds);
            return ms;
        });
        return (name, time, cpu.Skip(warmup).Order().ElementAt((cpu.Count - warmup) / 2));
    }
}
