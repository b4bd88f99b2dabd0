// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using System.Text.RegularExpressions;
using AiOpsPolicy.Core;
using AiOpsPolicy.Core.Diagnostics;
using AiOpsPolicy.Core.Evidence;
using AiOpsPolicy.Core.Results;
using AiOpsPolicy.Warehouse.DuckDb;

namespace AiOpsPolicy.Warehouse.Tests;

/// <summary>
/// The DuckDB push-down against the in-memory pass: the same generated runs, as NDJSON (in memory), as Parquet and as
/// a <c>.duckdb</c> store (kept in DuckDB, SLA attainment computed in SQL), must give the same gate results: statuses,
/// values, counts, explanations and failing records. Runs with duplicates or rows the contract refuses are read in
/// memory (and must still agree); an expression that enumerates more runs than may be fetched fails with a message
/// naming the metric to use.
/// </summary>
public sealed class DuckDbPushDownTests
{
    private const int RunCount = 3000;

    public static TheoryData<string> Datasets => new() { "clean", "duplicates", "invalid" };

    [Theory]
    [MemberData(nameof(Datasets))]
    public void Gate_WhenRunsAreInDuckDb_ShouldDecideEveryGateAsInMemory(string dataset)
    {
        // Given
        using var temp = new TempDirectory();
        var runs = dataset switch
        {
            "duplicates" => RunsWarehouse.WithDuplicates(RunCount, 7),
            "invalid" => RunsWarehouse.WithInvalidRows(RunCount, 7),
            _ => RunsWarehouse.Clean(RunCount, 7),
        };
        var (ndjson, parquet, store) = RunsWarehouse.Write(temp, runs);
        var policies = RunsWarehouse.Policies(temp);

        // When
        var inMemory = PushDownGate.Run(policies, ndjson, temp.Combine("ndjson.json"), out var memoryExit, out var memoryReport);
        var fromParquet = PushDownGate.Run(policies, parquet, temp.Combine("parquet.json"), out var parquetExit, out _);
        var fromStore = PushDownGate.Run(policies, store, temp.Combine("store.json"), out var storeExit, out _);

        // Then: the same decisions, and the gates did read the runs (not all insufficient)
        Assert.Equal(memoryExit, parquetExit);
        Assert.Equal(memoryExit, storeExit);
        Assert.Equal(inMemory, fromParquet);
        Assert.Equal(inMemory, fromStore);
        var statuses = string.Join(", ", Regex.Matches(memoryReport, "\"status\": \"([a-z-]+)\"").Select(m => m.Groups[1].Value));
        Assert.True(memoryReport.Contains("\"status\": \"pass\"", StringComparison.Ordinal), statuses);
        Assert.Contains("\"status\": \"fail\"", memoryReport, StringComparison.Ordinal);
        Assert.Contains("Run-", memoryReport, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("clean", true)]
    [InlineData("duplicates", false)]
    [InlineData("invalid", false)]
    public void Load_WhenRunsAreCheckedInDuckDb_ShouldKeepOnlyCleanRunsThereAndCountAsTheLoader(string dataset, bool kept)
    {
        // Given
        using var temp = new TempDirectory();
        var runs = dataset switch
        {
            "duplicates" => RunsWarehouse.WithDuplicates(RunCount, 11),
            "invalid" => RunsWarehouse.WithInvalidRows(RunCount, 11),
            _ => RunsWarehouse.Clean(RunCount, 11),
        };
        var (ndjson, parquet, store) = RunsWarehouse.Write(temp, runs);

        // When
        var inMemory = EvidenceLoader.Load([ndjson], []);
        var fromParquet = DuckDbEvidence.Load([parquet]);
        var fromStore = DuckDbEvidence.Load([store]);

        // Then: kept in DuckDB only when clean; counts, quarantine and duplicates as the loader's either way
        foreach (var result in new[] { fromParquet, fromStore })
        {
            Assert.Equal(kept, result.Evidence.Pushed(EvidenceKind.WorkflowRuns) is not null);
            Assert.Equal(PushDownGate.Quality(inMemory), PushDownGate.Quality(result));
            Assert.Equal(PushDownGate.Codes(inMemory), PushDownGate.Codes(result));
            Assert.Equal(inMemory.Evidence.Files.Single().Records, result.Evidence.Files.Single().Records);
            Assert.Equal(inMemory.Evidence.Files.Single().CollectedAt, result.Evidence.Files.Single().CollectedAt);
        }

        Assert.EndsWith("evidence.duckdb#workflow_runs", fromStore.Evidence.Files.Single().Path, StringComparison.Ordinal);
    }

    [Fact]
    public void Gate_WhenPushDownIsTurnedOff_ShouldReadTheRunsInMemoryAndDecideTheSame()
    {
        // Given: clean runs, which DuckDB would keep
        using var temp = new TempDirectory();
        var (ndjson, parquet, store) = RunsWarehouse.Write(temp, RunsWarehouse.Clean(RunCount, 17));
        var policies = RunsWarehouse.Policies(temp);

        // When
        var inMemory = PushDownGate.Run(policies, ndjson, temp.Combine("ndjson.json"), out var memoryExit, out _);
        var pushed = PushDownGate.Run(policies, parquet, temp.Combine("pushed.json"), out var pushedExit, out _);
        var parquetOff = PushDownGate.Run(policies, parquet, temp.Combine("parquet-off.json"), out var parquetOffExit, out _, "--no-push-down");
        var storeOff = PushDownGate.Run(policies, store, temp.Combine("store-off.json"), out var storeOffExit, out _, "--no-push-down");
        var loadedOff = DuckDbEvidence.Load([parquet], pushDown: false);
        var storeLoadedOff = DuckDbEvidence.Load([store], pushDown: false);

        // Then: nothing kept in DuckDB, every run in memory, and the same gates JSON as with push-down
        Assert.Null(loadedOff.Evidence.Pushed(EvidenceKind.WorkflowRuns));
        Assert.Null(storeLoadedOff.Evidence.Pushed(EvidenceKind.WorkflowRuns));
        Assert.Equal(RunCount + 12, loadedOff.Evidence.Get<WorkflowRun>(EvidenceKind.WorkflowRuns).Count);
        Assert.Equal(RunCount + 12, storeLoadedOff.Evidence.Get<WorkflowRun>(EvidenceKind.WorkflowRuns).Count);
        Assert.Equal(memoryExit, pushedExit);
        Assert.Equal(memoryExit, parquetOffExit);
        Assert.Equal(memoryExit, storeOffExit);
        Assert.Equal(pushed, parquetOff);
        Assert.Equal(pushed, storeOff);
        Assert.Equal(inMemory, parquetOff);
    }

    [Fact]
    public void Gate_WhenTheStoreKeysRunsById_ShouldKeepThemInDuckDbAndDecideAsInMemory()
    {
        // Given: a store whose table declares id its primary key (no duplicate check needed)
        using var temp = new TempDirectory();
        var (ndjson, _, store) = RunsWarehouse.Write(temp, RunsWarehouse.Clean(RunCount, 13), keyed: true);
        var policies = RunsWarehouse.Policies(temp);

        // When
        var loaded = DuckDbEvidence.Load([store]);
        var inMemory = PushDownGate.Run(policies, ndjson, temp.Combine("ndjson.json"), out var memoryExit, out _);
        var fromStore = PushDownGate.Run(policies, store, temp.Combine("store.json"), out var storeExit, out _);

        // Then
        Assert.NotNull(loaded.Evidence.Pushed(EvidenceKind.WorkflowRuns));
        Assert.Equal(memoryExit, storeExit);
        Assert.Equal(inMemory, fromStore);
    }

    [Fact]
    public void Evaluate_WhenAnExpressionEnumeratesMoreRunsThanMayBeFetched_ShouldFailThatGateNamingTheMetricToUse()
    {
        // Given: a fetch bound below the run count
        using var temp = new TempDirectory();
        var (_, parquet, _) = RunsWarehouse.Write(temp, RunsWarehouse.Clean(RunCount, 5));
        var prepared = new PolicyEngine(null).Prepare([RunsWarehouse.Policies(temp)]);
        Assert.False(prepared.HasErrors, string.Join("\n", prepared.Diagnostics));
        var evidence = DuckDbEvidence.Load([parquet], fetchLimit: 100);
        Assert.NotNull(evidence.Evidence.Pushed(EvidenceKind.WorkflowRuns));

        // When
        using var compiled = prepared.Compiled!;
        var result = PolicyEngine.Evaluate(compiled, evidence.Evidence, RunsWarehouse.Now);

        // Then: the enumerating gates end in an error that says why and what to use; the SLA gates are computed
        var enumerated = result.Gates.Single(g => g.Gate == "enumerated");
        Assert.Equal(GateStatus.Error, enumerated.Status);
        Assert.Contains("more than the 100 that may be brought into memory", enumerated.Explanation, StringComparison.Ordinal);
        Assert.Contains("use SlaAttainment(", enumerated.Explanation, StringComparison.Ordinal);
        Assert.Contains(result.Gates, g => g.Gate == "whole" && g.Status is GateStatus.Pass or GateStatus.Fail);
    }

    [Fact]
    public void Gate_WhenEvidenceIsADuckDbFileWithOtherKinds_ShouldReadThemThroughTheContract()
    {
        // Given: a store with the runs kept in DuckDB and a table of another kind with a bad row
        using var temp = new TempDirectory();
        var (_, _, store) = RunsWarehouse.Write(temp, RunsWarehouse.Clean(200, 3));
        using (var connection = new DuckDB.NET.Data.DuckDBConnection("DataSource=:memory:"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = $$"""
                ATTACH '{{store.Replace("'", "''", StringComparison.Ordinal)}}' AS store;
                CREATE TABLE store.case_effort (workflow VARCHAR, "minutesBefore" DOUBLE, "minutesAfter" DOUBLE, "addedSteps" VARCHAR, "monthlyVolume" DOUBLE, "measuredAt" TIMESTAMPTZ);
                INSERT INTO store.case_effort VALUES ('wf', 12, 3, '[{"name": "check", "minutes": 0.5}]', 1000, '2026-11-20T00:00:00Z'), ('Bad Name', 12, 3, NULL, 1000, '2026-11-20T00:00:00Z');
                INSERT INTO store.aiops_evidence VALUES ('case-effort', '2026-11-28T06:00:00Z');
                DETACH store;
                """;
            command.ExecuteNonQuery();
        }

        // When
        var result = DuckDbEvidence.Load([store]);

        // Then
        Assert.NotNull(result.Evidence.Pushed(EvidenceKind.WorkflowRuns));
        Assert.True(result.Evidence.Get<CaseEffort>(EvidenceKind.CaseEffort).Count == 1, string.Join("\n", result.Diagnostics));
        var effort = Assert.Single(result.Evidence.Get<CaseEffort>(EvidenceKind.CaseEffort));
        Assert.Equal("wf", effort.Workflow);
        Assert.Equal(0.5, effort.AddedSteps.Single().Minutes);
        var problem = Assert.Single(result.Diagnostics, d => d.Descriptor == DiagnosticCatalog.EvidenceField);
        Assert.Contains("evidence.duckdb#case_effort", problem.ToString(), StringComparison.Ordinal);
        Assert.Contains("row 2", problem.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Tally_WhenTheCheckGroupedTheRunsForTheGatePlan_ShouldCountAsTheTallyQuery()
    {
        // Given: clean runs (some after the as-of time) in Parquet and in a store, and the plan of the policy set at that time
        using var temp = new TempDirectory();
        var (_, parquet, store) = RunsWarehouse.Write(temp, RunsWarehouse.Clean(RunCount, 19));
        var prepared = new PolicyEngine(null).Prepare([RunsWarehouse.Policies(temp)]);
        Assert.False(prepared.HasErrors, string.Join("\n", prepared.Diagnostics));
        using var compiled = prepared.Compiled!;
        var plan = PolicyEngine.PlanPushDown(compiled, RunsWarehouse.Now);
        var criteria = plan.RunCriteria;
        var later = RunsWarehouse.Now.AddHours(1);
        var shifted = criteria.Select(c => c with { EndTicks = c.EndTicks - TimeSpan.TicksPerHour }).ToList();

        foreach (var source in new[] { parquet, store })
        {
            // When: loaded with the plan (the check's scan groups the runs) and without (the tally queries the runs)
            var planned = Assert.IsType<DuckDbRuns>(Kept(source, plan));
            var queried = Assert.IsType<DuckDbRuns>(Kept(source, null));
            var fromClasses = Tallies(planned.AsOf(RunsWarehouse.Now).TallyRuns(criteria));
            var fromQuery = Tallies(queried.AsOf(RunsWarehouse.Now).TallyRuns(criteria));

            // Then: the classes answer the plan's tally, as the query does, runs missed and sampled included
            Assert.Null(queried.Classes);
            Assert.True(planned.Classes!.Answers(criteria, Micros.Floor(RunsWarehouse.Now.UtcTicks)));
            Assert.Equal(fromQuery, fromClasses);
            Assert.Contains("Run-", fromClasses, StringComparison.Ordinal);
            Assert.Equal(planned.Count, queried.Count);

            // And: criteria or an as-of time the classes cannot answer are queried, with the same counts as without a plan
            Assert.False(planned.Classes.Answers(criteria, Micros.Floor(later.UtcTicks)));
            Assert.False(planned.Classes.Answers(shifted, Micros.Floor(RunsWarehouse.Now.UtcTicks)));
            Assert.Equal(Tallies(queried.AsOf(later).TallyRuns(criteria)), Tallies(planned.AsOf(later).TallyRuns(criteria)));
            Assert.Equal(Tallies(queried.AsOf(RunsWarehouse.Now).TallyRuns(shifted)), Tallies(planned.AsOf(RunsWarehouse.Now).TallyRuns(shifted)));
        }
    }

    [Fact]
    public void Utf8Order_WhenASurrogateMeetsAHighCodeUnit_ShouldOrderByCodePointAsDuckDb()
    {
        // Given: U+FF61 (one UTF-16 unit above the surrogates) and U+1F600 (a surrogate pair), and DuckDB's own order
        const string Halfwidth = "\uFF61";
        const string Emoji = "\U0001F600";
        using var connection = new DuckDB.NET.Data.DuckDBConnection("DataSource=:memory:");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT '{Halfwidth}' < '{Emoji}'";
        var duckDbLess = (bool)command.ExecuteScalar()!;

        // When
        var order = RunClassCounts.Utf8Order(Halfwidth, Emoji);

        // Then: DuckDB's order (code points), not UTF-16's
        Assert.True(duckDbLess);
        Assert.True(string.CompareOrdinal(Halfwidth, Emoji) > 0);
        Assert.True(order < 0);
        Assert.True(RunClassCounts.Utf8Order(Emoji, Halfwidth) > 0);
        Assert.Equal(0, RunClassCounts.Utf8Order("Run-1", "Run-1"));
        Assert.True(RunClassCounts.Utf8Order("Run-1", "Run-10") < 0);
    }

    private static IPushedEvidence? Kept(string source, PushDownPlan? plan) =>
        EvidenceLoader.Load([source], [ParquetEvidenceFormat.Instance, ArrowEvidenceFormat.Instance], new DuckDbWarehouse(), true, [], plan is null ? null : () => plan).Evidence.Pushed(EvidenceKind.WorkflowRuns);

    private static string Tallies(IReadOnlyList<RunTally> tallies) =>
        string.Join("; ", tallies.Select(t => $"{t.Listed}/{t.Missed}/{string.Join(",", t.MissedSample)}"));
}
