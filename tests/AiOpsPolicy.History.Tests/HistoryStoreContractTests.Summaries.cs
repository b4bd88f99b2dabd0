// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using AiOpsPolicy.Core.Results;
using AiOpsPolicy.History.Runs;
using AiOpsPolicy.History.Trends;

namespace AiOpsPolicy.History.Tests;

/// <content>The summaries of migration 6 (coverage_daily, the run time and gate copied into child rows) against the detailed rows.</content>
public abstract partial class HistoryStoreContractTests
{
    private static readonly CoverageQuery[] Queries =
    [
        // Cuts days at both ends (09:30 to 17:45), so the partial days come from the detailed rows and the rest from the roll-up.
        new(TestRuns.Monday.AddMinutes(30), TestRuns.Monday.AddDays(9).AddHours(8).AddMinutes(45)),
        new(TestRuns.Monday.AddMinutes(30), TestRuns.Monday.AddDays(9).AddHours(8).AddMinutes(45), CoveragePeriod.Month),
        new(TestRuns.Monday.AddMinutes(30), TestRuns.Monday.AddDays(9).AddHours(8).AddMinutes(45), GroupBy: CoverageGrouping.Team),
        new(TestRuns.Monday.AddMinutes(30), TestRuns.Monday.AddDays(9).AddHours(8).AddMinutes(45), GroupBy: CoverageGrouping.EnforcementPoint),
        new(TestRuns.Monday.AddMinutes(30), TestRuns.Monday.AddDays(9).AddHours(8).AddMinutes(45), CoveragePeriod.Month, CoverageGrouping.Team, "other"),

        // Whole days only, and a range inside one day.
        new(new DateTimeOffset(TestRuns.Monday.Date, TimeSpan.Zero), new DateTimeOffset(TestRuns.Monday.Date.AddDays(14), TimeSpan.Zero), GroupBy: CoverageGrouping.EnforcementPoint),
        new(TestRuns.Monday.AddHours(1), TestRuns.Monday.AddHours(12), GroupBy: CoverageGrouping.Team),
    ];

    protected abstract Task ExecuteRawAsync(string sql);

    [Fact]
    public async Task CoverageAsync_WhenRangeCutsDays_ShouldAgreeWithTheDetailedRowsOfEachRun()
    {
        // Given
        await using var store = await OpenStoreAsync();
        foreach (var run in VariedRuns("v", 0))
        {
            await store.RecordAsync(run);
        }

        foreach (var query in Queries)
        {
            // When
            var rows = await store.CoverageAsync(query);

            // Then
            Assert.NotEmpty(rows);
            Assert.Equal(await ExpectedCoverageAsync(store, query), rows);
        }
    }

    [Fact]
    public async Task MigrateAsync_WhenRunsWereRecordedBeforeMigration6_ShouldBackfillAndAnswerAsBefore()
    {
        // Given: runs recorded, then the database taken back to schema version 5 (summaries gone, as before migration 6).
        var since = TestRuns.Monday.AddDays(-1);
        var until = TestRuns.Monday.AddDays(30);
        IReadOnlyList<MetricPoint> metricBefore;
        IReadOnlyList<MetricPoint> gateBefore;
        IReadOnlyList<GateFlips> flipsBefore;
        await using (var store = await OpenStoreAsync())
        {
            foreach (var run in VariedRuns("old", 0))
            {
                await store.RecordAsync(run);
            }

            metricBefore = await store.MetricTrendAsync("grounded_ratio", since, until);
            gateBefore = await store.MetricTrendAsync("grounding", since, until);
            flipsBefore = await store.FlippingGatesAsync(since, until, 10);
        }

        foreach (var statement in new[]
        {
            "DROP TABLE coverage_daily",
            "DROP INDEX ix_gate_results_gate_time",
            "DROP INDEX ix_metric_results_metric_time",
            "DROP INDEX ix_metric_results_gate_time",
            "ALTER TABLE gate_results DROP COLUMN recorded_at_ms",
            "ALTER TABLE gate_results DROP COLUMN policy_set",
            "ALTER TABLE metric_results DROP COLUMN recorded_at_ms",
            "ALTER TABLE metric_results DROP COLUMN policy_set",
            "ALTER TABLE metric_results DROP COLUMN gate",
            "ALTER TABLE metric_results DROP COLUMN gate_status",
            "CREATE INDEX ix_gate_results_gate ON gate_results (gate)",
            "CREATE INDEX ix_metric_results_metric ON metric_results (metric)",
            "DELETE FROM schema_migrations WHERE version = 6",
        })
        {
            await ExecuteRawAsync(statement);
        }

        // When: opened again (migration 6 applies and backfills), and more runs recorded on top.
        await using var migrated = await OpenStoreAsync();
        foreach (var run in VariedRuns("new", 1))
        {
            await migrated.RecordAsync(run);
        }

        // Then
        foreach (var query in Queries)
        {
            var rows = await migrated.CoverageAsync(query);
            Assert.Equal(await ExpectedCoverageAsync(migrated, query), rows);
        }

        var metricAfter = await migrated.MetricTrendAsync("grounded_ratio", since, until);
        Assert.Equal(metricBefore, metricAfter.Where(p => p.RunId.StartsWith("old", StringComparison.Ordinal)));
        Assert.Equal(metricBefore.Count * 2, metricAfter.Count);
        Assert.Equal(gateBefore, (await migrated.MetricTrendAsync("grounding", since, until)).Where(p => p.RunId.StartsWith("old", StringComparison.Ordinal)));
        var flipsAfter = await migrated.FlippingGatesAsync(since, until, 10);
        Assert.NotEmpty(flipsBefore);
        Assert.Equal(flipsBefore.Select(f => (f.PolicySet, f.Gate)), flipsAfter.Select(f => (f.PolicySet, f.Gate)));
        Assert.All(flipsAfter, f => Assert.Equal(flipsBefore.Single(b => b.Gate == f.Gate && b.PolicySet == f.PolicySet).Runs * 2, f.Runs));
    }

    [Fact]
    public async Task FlippingGatesAsync_WhenGatesChangeOrderOrAppearBetweenRuns_ShouldFollowEachGateByName()
    {
        // Given
        await using var store = await OpenStoreAsync();
        static GateRecord Gate(string name, string status) => new(name, "block", status, "1", 1, "<= 2", []);
        GateRecord[][] runs =
        [
            [Gate("latency", "pass"), Gate("grounding", "pass")],
            [Gate("grounding", "fail"), Gate("latency", "fail")],
            [Gate("latency", "fail"), Gate("extra", "pass"), Gate("grounding", "pass")],
            [Gate("grounding", "pass"), Gate("latency", "pass")],
        ];
        for (var i = 0; i < runs.Length; i++)
        {
            await store.RecordAsync(TestRuns.Run($"order-{i}", TestRuns.Monday.AddHours(i)) with { Gates = [.. runs[i]] });
        }

        // When
        var flips = await store.FlippingGatesAsync(TestRuns.Monday, TestRuns.Monday.AddDays(1), top: 5);

        // Then
        Assert.Equal([new GateFlips("helpdesk", "grounding", 2, 4, "pass"), new GateFlips("helpdesk", "latency", 2, 4, "pass")], flips);
    }

    /// <summary>Runs over ten days at varied hours, in two policy sets, with owners, evidence and enforcement points that differ from run to run.</summary>
    private static IEnumerable<RunRecord> VariedRuns(string prefix, int offsetMinutes)
    {
        for (var i = 0; i < 24; i++)
        {
            var run = TestRuns.Run(
                $"{prefix}-{i}",
                TestRuns.Monday.AddHours(i * 9.5).AddMinutes(offsetMinutes),
                i % 3 == 0 ? "fail" : "pass",
                0.5 + (i / 100.0),
                i % 4 == 0 ? "other" : "helpdesk");
            yield return run with
            {
                Controls =
                [
                    run.Controls[0] with { Evidenced = i % 2 == 0 },
                    run.Controls[1] with { Owner = i % 5 == 0 ? "sre" : null, EnforcedAt = i % 3 == 0 ? ["ci", "deploy"] : ["deploy"] },
                    run.Controls[2] with { DeclaredAutomated = i % 7 == 0, Owner = "helpdesk-ai" },
                ],
            };
        }
    }

    /// <summary>Coverage computed here from the runs read back whole, the way the detailed rows define it.</summary>
    private static async Task<List<CoverageRow>> ExpectedCoverageAsync(IHistoryStore store, CoverageQuery query)
    {
        var counts = new SortedDictionary<(DateOnly Start, string Group), long[]>(Comparer<(DateOnly Start, string Group)>.Create(
            (a, b) => a.Start != b.Start ? a.Start.CompareTo(b.Start) : string.CompareOrdinal(a.Group, b.Group)));
        foreach (var run in await store.LoadRunsAsync(query.PolicySet, query.Since, query.Until))
        {
            var day = DateOnly.FromDateTime(run.RecordedAt.UtcDateTime);
            var start = query.Period == CoveragePeriod.Month ? new DateOnly(day.Year, day.Month, 1) : day.AddDays(-(((int)day.DayOfWeek + 6) % 7));
            foreach (var control in run.Controls)
            {
                string[] groups = query.GroupBy switch
                {
                    CoverageGrouping.Team => [control.Owner ?? CoverageQuery.Unowned],
                    CoverageGrouping.EnforcementPoint => control.EnforcedAt.IsEmpty ? [CoverageQuery.Unspecified] : [.. control.EnforcedAt.Distinct()],
                    _ => [string.Empty],
                };
                foreach (var group in groups)
                {
                    if (!counts.TryGetValue((start, group), out var bucket))
                    {
                        bucket = new long[3];
                        counts[(start, group)] = bucket;
                    }

                    bucket[control.DeclaredAutomated ? (control.Evidenced ? 0 : 1) : 2]++;
                }
            }
        }

        return [.. counts.Select(kv => new CoverageRow(
            kv.Key.Start, query.GroupBy == CoverageGrouping.Week ? null : kv.Key.Group, (int)kv.Value.Sum(), (int)kv.Value[0], (int)kv.Value[1], (int)kv.Value[2]))];
    }
}
