// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using AiOpsPolicy.Cli;
using AiOpsPolicy.Core;
using AiOpsPolicy.Core.Evidence;
using AiOpsPolicy.Core.Results;
using AiOpsPolicy.Warehouse.ClickHouse;

namespace AiOpsPolicy.Warehouse.Tests;

/// <summary>
/// The ClickHouse push-down against the in-memory pass and DuckDB: the same generated runs (with the edge cases of
/// <see cref="RunsWarehouse"/>), as NDJSON (in memory), as a <c>.duckdb</c> store, in one ClickHouse server and split
/// between two shards behind a <c>Distributed</c> table, must give the same gates JSON through the CLI. Runs with
/// duplicates or rows the contract refuses are read through the contract (and must still agree). The gate connects as
/// a read-only user with a password that no output may show.
/// </summary>
public sealed class ClickHousePushDownTests : IClassFixture<ClickHouseCluster>
{
    private const int RunCount = 3000;

    private readonly ClickHouseCluster _cluster;

    public ClickHousePushDownTests(ClickHouseCluster cluster)
    {
        _cluster = cluster;
    }

    public static TheoryData<string> Datasets => new() { "clean", "duplicates", "invalid" };

    [Theory]
    [MemberData(nameof(Datasets))]
    public void Gate_WhenRunsAreInClickHouse_ShouldDecideEveryGateAsInMemoryAndDuckDb(string dataset)
    {
        // Given: the runs in ClickHouse's read order everywhere (an expression takes the first run)
        using var temp = new TempDirectory();
        var runs = ClickHouseRunsLayout.InClickHouseOrder(dataset switch
        {
            "duplicates" => RunsWarehouse.WithDuplicates(RunCount, 7),
            "invalid" => RunsWarehouse.WithInvalidRows(RunCount, 7),
            _ => RunsWarehouse.Clean(RunCount, 7),
        });
        var (ndjson, _, store) = RunsWarehouse.Write(temp, runs);
        var (one, two) = ClickHouseRunsLayout.Load(_cluster, "gate_" + dataset, runs);
        var policies = RunsWarehouse.Policies(temp);

        // The two-shard database by a name the operator configuration declares.
        var config = temp.Combine("operator.yaml");
        File.WriteAllText(config, $"apiVersion: aiops-policy/v1\nkind: OperatorConfiguration\nwarehouses:\n  sharded:\n    clickhouse: \"{two}\"\n");

        // When
        var inMemory = Gate(policies, [ndjson], temp.Combine("ndjson.json"), out var memoryExit, out var memoryReport);
        var fromStore = Gate(policies, [store], temp.Combine("store.json"), out var storeExit, out _);
        var fromOne = Gate(policies, [one], temp.Combine("one.json"), out var oneExit, out var oneReport);
        var fromTwo = Gate(policies, ["sharded", "--config", config], temp.Combine("two.json"), out var twoExit, out var twoReport);
        var unpushed = Gate(policies, ["sharded", "--config", config, "--no-push-down"], temp.Combine("unpushed.json"), out var unpushedExit, out _);

        // Then: the same decisions everywhere, and the gates did read the runs
        Assert.Equal(memoryExit, storeExit);
        Assert.Equal(memoryExit, oneExit);
        Assert.Equal(memoryExit, twoExit);
        Assert.Equal(inMemory, fromStore);
        Assert.Equal(inMemory, fromOne);
        Assert.Equal(inMemory, fromTwo);
        Assert.Equal((memoryExit, inMemory), (unpushedExit, unpushed));
        Assert.Contains("\"status\": \"pass\"", memoryReport, StringComparison.Ordinal);
        Assert.Contains("\"status\": \"fail\"", memoryReport, StringComparison.Ordinal);
        Assert.Contains("Run-", memoryReport, StringComparison.Ordinal);

        // The evidence is named by the URL without credentials, or by the declared name.
        Assert.Contains($"clickhouse://127.0.0.1:{_cluster.HttpPorts[0]}/gate_{dataset}_one#workflow_runs", oneReport, StringComparison.Ordinal);
        Assert.Contains("sharded#workflow_runs", twoReport, StringComparison.Ordinal);
        Assert.DoesNotContain(ClickHouseCluster.ReaderPassword, oneReport + twoReport, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("clean", true)]
    [InlineData("duplicates", false)]
    [InlineData("invalid", false)]
    public void Load_WhenRunsAreCheckedInClickHouse_ShouldKeepOnlyCleanRunsThereAndCountAsTheLoader(string dataset, bool kept)
    {
        // Given
        using var temp = new TempDirectory();
        var runs = ClickHouseRunsLayout.InClickHouseOrder(dataset switch
        {
            "duplicates" => RunsWarehouse.WithDuplicates(RunCount, 11),
            "invalid" => RunsWarehouse.WithInvalidRows(RunCount, 11),
            _ => RunsWarehouse.Clean(RunCount, 11),
        });
        var (ndjson, _, _) = RunsWarehouse.Write(temp, runs);
        var (one, two) = ClickHouseRunsLayout.Load(_cluster, "load_" + dataset, runs);

        // When
        var inMemory = EvidenceLoader.Load([ndjson], []);
        var fromOne = ClickHouseEvidence.Load([], [Location(one)]);
        var fromTwo = ClickHouseEvidence.Load([], [Location(two)]);

        // Then: kept in ClickHouse only when clean; counts, quarantine and duplicates as the loader's either way
        foreach (var result in new[] { fromOne, fromTwo })
        {
            Assert.Equal(kept, result.Evidence.Pushed(EvidenceKind.WorkflowRuns) is not null);
            Assert.Equal(Quality(inMemory), Quality(result));
            Assert.Equal(Codes(inMemory), Codes(result));
            Assert.Equal(inMemory.Evidence.Files.Single().Records, result.Evidence.Files.Single().Records);
            Assert.Equal(inMemory.Evidence.Files.Single().CollectedAt, result.Evidence.Files.Single().CollectedAt);
        }

        // The digest stands for the rows: loading again gives the same one.
        Assert.Equal(fromTwo.Evidence.Digest, ClickHouseEvidence.Load([], [Location(two)]).Evidence.Digest);
    }

    [Fact]
    public void Evaluate_WhenAnExpressionEnumeratesMoreRunsThanMayBeFetched_ShouldFailThatGateNamingTheMetricToUse()
    {
        // Given: a fetch bound below the run count
        using var temp = new TempDirectory();
        var (_, two) = ClickHouseRunsLayout.Load(_cluster, "fetch", RunsWarehouse.Clean(SmallRunCount, 5));
        var prepared = new PolicyEngine(null).Prepare([RunsWarehouse.Policies(temp)]);
        Assert.False(prepared.HasErrors, string.Join("\n", prepared.Diagnostics));
        var evidence = ClickHouseEvidence.Load([], [Location(two)], fetchLimit: 100);
        Assert.NotNull(evidence.Evidence.Pushed(EvidenceKind.WorkflowRuns));

        // When
        using var compiled = prepared.Compiled!;
        var result = PolicyEngine.Evaluate(compiled, evidence.Evidence, RunsWarehouse.Now);

        // Then: the enumerating gates end in an error that says why and what to use; the SLA gates are computed
        var enumerated = result.Gates.Single(g => g.Gate == "enumerated");
        Assert.Equal(GateStatus.Error, enumerated.Status);
        Assert.Contains("more than the 100 that may be brought into memory", enumerated.Explanation, StringComparison.Ordinal);
        Assert.Contains(result.Gates, g => g.Gate == "whole" && g.Status is GateStatus.Pass or GateStatus.Fail);
    }

    [Fact]
    public void Gate_WhenTheDatabaseIsUnreachableOrTheUrlInvalid_ShouldFailWithoutShowingThePassword()
    {
        // Given: a port nobody listens on, and a URL without a database
        using var temp = new TempDirectory();
        var policies = RunsWarehouse.Policies(temp);
        var closed = $"clickhouse://reader:{ClickHouseCluster.ReaderPassword}@127.0.0.1:1/aiops";
        var invalid = $"clickhouse://reader:{ClickHouseCluster.ReaderPassword}@127.0.0.1:{_cluster.HttpPorts[0]}";
        var wrongPassword = $"clickhouse://reader:not-{ClickHouseCluster.ReaderPassword}@127.0.0.1:{_cluster.HttpPorts[0]}/default";

        foreach (var url in new[] { closed, invalid, wrongPassword })
        {
            // When
            using var console = new TestConsole();
            var exitCode = Program.Run(["gate", "--policies", policies, "--evidence", url, "--as-of", RunsWarehouse.AsOf, "--no-cache", "--no-color"], console, () => RunsWarehouse.Now);

            // Then
            Assert.Equal(2, exitCode);
            Assert.DoesNotContain(ClickHouseCluster.ReaderPassword, console.ErrText + console.OutText, StringComparison.Ordinal);
            Assert.Contains("127.0.0.1", console.ErrText, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Gate_WhenOtherKindsAreInClickHouse_ShouldReadThemThroughTheContract()
    {
        // Given: a table of another kind with a bad row, beside the runs
        var (one, _) = ClickHouseRunsLayout.Load(_cluster, "kinds", RunsWarehouse.Clean(200, 3));
        _cluster.Execute(
            0,
            "CREATE TABLE kinds_one.case_effort (workflow String, minutesBefore Float64, minutesAfter Float64, addedSteps Nullable(String), monthlyVolume Float64, measuredAt DateTime) ENGINE = MergeTree ORDER BY workflow",
            "INSERT INTO kinds_one.case_effort VALUES ('wf', 12, 3, '[{\"name\": \"check\", \"minutes\": 0.5}]', 1000, toDateTime(1795651200)), ('Bad Name', 12, 3, NULL, 1000, toDateTime(1795651200))",
            "INSERT INTO kinds_one.aiops_evidence VALUES ('case-effort', '2026-11-28T06:00:00Z')");

        // When
        var result = ClickHouseEvidence.Load([], [Location(one)]);

        // Then
        Assert.NotNull(result.Evidence.Pushed(EvidenceKind.WorkflowRuns));
        var effort = Assert.Single(result.Evidence.Get<CaseEffort>(EvidenceKind.CaseEffort));
        Assert.Equal("wf", effort.Workflow);
        Assert.Equal(0.5, effort.AddedSteps.Single().Minutes);
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1795651200), effort.MeasuredAt);
        var problem = Assert.Single(result.Diagnostics, d => d.IsError || d.Severity >= Core.Diagnostics.DiagnosticSeverity.Warning);
        Assert.Contains("kinds_one#case_effort", problem.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("plain")]
    [InlineData("it's")]
    [InlineData("back\\slash\\'); DROP TABLE x; --")]
    [InlineData("tab\tnew\nline\rreturn")]
    [InlineData("nul\0byte")]
    [InlineData("`backtick` and \"quotes\"")]
    [InlineData("ünïcödé ✓ 😀")]
    [InlineData("\\N")]
    public void Text_WhenAnyStringIsWrittenAsALiteral_ShouldComeBackFromClickHouseUnchanged(string text)
    {
        // Given: text as policy text could give it (a workflow, step or outcome), written as a literal
        var location = Location(_cluster.Url(0, "default"));

        // When: the server reads the literal and answers it as TabSeparated, read back by the gate's reader
        var rows = ClickHouseHttp.QueryAll(location, $"SELECT {ClickHouseSql.Text(text)}, length({ClickHouseSql.Text(text)})");

        // Then: one row, one value, the same text (nothing of it was read as SQL)
        var row = Assert.Single(rows);
        Assert.Equal(text, row[0]);
        Assert.Equal(System.Text.Encoding.UTF8.GetByteCount(text).ToString(CultureInfo.InvariantCulture), row[1]);
    }

    private const int SmallRunCount = 500;

    private static ClickHouseLocation Location(string url) =>
        ClickHouseLocation.TryParse(url, null, out var problem) ?? throw new InvalidOperationException(problem);

    private static string Gate(string policies, string[] evidence, string report, out int exitCode, out string whole)
    {
        using var console = new TestConsole();
        exitCode = Program.Run(["gate", "--policies", policies, "--evidence", .. evidence, "--as-of", RunsWarehouse.AsOf, "--no-cache", "--no-color", "--json", report], console, () => RunsWarehouse.Now);
        Assert.True(exitCode is 0 or 1, console.ErrText + console.OutText);
        Assert.DoesNotContain(ClickHouseCluster.ReaderPassword, console.ErrText + console.OutText, StringComparison.Ordinal);
        whole = File.ReadAllText(report);
        using var document = JsonDocument.Parse(whole);

        // The gates name the evidence they read: the location is what differs.
        return Regex.Replace(document.RootElement.GetProperty("gates").GetRawText(), "\"path\": \"[^\"]*\"", "\"path\": \"\"");
    }

    private static string Quality(EvidenceLoadResult result) =>
        string.Join("; ", result.Evidence.Quality.Kinds.Select(k => string.Create(CultureInfo.InvariantCulture, $"{k.Kind} {k.Valid} valid {k.Invalid} invalid")));

    private static string Codes(EvidenceLoadResult result) =>
        string.Join(", ", result.Diagnostics.Select(d => d.Descriptor.Id));
}
