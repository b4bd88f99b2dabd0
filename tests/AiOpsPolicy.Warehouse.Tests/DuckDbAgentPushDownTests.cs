// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using System.Text.RegularExpressions;
using AiOpsPolicy.Core;
using AiOpsPolicy.Core.Evidence;
using AiOpsPolicy.Core.Results;

namespace AiOpsPolicy.Warehouse.Tests;

/// <summary>
/// AgentSuccess pushed down to DuckDB against the in-memory pass: the same generated agent runs, as NDJSON (in memory),
/// as Parquet and as a <c>.duckdb</c> store (kept in DuckDB, counted in SQL), must give the same gates JSON: statuses,
/// values, counts, explanations (with the runs that could not be placed by a start they lack) and failing records.
/// Runs with duplicates or rows the contract refuses are read in memory and must still agree.
/// </summary>
public sealed class DuckDbAgentPushDownTests
{
    private const int RunCount = 3000;

    public static TheoryData<string> Datasets => new() { "clean", "duplicates", "invalid" };

    [Theory]
    [MemberData(nameof(Datasets))]
    public void Gate_WhenAgentRunsAreInDuckDb_ShouldDecideEveryGateAsInMemory(string dataset)
    {
        // Given
        using var temp = new TempDirectory();
        var (ndjson, parquet, store) = AgentRunsWarehouse.Write(temp, Runs(dataset, 7));
        var policies = AgentRunsWarehouse.Policies(temp);

        // When
        var inMemory = PushDownGate.Run(policies, ndjson, temp.Combine("ndjson.json"), out var memoryExit, out var memoryReport);
        var fromParquet = PushDownGate.Run(policies, parquet, temp.Combine("parquet.json"), out var parquetExit, out _);
        var fromStore = PushDownGate.Run(policies, store, temp.Combine("store.json"), out var storeExit, out _);
        var parquetOff = PushDownGate.Run(policies, parquet, temp.Combine("parquet-off.json"), out var parquetOffExit, out _, "--no-push-down");

        // Then: the same decisions, and the gates did read the runs (passes, failures, failing ids, unplaced runs)
        Assert.Equal(memoryExit, parquetExit);
        Assert.Equal(memoryExit, storeExit);
        Assert.Equal(memoryExit, parquetOffExit);
        Assert.Equal(inMemory, fromParquet);
        Assert.Equal(inMemory, fromStore);
        Assert.Equal(inMemory, parquetOff);
        var statuses = string.Join(", ", Regex.Matches(memoryReport, "\"status\": \"([a-z-]+)\"").Select(m => m.Groups[1].Value));
        Assert.True(memoryReport.Contains("\"status\": \"pass\"", StringComparison.Ordinal), statuses);
        Assert.Contains("\"status\": \"fail\"", memoryReport, StringComparison.Ordinal);
        Assert.Contains("\"status\": \"insufficient-evidence\"", memoryReport, StringComparison.Ordinal);
        Assert.Contains("with no startedAt (not counted)", memoryReport, StringComparison.Ordinal);
        Assert.Contains("\"agent-", memoryReport, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("clean", true)]
    [InlineData("duplicates", false)]
    [InlineData("invalid", false)]
    public void Load_WhenAgentRunsAreCheckedInDuckDb_ShouldKeepOnlyCleanRunsThereAndCountAsTheLoader(string dataset, bool kept)
    {
        // Given
        using var temp = new TempDirectory();
        var (ndjson, parquet, store) = AgentRunsWarehouse.Write(temp, Runs(dataset, 11));

        // When
        var inMemory = EvidenceLoader.Load([ndjson], []);
        var fromParquet = DuckDbEvidence.Load([parquet]);
        var fromStore = DuckDbEvidence.Load([store]);

        // Then: kept in DuckDB only when clean; counts, quarantine and duplicates as the loader's either way
        foreach (var result in new[] { fromParquet, fromStore })
        {
            Assert.Equal(kept, result.Evidence.Pushed(EvidenceKind.AgentRuns) is not null);
            Assert.Equal(PushDownGate.Quality(inMemory), PushDownGate.Quality(result));
            Assert.Equal(string.Join(", ", inMemory.Diagnostics.Select(d => d.Descriptor.Id)), string.Join(", ", result.Diagnostics.Select(d => d.Descriptor.Id)));
            Assert.Equal(inMemory.Evidence.Files.Single().Records, result.Evidence.Files.Single().Records);
        }
    }

    [Fact]
    public void Load_WhenAgentRunTimesAreStoredAsText_ShouldReadThemInMemoryFromTheFooterAlone()
    {
        // Given: the same clean runs as typed Parquet (timestamps) and as Parquet written from the JSON (times as text)
        using var temp = new TempDirectory();
        var (ndjson, typed, _) = AgentRunsWarehouse.Write(temp, AgentRunsWarehouse.Clean(RunCount, 13));
        var textFolder = Directory.CreateDirectory(temp.Combine("text")).FullName;
        var lines = File.ReadAllLines(Path.Combine(ndjson, "agent-runs.ndjson")).Skip(1).ToArray();
        ParquetSamples.Write(Path.Combine(textFolder, "agent-runs.parquet"), "agent-runs", RunsWarehouse.CollectedAt, lines);

        // When
        var inMemory = EvidenceLoader.Load([ndjson], []);
        var fromText = DuckDbEvidence.Load([textFolder]);

        // Then: the footer tells text times from timestamps, so no DuckDB session is opened for a file its check would
        // refuse; the runs are read in memory, counted as the loader counts them
        Assert.True(ParquetFooter.Read(Path.Combine(textFolder, "agent-runs.parquet")).HasText(DuckDb.AgentRunsCheck.Times));
        Assert.False(ParquetFooter.Read(Path.Combine(typed, "agent-runs.parquet")).HasText(DuckDb.AgentRunsCheck.Times));
        Assert.Null(fromText.Evidence.Pushed(EvidenceKind.AgentRuns));
        Assert.NotNull(DuckDbEvidence.Load([typed]).Evidence.Pushed(EvidenceKind.AgentRuns));
        Assert.Equal(PushDownGate.Quality(inMemory), PushDownGate.Quality(fromText));
        Assert.Equal(inMemory.Evidence.Files.Single().Records, fromText.Evidence.Files.Single().Records);
    }

    [Fact]
    public void Evaluate_WhenAnExpressionEnumeratesMoreAgentRunsThanMayBeFetched_ShouldFailThatGateNamingTheMetricToUse()
    {
        // Given: a fetch bound below the run count
        using var temp = new TempDirectory();
        var (_, parquet, _) = AgentRunsWarehouse.Write(temp, AgentRunsWarehouse.Clean(RunCount, 5));
        var prepared = new PolicyEngine(null).Prepare([AgentRunsWarehouse.Policies(temp)]);
        Assert.False(prepared.HasErrors, string.Join("\n", prepared.Diagnostics));
        var evidence = DuckDbEvidence.Load([parquet], fetchLimit: 100);
        Assert.NotNull(evidence.Evidence.Pushed(EvidenceKind.AgentRuns));

        // When
        using var compiled = prepared.Compiled!;
        var result = PolicyEngine.Evaluate(compiled, evidence.Evidence, RunsWarehouse.Now);

        // Then
        var enumerated = result.Gates.Single(g => g.Gate == "enumerated");
        Assert.Equal(GateStatus.Error, enumerated.Status);
        Assert.Contains("more than the 100 that may be brought into memory", enumerated.Explanation, StringComparison.Ordinal);
        Assert.Contains("use AgentSuccess(", enumerated.Explanation, StringComparison.Ordinal);
        Assert.Contains(result.Gates, g => g.Gate == "triage" && g.Status is GateStatus.Pass or GateStatus.Fail);
    }

    private static List<AgentRunsWarehouse.AgentRun> Runs(string dataset, int seed) => dataset switch
    {
        "duplicates" => AgentRunsWarehouse.WithDuplicates(RunCount, seed),
        "invalid" => AgentRunsWarehouse.WithInvalidRows(RunCount, seed),
        _ => AgentRunsWarehouse.Clean(RunCount, seed),
    };
}
