// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using AiOpsPolicy.Core.Results;
using static AiOpsPolicy.Core.Tests.Metrics.MetricFixtures;
using static AiOpsPolicy.Core.Tests.TestClock;
using static AiOpsPolicy.Core.Tests.Metrics.MetricRecords;

namespace AiOpsPolicy.Core.Tests.Metrics;

/// <summary>
/// The parameters metric library v2 adds for other tools' definitions (docs/metrics.md, "Parameters for other tools'
/// definitions"): pooled values, totals across workflows, a pilot cohort that ends before the evaluation time, and
/// rounding and percentile methods on every duration metric. Each test states its arithmetic; each default is shown to
/// be the behaviour the metric had before the parameter.
/// </summary>
public sealed class MetricParameterTests
{
    /// <summary>A workflow with two targeted steps and one step with no target.</summary>
    private const string Refunds = """
        apiVersion: aiops-policy/v1
        kind: Workflow
        metadata:
          name: refunds
        spec:
          systems: [zendesk, model, erp]
          sla:
            time: 2h
            quality: ok
          steps:
            - name: scoring
              system: model
              sla:
                time: 30s
            - name: approval
              system: zendesk
              sla:
                time: 1h
                quality: ok
            - name: payout
              system: erp
        """;

    private static readonly string[] TwoWorkflows = [TriageWorkflow, Refunds];

    [Fact]
    public void SlaAttainment_WhenAllStepsArePooled_ShouldJudgeEachRunAgainstItsOwnStepsTargets()
    {
        // Given: scoring s1 20s (met), s2 40s (missed: over 30s); approval a1 30m ok (met), a2 30m "bad" (missed: quality),
        // a3 2h ok (missed: time); payout p1 (no target: not counted); w1 a whole run of 1h ok (whole runs are not step runs);
        // s3 ended 8 days ago (outside the window).
        var runs = Envelope(
            "workflow-runs",
            Run("s1", "scoring", 1, 20.0 / 60, "ok"),
            Run("s2", "scoring", 1, 40.0 / 60, "ok"),
            Run("a1", "approval", 1, 30, "ok"),
            Run("a2", "approval", 1, 30, "bad"),
            Run("a3", "approval", 1, 120, "ok"),
            Run("p1", "payout", 1, 5, "ok"),
            Run("w1", null, 1, 60, "ok"),
            Run("s3", "scoring", 8, 0.1, "ok"));

        // When
        var pooled = MetricFixtures.Gate(TwoWorkflows, "  measure: 'SlaAttainment(\"refunds\", runs: SlaRuns.AllSteps)'\n  bound:\n    min: 50%", runs);
        var whole = MetricFixtures.Gate(TwoWorkflows, "  measure: SlaAttainment(\"refunds\")\n  bound:\n    min: 50%", runs);

        // Then: pooled, 2 of 5 step runs met (40%); the default still counts the one whole run, which met 2h and ok.
        Assert.Equal(GateStatus.Fail, pooled.Status);
        Assert.Equal(0.4, pooled.ObservedValue!.Value, 9);
        var metric = Assert.Single(pooled.Metrics);
        Assert.Equal("SlaAttainment(refunds, all-steps)", metric.Metric);
        Assert.Equal(
            "40% of 5 refunds step runs (runs x steps, each against its own step's targets) in the last 7d met their targets (2/5): approval 1/3 against within 1h and ok; scoring 1/2 against within 30s; 1 run(s) of steps with no SLA target not counted (payout declare none)",
            metric.Explanation);
        Assert.Equal(["a2", "a3", "s2"], metric.FailingRecords.ToArray());
        Assert.Equal(5, metric.SampleSize);
        Assert.Equal(GateStatus.Pass, whole.Status);
        Assert.Equal(1.0, whole.ObservedValue!.Value, 9);
        Assert.Equal(1, Assert.Single(whole.Metrics).SampleSize);
    }

    [Fact]
    public void SlaAttainment_WhenPooledWithOtherSlaGates_ShouldBePlannedIntoTheOneRunPass()
    {
        // Given: a pooled gate, a step gate and a whole-run gate over the same runs.
        var runs = Envelope(
            "workflow-runs",
            Run("s1", "scoring", 1, 20.0 / 60, "ok"),
            Run("a1", "approval", 1, 30, "bad"),
            Run("w1", null, 1, 60, "ok"));
        string[] documents =
        [
            .. TwoWorkflows,
            TestPolicies.Gate("pooled", "  measure: 'SlaAttainment(\"refunds\", runs: SlaRuns.AllSteps)'\n  bound:\n    min: 50%"),
            TestPolicies.Gate("scoring", "  measure: 'SlaAttainment(\"refunds\", \"scoring\")'\n  bound:\n    min: 50%"),
            TestPolicies.Gate("whole", "  measure: SlaAttainment(\"refunds\")\n  bound:\n    min: 50%"),
        ];

        // When
        var result = Evaluate(documents, [runs]);

        // Then: one pass over the runs for all three, each routed its own runs: 1/2 pooled, 1/1 scoring, 1/1 whole.
        Assert.Equal(1, result.EvidencePasses);
        Assert.Equal([0.5, 1.0, 1.0], result.Gates.Select(g => g.ObservedValue!.Value).ToArray());
    }

    [Fact]
    public void SlaAttainment_WhenPooledStepsAreCounted_ShouldAddEachStepsCountsTakenAgainstItsTargets()
    {
        // Given: scoring counted against 30s (90 of 100 met); approval counted against 1h and ok (45 of 50 met).
        var counts = Envelope(
            "workflow-run-counts",
            Count("scoring", 2, 100, 90, "30s", null),
            Count("approval", 2, 50, 45, "1h", "ok"));

        // When
        var gate = MetricFixtures.Gate(TwoWorkflows, "  measure: 'SlaAttainment(\"refunds\", runs: SlaRuns.AllSteps)'\n  bound:\n    min: 90%", counts);

        // Then: (90 + 45) / 150 = 90%.
        Assert.Equal(GateStatus.Pass, gate.Status);
        Assert.Equal(0.9, gate.ObservedValue!.Value, 9);
        Assert.Equal(150, Assert.Single(gate.Metrics).Denominator);
    }

    [Fact]
    public void SlaAttainment_WhenAStepAndAllStepsAreBothGiven_ShouldErrorAndSayToGiveOne()
    {
        // Given
        var runs = Envelope("workflow-runs", Run("s1", "scoring", 1, 0.1, "ok"));

        // When
        var gate = MetricFixtures.Gate(TwoWorkflows, "  measure: 'SlaAttainment(\"refunds\", \"scoring\", runs: SlaRuns.AllSteps)'\n  bound:\n    min: 50%", runs);

        // Then
        Assert.Equal(GateStatus.Error, gate.Status);
        Assert.Contains("give the step or SlaRuns.AllSteps, not both", gate.Explanation, StringComparison.Ordinal);
    }

    [Fact]
    public void SlaAttainment_WhenARunCrossesTheWindowsStart_ShouldCountItInTheWindowItsPlacementPicks()
    {
        // Given: refunds' SLA is 2h and ok. x started 7d 2h ago and ended 6d 23h ago (3h: missed), across the last 7d's
        // start; y ended 1d ago and z 8d ago (1h each, ok).
        var runs = Envelope(
            "workflow-runs",
            Run("x", null, 7 - (1.0 / 24), 180, "ok"),
            Run("y", null, 1, 60, "ok"),
            Run("z", null, 8, 60, "ok"));

        // When: the last 7d and the 7d before, placed by end (the default, and asked for) and by start.
        var byEnd = MetricFixtures.Gate(TwoWorkflows, "  measure: SlaAttainment(\"refunds\")\n  bound:\n    min: 90%", runs);
        var byEndAsked = MetricFixtures.Gate(TwoWorkflows, "  measure: 'SlaAttainment(\"refunds\", placement: WindowPlacement.End)'\n  bound:\n    min: 90%", runs);
        var byStart = MetricFixtures.Gate(TwoWorkflows, "  measure: 'SlaAttainment(\"refunds\", placement: WindowPlacement.Start)'\n  bound:\n    min: 90%", runs);
        var beforeByEnd = MetricFixtures.Gate(TwoWorkflows, "  measure: 'SlaAttainment(\"refunds\", window: Previous(Days(7)))'\n  bound:\n    min: 90%", runs);
        var beforeByStart = MetricFixtures.Gate(TwoWorkflows, "  measure: 'SlaAttainment(\"refunds\", window: Previous(Days(7)), placement: WindowPlacement.Start)'\n  bound:\n    min: 90%", runs);

        // Then: by end the last 7d hold x and y (1/2) and the 7d before z (1/1); by start x moves back: y alone (1/1),
        // then x and z (1/2). The default's name and text are what they were; by start both say so.
        Assert.Equal(GateStatus.Fail, byEnd.Status);
        Assert.Equal(0.5, byEnd.ObservedValue!.Value, 9);
        Assert.Equal("SlaAttainment(refunds)", byEnd.Metrics[0].Metric);
        Assert.Equal("50% of 2 refunds runs in the last 7d met within 2h and ok (1/2)", byEnd.Metrics[0].Explanation);
        Assert.Equal(["x"], byEnd.Metrics[0].FailingRecords.ToArray());
        Assert.Equal((byEnd.Metrics[0].Metric, byEnd.Metrics[0].Explanation, byEnd.ObservedValue), (byEndAsked.Metrics[0].Metric, byEndAsked.Metrics[0].Explanation, byEndAsked.ObservedValue));
        Assert.Equal(GateStatus.Pass, byStart.Status);
        Assert.Equal(1.0, byStart.ObservedValue!.Value, 9);
        Assert.Equal("SlaAttainment(refunds, by-start)", byStart.Metrics[0].Metric);
        Assert.Equal("100% of 1 refunds runs started in the last 7d met within 2h and ok (1/1)", byStart.Metrics[0].Explanation);
        Assert.Equal(1.0, beforeByEnd.ObservedValue!.Value, 9);
        Assert.Equal(0.5, beforeByStart.ObservedValue!.Value, 9);
        Assert.Equal(["x"], beforeByStart.Metrics[0].FailingRecords.ToArray());
    }

    [Fact]
    public void SlaAttainment_WhenPooledStepRunsArePlacedByStart_ShouldLeaveOutTheStepRunThatStartedBeforeTheWindow()
    {
        // Given: approval a-cross started 7d 1h ago and ended 6d 23h ago (2h: missed, over 1h); scoring s1 took 20s (met).
        var runs = Envelope(
            "workflow-runs",
            Run("a-cross", "approval", 7 - (1.0 / 24), 120, "ok"),
            Run("s1", "scoring", 1, 20.0 / 60, "ok"));

        // When
        var byEnd = MetricFixtures.Gate(TwoWorkflows, "  measure: 'SlaAttainment(\"refunds\", runs: SlaRuns.AllSteps)'\n  bound:\n    min: 90%", runs);
        var byStart = MetricFixtures.Gate(TwoWorkflows, "  measure: 'SlaAttainment(\"refunds\", runs: SlaRuns.AllSteps, placement: WindowPlacement.Start)'\n  bound:\n    min: 90%", runs);

        // Then: by end 1 of 2 step runs met; by start only s1 is in the window.
        Assert.Equal(0.5, byEnd.ObservedValue!.Value, 9);
        Assert.Equal(1.0, byStart.ObservedValue!.Value, 9);
        Assert.Equal("SlaAttainment(refunds, all-steps, by-start)", byStart.Metrics[0].Metric);
        Assert.Equal(
            "100% of 1 refunds step runs (runs x steps, each against its own step's targets) started in the last 7d met their targets (1/1): scoring 1/1 against within 30s; 0 run(s) of steps with no SLA target not counted (payout declare none)",
            byStart.Metrics[0].Explanation);
    }

    [Fact]
    public void SlaAttainment_WhenCountedRunsArePlacedByStart_ShouldBeInsufficientAndSayWhyAndWhatToDo()
    {
        // Given: scoring counted over an hour 2 days ago against 30s, 90 of 100 met.
        var counts = Envelope("workflow-run-counts", Count("scoring", 2, 100, 90, "30s", null));

        // When
        var byEnd = MetricFixtures.Gate(TwoWorkflows, "  measure: 'SlaAttainment(\"refunds\", \"scoring\")'\n  bound:\n    min: 80%", counts);
        var byStart = MetricFixtures.Gate(TwoWorkflows, "  measure: 'SlaAttainment(\"refunds\", \"scoring\", placement: WindowPlacement.Start)'\n  bound:\n    min: 80%", counts);
        var pooledByStart = MetricFixtures.Gate(TwoWorkflows, "  measure: 'SlaAttainment(\"refunds\", runs: SlaRuns.AllSteps, placement: WindowPlacement.Start)'\n  bound:\n    min: 80%", counts);

        // Then: a count holds runs by their end: placed by end it is used (90%); placed by start it cannot be, and the
        // gate says so rather than give a share whose edges are off.
        Assert.Equal(0.9, byEnd.ObservedValue!.Value, 9);
        Assert.Equal(GateStatus.InsufficientEvidence, byStart.Status);
        Assert.Contains(
            "1 workflow-run-counts period(s) of refunds/scoring runs overlap the last 7d, such as refunds/scoring@2026-11-26T12:00:00Z, and a count holds runs by their end, not their start: list the runs (workflow-runs) to place them by their start, or place them by their end (the default)",
            byStart.Explanation,
            StringComparison.Ordinal);
        Assert.Equal(GateStatus.InsufficientEvidence, pooledByStart.Status);
        Assert.Contains("of refunds step runs overlap the last 7d", pooledByStart.Explanation, StringComparison.Ordinal);
    }

    [Fact]
    public void SlaAttainment_WhenBothPlacementsAreAsked_ShouldBePlannedIntoTheOneRunPass()
    {
        // Given: the crossing run x and y, with gates by end, by start and pooled by start.
        var runs = Envelope(
            "workflow-runs",
            Run("x", null, 7 - (1.0 / 24), 180, "ok"),
            Run("y", null, 1, 60, "ok"),
            Run("s1", "scoring", 1, 20.0 / 60, "ok"));
        string[] documents =
        [
            .. TwoWorkflows,
            TestPolicies.Gate("by-end", "  measure: SlaAttainment(\"refunds\")\n  bound:\n    min: 50%"),
            TestPolicies.Gate("by-start", "  measure: 'SlaAttainment(\"refunds\", placement: WindowPlacement.Start)'\n  bound:\n    min: 50%"),
            TestPolicies.Gate("pooled-by-start", "  measure: 'SlaAttainment(\"refunds\", runs: SlaRuns.AllSteps, placement: WindowPlacement.Start)'\n  bound:\n    min: 50%"),
        ];

        // When
        var result = Evaluate(documents, [runs]);

        // Then: one pass over the runs; the two placements are two requests with their own values.
        Assert.Equal(1, result.EvidencePasses);
        Assert.Equal([0.5, 1.0, 1.0], result.Gates.Select(g => g.ObservedValue!.Value).ToArray());
    }

    [Fact]
    public void Freshness_WhenNoDatasetIsGiven_ShouldPoolEveryDatasetsMeasurements()
    {
        // Given: tickets lags 1m and 2m; kb lags 10m and 1h; one kb measurement 8 days ago (outside).
        var freshness = Envelope(
            "freshness",
            Lag("tickets", 1, 60),
            Lag("tickets", 2, 120),
            Lag("kb", 1, 600),
            Lag("kb", 2, 3600),
            Lag("kb", 8, 99999));

        // When
        var nearest = MetricFixtures.Gate([TriageWorkflow], "  measure: Freshness()\n  bound:\n    max: 5m", freshness);
        var linear = MetricFixtures.Gate([TriageWorkflow], "  measure: 'Freshness(aggregation: Aggregation.MedianLinear)'\n  bound:\n    max: 5m", freshness);
        var share = MetricFixtures.Gate([TriageWorkflow], "  measure: StaleShare(null, Minutes(5))\n  bound:\n    max: 10%", freshness);

        // Then: pooled 1m, 2m, 10m, 1h: nearest-rank median rank 2 = 2m; linear median (2m + 10m) / 2 = 6m; 2 of 4 over 5m.
        Assert.Equal(120, nearest.ObservedValue!.Value, 9);
        Assert.Equal("median lag 2m over 4 lag measurements of 2 datasets (every stage) in the last 7d", nearest.Metrics[0].Explanation);
        Assert.Equal(360, linear.ObservedValue!.Value, 9);
        Assert.Equal(GateStatus.Fail, linear.Status);
        Assert.Equal(0.5, share.ObservedValue!.Value, 9);
    }

    [Fact]
    public void Freshness_WhenRoundingIsAsked_ShouldRoundEachLagBeforeTheMedian()
    {
        // Given: lags 30s, 90s and 150s.
        var freshness = Envelope("freshness", Lag("tickets", 1, 30), Lag("tickets", 2, 90), Lag("tickets", 3, 150));

        // When
        var exact = MetricFixtures.Gate([TriageWorkflow], "  measure: Freshness(\"tickets\")\n  bound:\n    max: 5m", freshness);
        var ceil = MetricFixtures.Gate([TriageWorkflow], "  measure: 'Freshness(\"tickets\", rounding: DurationRounding.Ceil)'\n  bound:\n    max: 5m", freshness);
        var floor = MetricFixtures.Gate([TriageWorkflow], "  measure: 'Freshness(\"tickets\", rounding: DurationRounding.Floor)'\n  bound:\n    max: 5m", freshness);

        // Then: median 90s; up to the minute 1m, 2m, 3m: 2m; down 0, 1m, 2m: 1m.
        Assert.Equal(90, exact.ObservedValue!.Value, 9);
        Assert.Equal(120, ceil.ObservedValue!.Value, 9);
        Assert.Equal(60, floor.ObservedValue!.Value, 9);
        Assert.EndsWith("; each rounded up to the minute", ceil.Metrics[0].Explanation, StringComparison.Ordinal);
    }

    [Fact]
    public void MonitoringGap_WhenRoundingAndLinearPercentilesAreAsked_ShouldApplyThemToEveryGap()
    {
        // Given: drift checks 10h30s, 6h and 2h before the evaluation time: gaps 4h 30s, 4h and (to the window's end) 2h.
        var checks = Envelope("monitoring-checks", MonitoringCheck("m", "drift", 10 + (30.0 / 3600)), MonitoringCheck("m", "drift", 6), MonitoringCheck("m", "drift", 2));

        // When
        var exact = MetricFixtures.Gate([TriageWorkflow], "  measure: 'MonitoringGap(\"m\", aggregation: Aggregation.Max)'\n  bound:\n    max: 5h", checks);
        var floor = MetricFixtures.Gate([TriageWorkflow], "  measure: 'MonitoringGap(\"m\", aggregation: Aggregation.Max, rounding: DurationRounding.Floor)'\n  bound:\n    max: 5h", checks);
        var linear = MetricFixtures.Gate([TriageWorkflow], "  measure: 'MonitoringGap(\"m\", aggregation: Aggregation.Percentile(25, PercentileMethod.Linear))'\n  bound:\n    max: 5h", checks);

        // Then: max 4h 30s, floored 4h; p25 linear of 2h, 4h, 4h 30s: rank 0.5 between 2h and 4h = 3h.
        Assert.Equal((4 * 3600) + 30, exact.ObservedValue!.Value, 6);
        Assert.Equal(4 * 3600, floor.ObservedValue!.Value, 6);
        Assert.Equal(3 * 3600, linear.ObservedValue!.Value, 6);
    }

    [Fact]
    public void TimeToDiagnoseAndFix_WhenRoundingIsAsked_ShouldRoundEachIncidentsDuration()
    {
        // Given: i1 diagnosed 90s after detection and recovered 150s after that; i2 diagnosed after 30s, recovered 30s later.
        var incidents = Envelope(
            "incidents",
            Incident("i1", 10, 90, 240),
            Incident("i2", 5, 30, 60));

        // When
        var diagnose = MetricFixtures.Gate([TriageWorkflow], "  measure: 'TimeToDiagnose(\"ticket-triage\", rounding: DurationRounding.Ceil)'\n  bound:\n    max: 1h", incidents);
        var fix = MetricFixtures.Gate([TriageWorkflow], "  measure: 'TimeToFix(\"ticket-triage\", aggregation: Aggregation.Max, rounding: DurationRounding.Floor)'\n  bound:\n    max: 1h", incidents);
        var exact = MetricFixtures.Gate([TriageWorkflow], "  measure: TimeToDiagnose(\"ticket-triage\")\n  bound:\n    max: 1h", incidents);

        // Then: diagnose up to the minute 2m and 1m, mean 90s (exact mean 60s); fix down to the minute, max of 2m and 0 is 2m.
        Assert.Equal(90, diagnose.ObservedValue!.Value, 9);
        Assert.Equal(60, exact.ObservedValue!.Value, 9);
        Assert.Equal(120, fix.ObservedValue!.Value, 9);
    }

    [Fact]
    public void WorkRemoved_WhenNoWorkflowIsGiven_ShouldTotalEachWorkflowsLatestMeasurementWithALineEach()
    {
        // Given: ticket-triage (12 - 4) min x 3000 cases / 60 = 400 h, with an older measurement; refunds (20 - 26) x 100 / 60 = -10 h.
        var effort = Envelope(
            "case-effort",
            CaseEffort("ticket-triage", 12, 4, 3000, 2),
            CaseEffort("ticket-triage", 12, 8, 3000, 30),
            CaseEffort("refunds", 20, 26, 100, 3));

        // When
        var total = MetricFixtures.Gate(TwoWorkflows, "  measure: WorkRemoved()\n  bound:\n    min: 100", effort);
        var one = MetricFixtures.Gate(TwoWorkflows, "  measure: WorkRemoved(\"ticket-triage\")\n  bound:\n    min: 100", effort);

        // Then: 400 - 10 = 390 h a month; refunds' measurement is the failing record (it adds work).
        Assert.Equal(390, total.ObservedValue!.Value, 9);
        var metric = Assert.Single(total.Metrics);
        Assert.Equal("WorkRemoved", metric.Metric);
        Assert.StartsWith("390 h/month over 2 workflow(s): refunds: (20 - 26) min x 100 cases / 60 = -10 h/month, measured 2026-11-25; ticket-triage: (12 - 4) min x 3,000 cases / 60 = 400 h/month, measured 2026-11-26; 1 older measurement(s) not used", metric.Explanation, StringComparison.Ordinal);
        Assert.Equal(["refunds@2026-11-25T12:00:00Z"], metric.FailingRecords.ToArray());
        Assert.Equal(400, one.ObservedValue!.Value, 9);
        Assert.Equal("(12 - 4) min x 3,000 cases / 60 = 400 h/month, measured 2026-11-26; 1 older measurement(s) not used", one.Metrics[0].Explanation);
    }

    [Fact]
    public void Throughput_WhenNoWorkflowIsGiven_ShouldSumEachWorkflowsMeanCasesPerDay()
    {
        // Given: ticket-triage 100 and 140 cases on two days (mean 120), baseline 100/day; refunds 30 on one day
        // (mean 30), baseline 20 and 40 (mean 30); refunds' second day is 9 days ago (outside the window).
        var throughput = Envelope(
            "throughput",
            Day("ticket-triage", "2026-11-26", 100, "after"),
            Day("ticket-triage", "2026-11-27", 140, "after"),
            Day("ticket-triage", "2026-09-01", 100, "baseline"),
            Day("refunds", "2026-11-27", 30, "after"),
            Day("refunds", "2026-11-19", 500, "after"),
            Day("refunds", "2026-09-01", 20, "baseline"),
            Day("refunds", "2026-09-02", 40, "baseline"));

        // When
        var total = MetricFixtures.Gate(TwoWorkflows, "  measure: Throughput()\n  bound:\n    min: 100", throughput);
        var change = MetricFixtures.Gate(TwoWorkflows, "  measure: ThroughputChange()\n  bound:\n    min: 10%", throughput);

        // Then: 120 + 30 = 150 cases a day; change (150 - 130) / 130 = 15.38%.
        Assert.Equal(150, total.ObservedValue!.Value, 9);
        Assert.Equal(
            "150 cases/day after go-live over 2 workflow(s), the sum of each one's mean: refunds: 30 cases/day after go-live (30 cases over 1 day(s) in the last 7d); ticket-triage: 120 cases/day after go-live (240 cases over 2 day(s) in the last 7d)",
            total.Metrics[0].Explanation);
        Assert.Equal(20.0 / 130, change.ObservedValue!.Value, 9);
        Assert.Equal(GateStatus.Pass, change.Status);
    }

    [Fact]
    public void PilotConversion_WhenACohortLagIsGiven_ShouldLeaveOutPilotsTooYoungToHaveConverted()
    {
        // Given: p1 (converted) and p2 (not) started 60 and 40 days ago; p3 started 10 days ago and is still a pilot.
        var pilots = Envelope(
            "pilots",
            Pilot("p1", 60, "production", monitoring: true, owner: "team", promise: "99%"),
            Pilot("p2", 40, "pilot", monitoring: false, owner: null, promise: null),
            Pilot("p3", 10, "pilot", monitoring: false, owner: null, promise: null));

        // When: a 90-day cohort ending now, and one ending 30 days ago ([now - 120d, now - 30d)).
        var now = MetricFixtures.Gate([TriageWorkflow], "  measure: PilotConversion(Days(90))\n  bound:\n    min: 50%", pilots);
        var lagged = MetricFixtures.Gate([TriageWorkflow], "  measure: 'PilotConversion(Days(90), lag: Days(30))'\n  bound:\n    min: 50%", pilots);

        // Then: 1 of 3 with p3 counted as not converted; 1 of 2 with the lag, p3 named as too young.
        Assert.Equal(1.0 / 3, now.ObservedValue!.Value, 9);
        Assert.Equal(GateStatus.Fail, now.Status);
        Assert.Equal(0.5, lagged.ObservedValue!.Value, 9);
        Assert.Equal(GateStatus.Pass, lagged.Status);
        Assert.Equal("50% of 2 pilots started in the 90d ending 30d before the evaluation time became owned production services (1/2); 1 pilot(s) started since, within the 30d lag, are too young to count", lagged.Metrics[0].Explanation);
    }

    private static string Run(string id, string? step, double endedDaysAgo, double minutes, string outcome)
    {
        var ended = Now.AddDays(-endedDaysAgo);
        var stepField = step is null ? string.Empty : $", \"step\": \"{step}\"";
        return $$"""{"id": "{{id}}", "workflow": "refunds"{{stepField}}, "startedAt": "{{ended.AddMinutes(-minutes):O}}", "endedAt": "{{ended:O}}", "outcome": "{{outcome}}"}""";
    }

    private static string Count(string step, double daysAgo, long total, long met, string within, string? outcome)
    {
        var start = Now.AddDays(-daysAgo);
        var quality = outcome is null ? string.Empty : $", \"outcome\": \"{outcome}\"";
        return $$"""{"workflow": "refunds", "step": "{{step}}", "periodStart": "{{start:O}}", "periodEnd": "{{start.AddHours(1):O}}", "total": {{total}}, "met": {{met}}, "within": "{{within}}"{{quality}}}""";
    }

    private static string Lag(string dataset, double daysAgo, double seconds) =>
        $$"""{"dataset": "{{dataset}}", "stage": "source-to-pipeline", "measuredAt": "{{Ago(daysAgo)}}", "lag": {{seconds}}}""";

    private static string Incident(string id, double detectedHoursAgo, double diagnosedAfterSeconds, double recoveredAfterSeconds)
    {
        var detected = Now.AddHours(-detectedHoursAgo);
        return $$"""{"id": "{{id}}", "workflow": "ticket-triage", "openedAt": "{{detected:O}}", "detectedAt": "{{detected:O}}", "diagnosedAt": "{{detected.AddSeconds(diagnosedAfterSeconds):O}}", "recoveredAt": "{{detected.AddSeconds(recoveredAfterSeconds):O}}", "cause": "model", "requiredChange": true}""";
    }

    private static string Day(string workflow, string day, int completed, string phase) =>
        $$"""{"workflow": "{{workflow}}", "day": "{{day}}", "completed": {{completed}}, "phase": "{{phase}}"}""";
}
