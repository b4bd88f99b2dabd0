// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using System.Globalization;
using AiOpsPolicy.History;

namespace AiOpsPolicy.Cli.Tests;

/// <summary>gate with a baseline, end to end: runs recorded with --record on earlier days become the baseline of later runs.</summary>
public sealed class BaselineTests
{
    private static readonly DateTimeOffset Day1 = new(2026, 11, 20, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Gate_WhenWorseThanTheRecordedBaseline_ShouldBlockAndAfterwardsPassWithinIt()
    {
        // Given: three runs of 10 workflow runs each, recorded on three days; with no baseline yet, the gate's absolute
        // bound alone decides them.
        using var temp = new TempDirectory();
        var policies = WritePolicies(temp, history: null, bound: "max: 1000");
        var store = temp.Combine("history.db");
        for (var day = 0; day < 3; day++)
        {
            var report = temp.Combine($"seed-{day}.json");
            var (seedExit, seed) = Gate(temp, policies, Day1.AddDays(day), runs: 10, "--record", store, "--json", report);
            Assert.True(seedExit == 0, seed.OutText + seed.ErrText);
            Assert.Contains(day == 0 ? "baseline not applied, only the bound" : $"of the last {day} passing run(s)", File.ReadAllText(report), StringComparison.Ordinal);
        }

        // When: a fourth run with 20 (limit 10 + 10% = 11), then a fifth with 11.
        var (worseExit, worse) = Gate(temp, policies, Day1.AddDays(3), runs: 20, "--history", store);
        var (fineExit, fine) = Gate(temp, policies, Day1.AddDays(4), runs: 11, "--record", store);

        // Then
        Assert.Equal(1, worseExit);
        Assert.Contains("the median 10 of the last 3 passing run(s)", worse.OutText, StringComparison.Ordinal);
        Assert.Contains("20 is above it", worse.OutText, StringComparison.Ordinal);
        Assert.Equal(0, fineExit);
        Assert.Contains("Recorded run ", fine.OutText, StringComparison.Ordinal);
        await using var history = await HistoryStoreFactory.OpenAsync(store);
        Assert.Equal(4, await history.CountRunsAsync());
    }

    [Fact]
    public void Gate_WhenAGateHasABaselineAndNoStore_ShouldBeInsufficientAndSayHowToGiveOne()
    {
        // Given
        using var temp = new TempDirectory();
        var policies = WritePolicies(temp, history: null);

        // When
        var (exit, console) = Gate(temp, policies, Day1, runs: 10);

        // Then
        Assert.Equal(1, exit);
        Assert.Contains("insufficient-evidence", console.OutText, StringComparison.Ordinal);
        Assert.Contains("no history store to read the baseline from. Give one with --history FILE", console.OutText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Gate_WhenThePolicySetSetsHistory_ShouldRecordWithoutRecordAndReadItsBaselinesThere()
    {
        // Given: spec.history records into a file next to the policies; nothing on the command line. The gate has no
        // absolute bound, so its first run has no baseline (insufficient evidence) and seeds one.
        using var temp = new TempDirectory();
        var policies = WritePolicies(temp, history: "record: true\n    store: runs/history.db");

        // When
        var (firstExit, first) = Gate(temp, policies, Day1, runs: 10);
        var (secondExit, second) = Gate(temp, policies, Day1.AddDays(1), runs: 30);
        var (thirdExit, third) = Gate(temp, policies, Day1.AddDays(2), runs: 11);

        // Then
        Assert.Equal(1, firstExit);
        Assert.Contains("Seed a baseline", first.OutText, StringComparison.Ordinal);
        Assert.Contains("Recorded run ", first.OutText, StringComparison.Ordinal);
        Assert.Equal(1, secondExit);
        Assert.Contains("the median 10 of the last 1 passing run(s)", second.OutText, StringComparison.Ordinal);
        Assert.True(thirdExit == 0, third.OutText + third.ErrText);
        await using var history = await HistoryStoreFactory.OpenAsync(Path.Combine(policies, "runs", "history.db"));
        Assert.Equal(3, await history.CountRunsAsync());
    }

    [Fact]
    public async Task Gate_WhenRecordIsGiven_ShouldOverrideThePolicySetsStore()
    {
        // Given
        using var temp = new TempDirectory();
        var policies = WritePolicies(temp, history: "record: true\n    store: runs/history.db", bound: "max: 1000");
        var store = temp.Combine("override.db");

        // When
        var (exit, console) = Gate(temp, policies, Day1, runs: 10, "--record", store);

        // Then
        Assert.True(exit == 0, console.OutText + console.ErrText);
        Assert.False(File.Exists(Path.Combine(policies, "runs", "history.db")));
        await using var history = await HistoryStoreFactory.OpenAsync(store);
        Assert.Equal(1, await history.CountRunsAsync());
    }

    [Fact]
    public void Gate_WhenThePolicySetRequiresRecordingAndTheStoreCannotBeWritten_ShouldExit2()
    {
        // Given: the store is under a regular file, which cannot be a folder.
        using var temp = new TempDirectory();
        var policies = WritePolicies(temp, history: "record: true\n    store: blocker/history.db\n    require: true", bound: "max: 1000");
        File.WriteAllText(Path.Combine(policies, "blocker"), "x");

        // When
        var (exit, console) = Gate(temp, policies, Day1, runs: 10);

        // Then
        Assert.Equal(2, exit);
        Assert.Contains("warning AOP5005", console.ErrText, StringComparison.Ordinal);
        Assert.Contains("spec.history.require", console.ErrText, StringComparison.Ordinal);
    }

    private static string WritePolicies(TempDirectory temp, string? history, string? bound = null)
    {
        var folder = temp.Combine("policies");
        Directory.CreateDirectory(folder);
        var historySpec = history is null ? "{}" : $"\n  history:\n    {history}";
        File.WriteAllText(Path.Combine(folder, "policyset.yaml"), $"""
            apiVersion: aiops-policy/v1
            kind: PolicySet
            metadata:
              name: checkout
            spec: {historySpec}
            """);
        var boundSpec = bound is null ? string.Empty : $"\n  bound:\n    {bound}";
        File.WriteAllText(Path.Combine(folder, "gates.yaml"), $"""
            apiVersion: aiops-policy/v1
            kind: Gate
            metadata:
              name: run-volume
            spec:
              description: No more workflow runs than usual (10% over the median of the last 3 passing runs).
              measure: Evidence.WorkflowRuns.Count{boundSpec}
              baseline:
                from: passing-runs
                runs: 3
                tolerance: 10%
                direction: lower-is-better
            """);
        return folder;
    }

    private static (int Exit, TestConsole Console) Gate(TempDirectory temp, string policies, DateTimeOffset asOf, int runs, params string[] extra)
    {
        var evidence = temp.Combine("evidence");
        Directory.CreateDirectory(evidence);
        var lines = new List<string> { $$$"""{"$evidence": {"kind": "workflow-runs", "collectedAt": "{{{asOf.AddHours(-1):O}}}"}}""" };
        lines.AddRange(Enumerable.Range(0, runs).Select(i => $$"""{"id": "w{{i}}", "workflow": "triage", "startedAt": "{{asOf.AddHours(-3):O}}", "endedAt": "{{asOf.AddHours(-2):O}}", "outcome": "ok"}"""));
        File.WriteAllLines(Path.Combine(evidence, "runs.ndjson"), lines);
        var console = new TestConsole();
        var exit = Program.Run(
            ["gate", "--policies", policies, "--evidence", evidence, "--as-of", asOf.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture), "--no-cache", .. extra],
            console,
            () => throw new InvalidOperationException("The test gave --as-of; the clock must not be read."));
        return (exit, console);
    }
}
