// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using System.Diagnostics;
using AiOpsPolicy.History;
using AiOpsPolicy.History.Runs;
using Xunit.Abstractions;

namespace AiOpsPolicy.Cli.Tests;

/// <summary>
/// 50 real <c>aiops-policy gate --record</c> processes started at once against one SQLite file, and 50 against one
/// PostgreSQL database: nothing may be lost or half-written. The compilation is cached by a warm-up run first, so each
/// process only loads, evaluates and records (a cold compile per process would not fit two cores).
/// </summary>
[Trait("Category", "Load")]
public sealed class RecordLoadTests(ITestOutputHelper output)
{
    private const int Processes = 50;

    private const string AsOf = "2026-11-28T12:00:00Z";

    [Fact]
    public async Task Gate_WhenFiftyProcessesRecordIntoOneSqliteFile_ShouldStoreEveryRunWhole()
    {
        // Given
        using var temp = new TempDirectory();
        var expected = await WarmUpAsync(temp);

        // When
        var store = temp.Combine("shared.db");
        await RecordConcurrentlyAsync(temp, store, "sqlite");

        // Then
        await AssertEveryRunWholeAsync(store, expected, "sqlite");
    }

    [Fact]
    public async Task Gate_WhenFiftyProcessesRecordIntoOnePostgresDatabase_ShouldStoreEveryRunWhole()
    {
        // Given
        using var temp = new TempDirectory();
        var expected = await WarmUpAsync(temp);
        // Room for 50 pooled processes at once: each keeps at most a few connections.
        await using var database = await PostgresTestDatabase.CreateAsync("aiops_load", builder => builder.MaxPoolSize = 2);

        // When
        await RecordConcurrentlyAsync(temp, database.ConnectionString, "postgres");

        // Then
        await AssertEveryRunWholeAsync(database.ConnectionString, expected, "postgres");
    }

    /// <summary>Compiles the example into the shared cache and records one run, whose shape every loaded run must have.</summary>
    private static async Task<RunRecord> WarmUpAsync(TempDirectory temp)
    {
        var store = temp.Combine("warm-up.db");
        var (exit, stdout, stderr) = await StartGate(temp, store, "warm-up").RunAsync();
        Assert.True(exit == 1, $"warm-up exit {exit}\n{stdout}\n{stderr}");
        await using var history = await HistoryStoreFactory.OpenAsync(store);
        var run = Assert.Single(await history.LoadRunsAsync(null, DateTimeOffset.UnixEpoch, DateTimeOffset.MaxValue));
        Assert.NotEmpty(run.Gates);
        return run;
    }

    private async Task RecordConcurrentlyAsync(TempDirectory temp, string target, string backend)
    {
        var stopwatch = Stopwatch.StartNew();
        var gates = Enumerable.Range(0, Processes).Select(i => StartGate(temp, target, $"{backend}-{i}").RunAsync()).ToList();
        var results = await Task.WhenAll(gates);
        stopwatch.Stop();
        for (var i = 0; i < results.Length; i++)
        {
            var (exit, stdout, stderr) = results[i];

            // --require-record: a run that was not recorded would exit 2, not 1.
            Assert.True(exit == 1 && stdout.Contains("Recorded run github:org/repo:", StringComparison.Ordinal), $"process {i}: exit {exit}\n{stdout}\n{stderr}");
        }

        output.WriteLine($"{backend}: {Processes} gate processes recorded in {stopwatch.Elapsed.TotalSeconds:F1} s wall, {Environment.ProcessorCount} cores");
    }

    private static async Task AssertEveryRunWholeAsync(string target, RunRecord expected, string backend)
    {
        await using var history = await HistoryStoreFactory.OpenAsync(target);
        Assert.Equal(Processes, await history.CountRunsAsync());
        var runs = await history.LoadRunsAsync(null, DateTimeOffset.UnixEpoch, DateTimeOffset.MaxValue);
        Assert.Equal(
            Enumerable.Range(0, Processes).Select(i => $"github:org/repo:{backend}-{i}:1").Order(StringComparer.Ordinal),
            runs.Select(r => r.RunId).Order(StringComparer.Ordinal));
        Assert.All(runs, run =>
        {
            Assert.Equal(expected.Gates.Select(g => (g.Gate, g.Status, g.Metrics.Length)), run.Gates.Select(g => (g.Gate, g.Status, g.Metrics.Length)));
            Assert.Equal(expected.Controls.Select(c => c.Name), run.Controls.Select(c => c.Name));
        });
    }

    private static GateProcess StartGate(TempDirectory temp, string target, string runId) =>
        new(temp.Path, runId,
        [
            typeof(Program).Assembly.Location, "gate", "--policies", Repository.HelpdeskPolicies, "--evidence", Repository.ExampleEvidence,
            "--as-of", AsOf, "--cache-dir", temp.Combine("cache"), "--record", target, "--require-record",
        ]);

    /// <summary>One CLI process with its run id set through the GitHub Actions variables.</summary>
    private sealed class GateProcess(string workingDirectory, string runId, string[] arguments)
    {
        public async Task<(int Exit, string Stdout, string Stderr)> RunAsync()
        {
            var start = new ProcessStartInfo("dotnet")
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
                WorkingDirectory = workingDirectory,
            };
            foreach (var name in (string[])["CI_PIPELINE_ID", "CI_JOB_ID", "BUILD_BUILDID", "GITHUB_RUN_ATTEMPT", "AIOPS_POLICY_HISTORY"])
            {
                start.Environment.Remove(name);
            }

            start.Environment["NO_COLOR"] = "1";
            start.Environment["GITHUB_RUN_ID"] = runId;
            start.Environment["GITHUB_REPOSITORY"] = "org/repo";
            foreach (var argument in arguments)
            {
                start.ArgumentList.Add(argument);
            }

            using var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start");
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            await process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(3));
            // Not TotalProcessorTime: on Linux it reads /proc/<pid>, gone once the exited process is reaped.
            return (process.ExitCode, await stdout, await stderr);
        }
    }
}
