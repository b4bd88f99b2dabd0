// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using System.Diagnostics;
using AiOpsPolicy.Core.Results;
using AiOpsPolicy.History.Runs;
using AiOpsPolicy.History.Stores;
using AiOpsPolicy.History.Trends;
using Xunit.Abstractions;

namespace AiOpsPolicy.History.Tests;

/// <summary>The same tests against every backend; subclasses say how to open a store on a fresh database.</summary>
public abstract partial class HistoryStoreContractTests : IAsyncLifetime
{
    private readonly ITestOutputHelper _output;

    protected HistoryStoreContractTests(ITestOutputHelper output)
    {
        _output = output;
    }

    protected abstract string Backend { get; }

    public abstract Task InitializeAsync();

    public abstract Task DisposeAsync();

    protected abstract Task<IHistoryStore> OpenStoreAsync();

    [Fact]
    public async Task RecordAsync_WhenRunIsNew_ShouldRoundTripThroughTrendQueries()
    {
        // Given
        await using var store = await OpenStoreAsync();
        var run = TestRuns.Run("run-1", TestRuns.Monday, ratio: 0.75);

        // When
        var outcome = await store.RecordAsync(run);

        // Then
        Assert.Equal(RecordOutcome.Recorded, outcome);
        Assert.Equal(1, await store.CountRunsAsync());
        var trend = await store.MetricTrendAsync("grounded_ratio", TestRuns.Monday.AddDays(-1), TestRuns.Monday.AddDays(1));
        var point = Assert.Single(trend);
        Assert.Equal(("run-1", "helpdesk", "grounding", "grounded_ratio"), (point.RunId, point.PolicySet, point.Gate, point.Metric));
        Assert.Equal(0.75, point.Value);
        Assert.Equal(75, point.Numerator);
        Assert.Equal(100, point.Denominator);
        Assert.Equal(100, point.SampleSize);
        Assert.Equal(TestRuns.Monday, point.RecordedAt);
        var coverage = Assert.Single(await store.CoverageByWeekAsync(TestRuns.Monday.AddDays(-7), TestRuns.Monday.AddDays(7)));
        Assert.Equal(new CoveragePoint(new DateOnly(2026, 11, 2), null, 3, 1, 1, 1), coverage);
    }

    [Fact]
    public async Task LoadRunsAsync_WhenRunsAreRecorded_ShouldReadEachBackWhole()
    {
        // Given
        await using var store = await OpenStoreAsync();
        var first = TestRuns.Run("r1", TestRuns.Monday, ratio: 0.75);
        var second = TestRuns.Run("r2", TestRuns.Monday.AddDays(1), latencyStatus: "fail");
        var other = TestRuns.Run("r3", TestRuns.Monday.AddDays(1), policySet: "other");
        foreach (var run in new[] { second, other, first })
        {
            await store.RecordAsync(run);
        }

        // When
        var runs = await store.LoadRunsAsync("helpdesk", TestRuns.Monday, TestRuns.Monday.AddDays(7));
        var all = await store.LoadRunsAsync(null, TestRuns.Monday, TestRuns.Monday.AddDays(7));

        // Then
        Assert.Equal(["r1", "r2"], runs.Select(r => r.RunId));
        Assert.Equal(3, all.Count);
        var read = runs[0];
        Assert.Equal(first with { Gates = [], Controls = [], Waivers = [], Findings = [] }, read with { Gates = [], Controls = [], Waivers = [], Findings = [] });
        Assert.Equal(first.Gates.Select(g => g with { Metrics = [] }), read.Gates.Select(g => g with { Metrics = [] }));
        Assert.Equal<MetricRecord>(first.Gates[1].Metrics, read.Gates[1].Metrics);
        Assert.Equal(first.Controls.Select(c => (c.Name, c.Owner, string.Join('|', c.EnforcedAt), string.Join('|', c.CatalogIds))),
            read.Controls.Select(c => (c.Name, c.Owner, string.Join('|', c.EnforcedAt), string.Join('|', c.CatalogIds))));
        var waiver = Assert.Single(read.Waivers);
        Assert.Equal(("latency-waiver", "sre", "OPS-1", TestRuns.Monday.AddDays(10), "latency"), (waiver.Name, waiver.Owner, waiver.Ticket, waiver.Expires, string.Join('|', waiver.Gates)));
        Assert.Equal("fail", runs[1].Gates[0].Status);
        Assert.Equal<FindingRecord>(first.Findings, read.Findings);
        Assert.Equal((0.6, "fail"), (runs[1].Score, runs[1].ScoreStatus));
    }

    [Fact]
    public async Task CoverageByWeekAsync_WhenGroupedByEnforcementPoint_ShouldSplitEachWeek()
    {
        // Given
        await using var store = await OpenStoreAsync();
        await store.RecordAsync(TestRuns.Run("w1", TestRuns.Monday.AddDays(2)));
        await store.RecordAsync(TestRuns.Run("w2", TestRuns.Monday.AddDays(8)));

        // When
        var points = await store.CoverageByWeekAsync(TestRuns.Monday.AddDays(-1), TestRuns.Monday.AddDays(14), CoverageGrouping.EnforcementPoint);

        // Then
        var week1 = new DateOnly(2026, 11, 2);
        var week2 = new DateOnly(2026, 11, 9);
        Assert.Equal(
            [
                new CoveragePoint(week1, "ci", 1, 1, 0, 0),
                new CoveragePoint(week1, "deploy", 2, 1, 1, 0),
                new CoveragePoint(week1, "unspecified", 1, 0, 0, 1),
                new CoveragePoint(week2, "ci", 1, 1, 0, 0),
                new CoveragePoint(week2, "deploy", 2, 1, 1, 0),
                new CoveragePoint(week2, "unspecified", 1, 0, 0, 1),
            ],
            points);
    }

    [Fact]
    public async Task FlippingGatesAsync_WhenStatusAlternates_ShouldCountChangesBetweenConsecutiveRuns()
    {
        // Given
        await using var store = await OpenStoreAsync();
        string[] statuses = ["pass", "fail", "fail", "pass", "fail"];
        for (var i = 0; i < statuses.Length; i++)
        {
            await store.RecordAsync(TestRuns.Run($"flip-{i}", TestRuns.Monday.AddHours(i), statuses[i]));
        }

        // When
        var flips = await store.FlippingGatesAsync(TestRuns.Monday, TestRuns.Monday.AddDays(1), top: 5);

        // Then
        Assert.Equal([new GateFlips("helpdesk", "latency", 3, 5, "fail")], flips);
        var gateTrend = await store.MetricTrendAsync("latency", TestRuns.Monday, TestRuns.Monday.AddDays(1));
        Assert.Equal(5, gateTrend.Count);
        Assert.All(gateTrend, p => Assert.Equal(120, p.Value));
        Assert.Equal(statuses, gateTrend.Select(p => p.Status));
    }

    [Fact]
    public async Task RecordAsync_WhenRunIdIsAlreadyStored_ShouldStoreItOnceAndReportDuplicate()
    {
        // Given
        await using var store = await OpenStoreAsync();
        var run = TestRuns.Run("dup", TestRuns.Monday);
        await store.RecordAsync(run);

        // When
        var outcome = await store.RecordAsync(run with { Decision = "blocked" });

        // Then
        Assert.Equal(RecordOutcome.Duplicate, outcome);
        Assert.Equal(1, await store.CountRunsAsync());
        Assert.Single(await store.MetricTrendAsync("grounded_ratio", TestRuns.Monday, TestRuns.Monday.AddDays(1)));
    }

    [Fact]
    public async Task OpenStoreAsync_WhenOpenedTwice_ShouldApplyMigrationsOnceAndKeepData()
    {
        // Given
        await using (var first = await OpenStoreAsync())
        {
            await first.RecordAsync(TestRuns.Run("kept", TestRuns.Monday));
        }

        // When
        await using var second = await OpenStoreAsync();
        var applied = await ((RelationalHistoryStore)second).MigrateAsync();

        // Then
        Assert.Empty(applied);
        Assert.Equal(1, await second.CountRunsAsync());
    }

    [Fact]
    public async Task RecordAsync_WhenFiftyRecordersWriteConcurrently_ShouldLoseNothing()
    {
        // Given
        const int Recorders = 50;
        using var start = new SemaphoreSlim(0);
        var stopwatch = new Stopwatch();

        // When
        var tasks = Enumerable.Range(0, Recorders).Select(i => Task.Run(async () =>
        {
            await using var store = await OpenStoreAsync();
            await start.WaitAsync();
            return await store.RecordAsync(TestRuns.Run($"concurrent-{i}", TestRuns.Monday.AddMinutes(i)));
        })).ToList();
        stopwatch.Start();
        start.Release(Recorders);
        var outcomes = await Task.WhenAll(tasks);
        stopwatch.Stop();

        // Then
        Assert.All(outcomes, o => Assert.Equal(RecordOutcome.Recorded, o));
        await using var check = await OpenStoreAsync();
        Assert.Equal(Recorders, await check.CountRunsAsync());
        Assert.Equal(Recorders, (await check.MetricTrendAsync("grounded_ratio", TestRuns.Monday, TestRuns.Monday.AddDays(1))).Count);
        _output.WriteLine($"{Backend}: {Recorders} concurrent runs in {stopwatch.Elapsed.TotalMilliseconds:F0} ms ({Recorders / stopwatch.Elapsed.TotalSeconds:F0} runs/s)");
    }

    [Fact]
    public async Task CoverageAsync_WhenGroupedByTeamPerMonth_ShouldFoldDaysIntoCalendarMonthsAndGroupUnownedControls()
    {
        // Given: 2026-11-30 and 2026-12-01 share an ISO week but not a month.
        await using var store = await OpenStoreAsync();
        await store.RecordAsync(TestRuns.Run("nov-a", TestRuns.Monday));
        await store.RecordAsync(TestRuns.Run("nov-b", new DateTimeOffset(2026, 11, 30, 23, 59, 0, TimeSpan.Zero)));
        await store.RecordAsync(TestRuns.Run("dec-a", new DateTimeOffset(2026, 12, 1, 0, 0, 0, TimeSpan.Zero)));
        var range = (Since: TestRuns.Monday.AddDays(-7), Until: TestRuns.Monday.AddDays(60));

        // When
        var months = await store.CoverageAsync(new CoverageQuery(range.Since, range.Until, CoveragePeriod.Month, CoverageGrouping.Team));
        var weeks = await store.CoverageAsync(new CoverageQuery(range.Since, range.Until, CoveragePeriod.Week));

        // Then
        Assert.Equal(
            [
                new CoverageRow(new DateOnly(2026, 11, 1), "ml-platform", 2, 2, 0, 0),
                new CoverageRow(new DateOnly(2026, 11, 1), CoverageQuery.Unowned, 4, 0, 2, 2),
                new CoverageRow(new DateOnly(2026, 12, 1), "ml-platform", 1, 1, 0, 0),
                new CoverageRow(new DateOnly(2026, 12, 1), CoverageQuery.Unowned, 2, 0, 1, 1),
            ],
            months);
        Assert.Equal(
            [
                new CoverageRow(new DateOnly(2026, 11, 2), null, 3, 1, 1, 1),
                new CoverageRow(new DateOnly(2026, 11, 30), null, 6, 2, 2, 2),
            ],
            weeks);
        Assert.Equal(1.0 / 3, weeks[1].AutomatedShare, 10);
    }

    [Fact]
    public async Task CoverageAsync_WhenFilteredByPolicySet_ShouldCountOnlyThatSetsRuns()
    {
        // Given
        await using var store = await OpenStoreAsync();
        await store.RecordAsync(TestRuns.Run("mine", TestRuns.Monday));
        await store.RecordAsync(TestRuns.Run("theirs", TestRuns.Monday, policySet: "other") with
        {
            Controls = [new ControlRecord("other-control", true, true, true, ["ci"], [], "data")],
        });

        // When
        var mine = await store.CoverageAsync(new CoverageQuery(TestRuns.Monday, TestRuns.Monday.AddDays(1), GroupBy: CoverageGrouping.EnforcementPoint, PolicySet: "helpdesk"));
        var all = await store.CoverageAsync(new CoverageQuery(TestRuns.Monday, TestRuns.Monday.AddDays(1), GroupBy: CoverageGrouping.Team));

        // Then
        Assert.Equal(
            [
                new CoverageRow(new DateOnly(2026, 11, 2), "ci", 1, 1, 0, 0),
                new CoverageRow(new DateOnly(2026, 11, 2), "deploy", 2, 1, 1, 0),
                new CoverageRow(new DateOnly(2026, 11, 2), CoverageQuery.Unspecified, 1, 0, 0, 1),
            ],
            mine);
        Assert.Equal(["data", "ml-platform", CoverageQuery.Unowned], all.Select(r => r.Group));
    }

    [Fact]
    public async Task WaiverRenewalsAsync_WhenAGateIsWaivedAgainAndAgain_ShouldCountEachNewExpiryOrWaiverAsARenewal()
    {
        // Given: the latency waiver is seen twice unchanged, extended once, then replaced by another waiver;
        // the grounding waiver is never renewed.
        await using var store = await OpenStoreAsync();
        var first = TestRuns.Monday.AddDays(10);
        var extended = TestRuns.Monday.AddDays(40);
        var replaced = TestRuns.Monday.AddDays(90);
        (string Name, DateTimeOffset Expires, string Ticket)[] latency =
        [
            ("latency-waiver", first, "OPS-1"),
            ("latency-waiver", first, "OPS-1"),
            ("latency-waiver", extended, "OPS-2"),
            ("latency-waiver-2", replaced, "OPS-3"),
        ];
        for (var i = 0; i < latency.Length; i++)
        {
            var run = TestRuns.Run($"waived-{i}", TestRuns.Monday.AddDays(7 * i)) with
            {
                Waivers =
                [
                    new WaiverRecord(latency[i].Name, "sre", "vendor outage", latency[i].Ticket, latency[i].Expires, ["latency"], false),
                    new WaiverRecord("grounding-waiver", "ml", "new corpus", "ML-9", first, ["grounding"], i > 1),
                ],
            };
            await store.RecordAsync(run);
        }

        await store.RecordAsync(TestRuns.Run("other-set", TestRuns.Monday, policySet: "other"));

        // When
        var renewals = await store.WaiverRenewalsAsync(TestRuns.Monday, TestRuns.Monday.AddDays(60), "helpdesk");
        var everySet = await store.WaiverRenewalsAsync(TestRuns.Monday, TestRuns.Monday.AddDays(60));

        // Then
        var start = TestRuns.Monday;
        Assert.Equal(
            [
                new WaiverRenewals("helpdesk", "latency", 3, 2, start, start.AddDays(21), "latency-waiver-2", replaced, "sre", "OPS-3"),
                new WaiverRenewals("helpdesk", "grounding", 1, 0, start, start.AddDays(21), "grounding-waiver", first, "ml", "ML-9"),
            ],
            renewals);
        Assert.Equal(3, everySet.Count);
        Assert.Equal(("other", "latency", 0), (everySet[2].PolicySet, everySet[2].Gate, everySet[2].Renewals));
    }

    [Fact]
    public async Task LatestRunsAsync_WhenSeveralRunsPerPolicySet_ShouldReadTheLatestOfEachWhole()
    {
        // Given
        await using var store = await OpenStoreAsync();
        await store.RecordAsync(TestRuns.Run("old", TestRuns.Monday));
        await store.RecordAsync(TestRuns.Run("new-a", TestRuns.Monday.AddDays(2)));
        await store.RecordAsync(TestRuns.Run("new-b", TestRuns.Monday.AddDays(2), latencyStatus: "fail"));
        await store.RecordAsync(TestRuns.Run("other-1", TestRuns.Monday.AddDays(1), policySet: "other"));
        await store.RecordAsync(TestRuns.Run("after-range", TestRuns.Monday.AddDays(9)));

        // When
        var latest = await store.LatestRunsAsync(null, TestRuns.Monday, TestRuns.Monday.AddDays(7));
        var one = await store.LatestRunsAsync("other", TestRuns.Monday, TestRuns.Monday.AddDays(7));

        // Then: equal times are ordered by run id, so new-b is the later run.
        Assert.Equal(["new-b", "other-1"], latest.Select(r => r.RunId));
        Assert.Equal(3, latest[0].Controls.Length);
        Assert.Equal("fail", latest[0].Gates[0].Status);
        Assert.Equal(["other-1"], one.Select(r => r.RunId));
        Assert.Empty(await store.LatestRunsAsync("missing", TestRuns.Monday, TestRuns.Monday.AddDays(7)));
    }
}
