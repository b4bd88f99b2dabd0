// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using System.Text.Json;
using System.Text.RegularExpressions;

namespace AiOpsPolicy.Cli.Tests;

/// <summary>
/// Issue 12, item 5: budgets held at the process boundary, through the built CLI as CI runs it. A runaway that no guard
/// can stop (a recursion millions of frames deep inside the BCL, an allocation loop past the memory limit) must end the
/// run within its budget plus the stated grace, with every report written, the runaway gate <c>error</c> and every
/// other gate evaluated exactly as without it.
/// </summary>
[Trait("Hostile", "budget")]
public sealed class BudgetBoundaryProcessTests
{
    private const string AsOf = "2026-11-28T12:00:00Z";

    /// <summary>The example's gate statuses without any hostile gate, from the same built CLI.</summary>
    private static readonly Lazy<Dictionary<string, string>> Baseline = new(() =>
    {
        using var temp = new TempDirectory();
        var report = temp.Combine("baseline.json");
        var result = CliProcess.RunAsync(temp.Path, new Dictionary<string, string>(), [], ["gate", "--policies", Repository.HelpdeskPolicies, "--evidence", Repository.ExampleEvidence, "--as-of", AsOf, "--json", report], TimeSpan.FromMinutes(3)).GetAwaiter().GetResult();
        Assert.True(result.ExitCode == 1, result.Stderr);
        using var json = JsonDocument.Parse(File.ReadAllBytes(report));
        return json.RootElement.GetProperty("gates").EnumerateArray().ToDictionary(g => g.GetProperty("name").GetString()!, g => g.GetProperty("status").GetString()!);
    });

    [Fact]
    public async Task Gate_WhenToStringRecursesTenMillionFramesDeep_ShouldEndWithinTheTotalBudgetWithEveryReport()
    {
        // Given: the issue's expression, as a warn gate beside the example set, with the default budgets (5 s a gate, 60 s
        // a run). Before, the gate was "abandoned at 5 s" but the process ran for about 5 minutes.
        using var temp = new TempDirectory();
        var policies = Policies(temp, "Enumerable.Range(0, 10000000).Aggregate((object)0, (a, i) => new ValueTuple<object>(a)).ToString().Length > 0", budgets: null);

        // When
        var (result, report) = await Gate(temp, policies, new Dictionary<string, string>());

        // Then: the run ended within the total budget (60 s) plus the grace and one restart, and the gate is an error
        Assert.True(result.Elapsed < TimeSpan.FromSeconds(60 + 2 + 30), $"took {result.Elapsed}");
        AssertOnlyTheRunawayErred(report, result, "zz-runaway");
    }

    [Fact]
    public async Task Gate_WhenAGateRunsAwayInsideToString_ShouldStopTheProcessAndEvaluateTheRestAgain()
    {
        // Given: a tuple a million deep, built well within a 2 s gate budget, whose ToString never finishes (quadratic
        // text, a million frames deep inside the BCL, where no guard runs)
        using var temp = new TempDirectory();
        var policies = Policies(temp, "Enumerable.Range(0, 1000000).Aggregate((object)0, (a, i) => new ValueTuple<object>(a)).ToString().Length > 0", "gateTime: 2s\n    totalTime: 30s");

        // When
        var (result, report) = await Gate(temp, policies, new Dictionary<string, string>(), EvidenceWithAWarning(temp));

        // Then: the supervisor stopped the evaluation process in that gate and the rerun reported it; the load's warning
        // is shown once, although three processes (the first, the stopped one and the rerun) loaded the evidence
        Assert.Single(Regex.Matches(result.Stderr, "warning AOP1106"));
        Assert.True(result.Elapsed < TimeSpan.FromSeconds(30 + 2 + 30), $"took {result.Elapsed}");
        var runaway = AssertOnlyTheRunawayErred(report, result, "zz-runaway");
        Assert.Contains("went over its time budget of 2s", runaway, StringComparison.Ordinal);
        Assert.Matches(@"warning AOP5034: The evaluation process (abandoned a runaway inside a library call|went over the item's time budget|ended abnormally \(exit code 134\)) in gate #\d+", result.Stderr);
    }

    [Fact]
    public async Task Gate_WhenAGateIsSlowButWithinItsBudget_ShouldGiveItsOwnResultAfterStartingOverSupervised()
    {
        // Given: a guarded count over two billion values, seconds of work, well within a 60 s gate budget: past 1 s the
        // run starts again under the supervisor, which must evaluate it to the end like any other gate
        using var temp = new TempDirectory();
        var policies = Policies(temp, "Enumerable.Range(0, int.MaxValue).Count(i => i < 0) == 0", "gateTime: 60s\n    totalTime: 120s");

        // When
        var (result, report) = await Gate(temp, policies, new Dictionary<string, string>(), EvidenceWithAWarning(temp));

        // Then: the slow gate passed, every other gate has its own result, nothing was stopped, and the load's warning is
        // shown once (by the supervised process, not also by the one it started over from)
        Assert.Single(Regex.Matches(result.Stderr, "warning AOP1106"));
        Assert.True(result.ExitCode == 1, $"exit {result.ExitCode}\n{result.Stderr}");
        var gates = report.GetProperty("gates").EnumerateArray().ToDictionary(g => g.GetProperty("name").GetString()!, g => g.GetProperty("status").GetString()!);
        Assert.Equal("pass", gates["zz-runaway"]);
        Assert.Equal(Baseline.Value, gates.Where(g => g.Key != "zz-runaway").ToDictionary(g => g.Key, g => g.Value));
        Assert.DoesNotContain("AOP5034", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Gate_WhenAGateAllocatesPastTheMemoryLimit_ShouldStopTheProcessAndReportTheGateAsError()
    {
        // Given: 2 GB of strings kept alive, with the allocation budget raised so that only the process's memory limit
        // (600 MiB, set by the operator) can stop it
        using var temp = new TempDirectory();
        var policies = Policies(temp, "Enumerable.Range(0, 40).Select(i => new string('x', 25000000)).ToList().Count > 0", "gateTime: 30s\n    totalTime: 60s\n    allocationMiB: 8192");

        // When
        var (result, report) = await Gate(temp, policies, new Dictionary<string, string> { ["AIOPS_POLICY_MEMORY_LIMIT_MIB"] = "600" });

        // Then
        var runaway = AssertOnlyTheRunawayErred(report, result, "zz-runaway");
        Assert.Equal("The evaluation process went over its memory limit of 600 MiB while gate 'zz-runaway' was being evaluated: the evaluation process was stopped, and the run evaluated again without it", runaway);
        Assert.Matches(@"warning AOP5034: The evaluation process went over its memory limit of 600 MiB \(\d+ MiB resident when seen\) in gate #\d+", result.Stderr);
    }

    [Fact]
    public async Task Gate_WhenAGateKeepsMemoryPastTheLimitWithinTheAllocationBudget_ShouldHandTheRunOverAndReportTheGateAsError()
    {
        // Given: 200 MB of strings kept alive for a while, within the default allocation budget (256 MiB), so the gate
        // is evaluated in the CLI's own process, and an operator's memory limit of 180 MiB
        using var temp = new TempDirectory();
        var policies = Policies(temp, "new[] { 0 }.Select(_ => Enumerable.Range(0, 10).Select(i => new string('x', 10000000)).ToList()).Select(list => Enumerable.Range(0, 50000000).Count(j => j < list.Count)).First() > 0", "gateTime: 30s\n    totalTime: 60s");

        // When
        var (result, report) = await Gate(temp, policies, new Dictionary<string, string> { ["AIOPS_POLICY_MEMORY_LIMIT_MIB"] = "180" });

        // Then: the in-process watch handed the run over to the supervisor, which reran it without the gate
        var runaway = AssertOnlyTheRunawayErred(report, result, "zz-runaway");
        Assert.Equal("The evaluation process went over its memory limit of 180 MiB while gate 'zz-runaway' was being evaluated: the evaluation process was stopped, and the run evaluated again without it", runaway);
        Assert.Matches(@"warning AOP5034: The evaluation process went over its memory limit of 180 MiB \(\d+ MiB resident when seen\) in gate #\d+", result.Stderr);
    }

    /// <summary>Checks the exit code, the runaway's status and that every other gate has its result from a run without it.</summary>
    private static string AssertOnlyTheRunawayErred(JsonElement report, CliProcess.Result result, string runaway)
    {
        Assert.True(result.ExitCode == 1, $"exit {result.ExitCode}\n{result.Stderr}");
        var gates = report.GetProperty("gates").EnumerateArray().ToDictionary(g => g.GetProperty("name").GetString()!, g => g);
        Assert.Equal("error", gates[runaway].GetProperty("status").GetString());
        var expected = Baseline.Value;
        Assert.Equal(expected, gates.Where(g => g.Key != runaway).ToDictionary(g => g.Key, g => g.Value.GetProperty("status").GetString()!));
        return gates[runaway].GetProperty("explanation").GetString()!;
    }

    private static string Policies(TempDirectory temp, string condition, string? budgets)
    {
        var policies = temp.CopyFolder(Repository.HelpdeskPolicies, "policies");
        if (Directory.Exists(Path.Combine(policies, "tests")))
        {
            Directory.Delete(Path.Combine(policies, "tests"), recursive: true);
        }

        if (budgets is not null)
        {
            var manifest = Path.Combine(policies, "policyset.yaml");
            File.WriteAllText(manifest, File.ReadAllText(manifest).Replace("spec:\n  version: 1.0.0\n", "spec:\n  version: 1.0.0\n  budgets:\n    " + budgets + "\n", StringComparison.Ordinal));
        }

        File.WriteAllText(
            Path.Combine(policies, "zz-runaway.yaml"),
            "apiVersion: aiops-policy/v1\nkind: Gate\nmetadata:\n  name: zz-runaway\nspec:\n  severity: warn\n  condition: |-\n    " + condition + "\n");
        return policies;
    }

    /// <summary>The example evidence and an empty file beside it, which the load reports as a warning (AOP1106) and ignores.</summary>
    private static string EvidenceWithAWarning(TempDirectory temp)
    {
        var evidence = temp.CopyFolder(Repository.ExampleEvidence, "evidence");
        File.WriteAllText(Path.Combine(evidence, "empty.ndjson"), string.Empty);
        return evidence;
    }

    private static async Task<(CliProcess.Result Result, JsonElement Report)> Gate(TempDirectory temp, string policies, Dictionary<string, string> environment, string? evidence = null)
    {
        var report = temp.Combine("report.json");
        var output = temp.Combine("reports");
        var tmp = Directory.CreateDirectory(temp.Combine("tmp")).FullName;
        var result = await CliProcess.RunAsync(
            temp.Path,
            new Dictionary<string, string>(environment) { ["TMPDIR"] = tmp },
            [],
            ["gate", "--policies", policies, "--evidence", evidence ?? Repository.ExampleEvidence, "--as-of", AsOf, "--cache-dir", temp.Combine("cache"), "--json", report, "--format", "junit,sarif,markdown", "--output", output],
            TimeSpan.FromMinutes(6));
        Assert.True(File.Exists(report), $"no JSON report; exit {result.ExitCode}\n{result.Stderr}");
        foreach (var file in new[] { "TEST-aiops-policy.xml", "aiops-policy.sarif", "aiops-policy-summary.md" })
        {
            Assert.True(File.Exists(Path.Combine(output, file)), $"{file} was not written: {string.Join(", ", Directory.GetFiles(output))}");
        }

        Assert.Empty(Directory.GetFiles(output, "*.tmp*"));

        // Nothing of the run's own is left in its temporary folder, whichever process image created it (a hand-over
        // replaces the image and keeps the process id)
        var left = Directory.GetFileSystemEntries(tmp, "aiops-*").Select(Path.GetFileName);
        Assert.True(!left.Any(), $"left in the temporary folder: {string.Join(", ", left)}");
        using var json = JsonDocument.Parse(File.ReadAllBytes(report));
        return (result, json.RootElement.Clone());
    }
}
