// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

namespace AiOpsPolicy.Core.Tests.Metrics.Differential;

/// <summary>
/// Every metric call the differential suite checks. To cover a new metric: a reference in
/// <see cref="References"/> written from docs/metrics.md (plain LINQ over <see cref="World.Records"/>),
/// and a line here with the gate and the kinds it reads; a new evidence kind also needs its spec in
/// <see cref="KindSpecs"/>.
/// </summary>
internal static class MetricCases
{
    private const string Share = "min: 0%";
    private const string Signed = "max: 100%";
    private const string Duration = "max: 1000d";
    private const string Number = "max: 1000000";

    private static readonly string[] RunForms = ["workflow-runs", "workflow-run-counts"];

    public static readonly IReadOnlyList<DifferentialCase> All = Build();

    private static List<DifferentialCase> Build()
    {
        var cases = new List<DifferentialCase>
        {
            // 1. SLA attainment, from runs listed or counted.
            new(new("sla-wf", "SlaAttainment(\"wf\")", Share), RunForms, w => References.Sla(w, "wf", null, 7), AnyKindSuffices: true),
            new(new("sla-wf-14d", "SlaAttainment(\"wf\", window: Days(14))", Share), RunForms, w => References.Sla(w, "wf", null, 14), AnyKindSuffices: true),
            new(new("sla-wf-s1", "SlaAttainment(\"wf\", \"s1\")", Share), RunForms, w => References.Sla(w, "wf", "s1", 7), AnyKindSuffices: true),
            new(new("sla-wf-s2", "SlaAttainment(\"wf\", \"s2\")", Share), RunForms, w => References.Sla(w, "wf", "s2", 7), AnyKindSuffices: true),
            new(new("sla-wc", "SlaAttainment(\"wc\")", Share), RunForms, w => References.Sla(w, "wc", null, 7), AnyKindSuffices: true),
            new(new("sla-wc-s1", "SlaAttainment(\"wc\", \"s1\")", Share), RunForms, w => References.Sla(w, "wc", "s1", 7), AnyKindSuffices: true),
            new(new("sla-wf-by-start", "SlaAttainment(\"wf\", placement: WindowPlacement.Start)", Share), RunForms, w => References.Sla(w, "wf", null, 7, byStart: true), AnyKindSuffices: true),
            new(new("sla-wf-s1-by-start", "SlaAttainment(\"wf\", \"s1\", window: Days(14), placement: WindowPlacement.Start)", Share), RunForms, w => References.Sla(w, "wf", "s1", 14, byStart: true), AnyKindSuffices: true),

            // 2. Incident rate.
            new(new("incident-rate", "IncidentRate()", Number), ["incidents", "transactions"], w => References.IncidentRate(w, null)),
            new(new("incident-rate-wf", "IncidentRate(\"wf\")", Number), ["incidents", "transactions"], w => References.IncidentRate(w, "wf")),

            // 3. Time to recover, diagnose and fix.
            new(new("ttr-mean", "TimeToRecover()", Duration), ["incidents"], w => References.Recovery(w, null, Phase.Recover, Mean)),
            new(new("mttr-wf", "MeanTimeToRecover(\"wf\")", Duration), ["incidents"], w => References.Recovery(w, "wf", Phase.Recover, Mean)),
            new(new("ttr-median", "TimeToRecover(aggregation: Aggregation.Median)", Duration), ["incidents"], w => References.Recovery(w, null, Phase.Recover, v => NearestRank(v, 50))),
            new(new("ttr-p90", "TimeToRecover(aggregation: Aggregation.P90)", Duration), ["incidents"], w => References.Recovery(w, null, Phase.Recover, v => NearestRank(v, 90))),
            new(new("ttr-p75-wc", "TimeToRecover(\"wc\", aggregation: Aggregation.Percentile(75))", Duration), ["incidents"], w => References.Recovery(w, "wc", Phase.Recover, v => NearestRank(v, 75))),
            new(new("ttr-max", "TimeToRecover(aggregation: Aggregation.Max)", Duration), ["incidents"], w => References.Recovery(w, null, Phase.Recover, v => v.Max())),
            new(new("ttd-mean", "TimeToDiagnose()", Duration), ["incidents"], w => References.Recovery(w, null, Phase.Diagnose, Mean)),
            new(new("ttd-median", "TimeToDiagnose(aggregation: Aggregation.Median)", Duration), ["incidents"], w => References.Recovery(w, null, Phase.Diagnose, v => NearestRank(v, 50))),
            new(new("ttf-mean-wf", "TimeToFix(\"wf\")", Duration), ["incidents"], w => References.Recovery(w, "wf", Phase.Fix, Mean)),
            new(new("ttf-max", "TimeToFix(aggregation: Aggregation.Max)", Duration), ["incidents"], w => References.Recovery(w, null, Phase.Fix, v => v.Max())),

            // 4. Data freshness.
            new(new("fresh-median", "Freshness(\"ds\")", Duration), ["freshness"], w => References.Freshness(w, null, v => NearestRank(v, 50))),
            new(new("fresh-max-stage", "Freshness(\"ds\", FreshnessStage.SourceToPipeline, aggregation: Aggregation.Max)", Duration), ["freshness"], w => References.Freshness(w, "source-to-pipeline", v => v.Max())),
            new(new("stale", "StaleShare(\"ds\", Minutes(15))", Share), ["freshness"], w => References.StaleShare(w, null, TimeSpan.FromMinutes(15))),
            new(new("stale-stage", "StaleShare(\"ds\", Minutes(15), FreshnessStage.PipelineToFeatureStore)", Share), ["freshness"], w => References.StaleShare(w, "pipeline-to-feature-store", TimeSpan.FromMinutes(15))),

            // 5. Integration health.
            new(new("integration", "IntegrationHealth()", Share), ["connector-checks"], w => References.IntegrationHealth(w, 7)),
            new(new("integration-14d", "IntegrationHealth(Days(14))", Share), ["connector-checks"], w => References.IntegrationHealth(w, 14)),

            // 7. ROI.
            new(new("roi-wf", "Roi(\"wf\", Days(30))", Signed), ["value-lines"], w => References.Roi(w, "wf", 30)),
            new(new("roi-all", "Roi()", Signed), ["value-lines"], w => References.Roi(w, null, 7)),

            // 8. Work removed.
            new(new("work-removed-wf", "WorkRemoved(\"wf\")", Number), ["case-effort"], w => References.WorkRemoved(w, "wf")),
            new(new("work-removed-wc", "WorkRemoved(\"wc\")", Number), ["case-effort"], w => References.WorkRemoved(w, "wc")),

            // 9. Throughput.
            new(new("throughput-wf", "Throughput(\"wf\")", Number), ["throughput"], w => References.Throughput(w, "wf", 7, change: false)),
            new(new("throughput-wc-14d", "Throughput(\"wc\", Days(14))", Number), ["throughput"], w => References.Throughput(w, "wc", 14, change: false)),
            new(new("throughput-change", "ThroughputChange(\"wf\")", Signed), ["throughput"], w => References.Throughput(w, "wf", 7, change: true)),
            new(new("throughput-change-30d", "ThroughputChange(\"wf\", Days(30))", Signed), ["throughput"], w => References.Throughput(w, "wf", 30, change: true)),

            // 10. Responsible-AI scorecard.
            new(new("rai", "RaiScorecard(\"rai\")", Share), ["model-evaluations"], References.RaiScorecard),

            // 11. Compliance automation coverage.
            new(new("compliance", "ComplianceCoverage()", Share), ["control-executions"], w => References.ComplianceCoverage(w, null)),
            new(new("compliance-ci", "ComplianceCoverage(\"ci\")", Share), ["control-executions"], w => References.ComplianceCoverage(w, "ci")),

            // 12. Monitoring cadence and alert triage.
            new(new("gap-median", "MonitoringGap()", Duration), ["monitoring-checks"], w => References.MonitoringGap(w, null, null, v => NearestRank(v, 50))),
            new(new("gap-max", "MonitoringGap(aggregation: Aggregation.Max)", Duration), ["monitoring-checks"], w => References.MonitoringGap(w, null, null, v => v.Max())),
            new(new("gap-m1-drift", "MonitoringGap(\"m1\", MonitoringType.Drift, aggregation: Aggregation.P90)", Duration), ["monitoring-checks"], w => References.MonitoringGap(w, "m1", "drift", v => NearestRank(v, 90))),
            new(new("triage", "AlertsTriagedWithin(Minutes(30))", Share), ["alerts"], w => References.AlertsTriaged(w, TimeSpan.FromMinutes(30), null)),
            new(new("triage-m1", "AlertsTriagedWithin(Minutes(30), \"m1\")", Share), ["alerts"], w => References.AlertsTriaged(w, TimeSpan.FromMinutes(30), "m1")),

            // 13. Pilot conversion.
            new(new("pilots", "PilotConversion()", Share), ["pilots"], w => References.PilotConversion(w, 7)),
            new(new("pilots-30d", "PilotConversion(Days(30))", Share), ["pilots"], w => References.PilotConversion(w, 30)),

            // 14. Time to deploy a safe change.
            new(new("deploy", "TimeToDeploy(Days(30))", Duration), ["changes"], w => References.TimeToDeploy(w, 30, TimeSpan.FromDays(7), null, v => NearestRank(v, 50))),
            new(new("deploy-max-24h", "TimeToDeploy(Days(30), Aggregation.Max, Hours(24))", Duration), ["changes"], w => References.TimeToDeploy(w, 30, TimeSpan.FromHours(24), null, v => v.Max())),
            new(new("deploy-model", "TimeToDeploy(Days(30), safetyWindow: Hours(24), type: ChangeType.Model)", Duration), ["changes"], w => References.TimeToDeploy(w, 30, TimeSpan.FromHours(24), "model", v => NearestRank(v, 50))),

            // 15. Multi-agent workflow success.
            new(new("agents", "AgentSuccess()", Share), ["agent-runs"], w => References.AgentSuccess(w, null)),
            new(new("agents-wf", "AgentSuccess(\"wf\")", Share), ["agent-runs"], w => References.AgentSuccess(w, "wf")),
            new(new("agents-by-start", "AgentSuccess(placement: WindowPlacement.Start)", Share), ["agent-runs"], w => References.AgentSuccess(w, null, byStart: true)),
        };

        // 6. Fragmented-systems index: declarations only, checked on every drawn workflow shape.
        for (var i = 0; i < Declarations.FragmentationWorkflows; i++)
        {
            var index = i;
            cases.Add(new(new($"systems-fw{i}", $"FragmentationIndex(\"fw{i}\")", Number), [], w => References.Fragmentation(w, index, Fragment.Systems)));
            cases.Add(new(new($"handoffs-fw{i}", $"Handoffs(\"fw{i}\")", Number), [], w => References.Fragmentation(w, index, Fragment.Handoffs)));
            cases.Add(new(new($"duplicates-fw{i}", $"DuplicateSources(\"fw{i}\")", Number), [], w => References.Fragmentation(w, index, Fragment.Duplicates)));
        }

        return cases;
    }

    /// <summary>The arithmetic mean, as a plain sum over the count.</summary>
    public static double Mean(IReadOnlyCollection<double> values) => values.Average();

    /// <summary>Nearest rank: the value at rank ceil(p/100 x n) of the sorted values, clamped to 1..n.</summary>
    public static double NearestRank(IReadOnlyCollection<double> values, double percent)
    {
        var sorted = values.Order().ToList();
        var rank = (int)Math.Ceiling(percent / 100 * sorted.Count);
        return sorted[Math.Clamp(rank, 1, sorted.Count) - 1];
    }
}

/// <summary>Which phase of an incident a duration measures.</summary>
internal enum Phase
{
    Recover,
    Diagnose,
    Fix,
}

/// <summary>Which number of a workflow's shape a fragmentation metric is.</summary>
internal enum Fragment
{
    Systems,
    Handoffs,
    Duplicates,
}
