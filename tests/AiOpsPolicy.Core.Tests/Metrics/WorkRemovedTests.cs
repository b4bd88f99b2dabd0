// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using AiOpsPolicy.Core.Results;
using static AiOpsPolicy.Core.Tests.Metrics.MetricRecords;

namespace AiOpsPolicy.Core.Tests.Metrics;

public sealed class WorkRemovedTests
{
    private static readonly string[] Declarations = [MetricFixtures.TriageWorkflow];

    [Fact]
    public void WorkRemoved_WhenTheAiAddedAComplianceStep_ShouldSubtractItsMinutes()
    {
        // Given: 12 min before, 2 min after, plus a 3-minute compliance check the AI added, 2,000 cases a month:
        // (12 - (2 + 3)) x 2,000 / 60 = 233.33 hours a month.
        var evidence = Efforts(CaseEffort("ticket-triage", 12, 2, 2000, 1, """[{"name": "compliance-check", "minutes": 3}]"""));

        // When
        var gate = MetricFixtures.Gate(Declarations, "  measure: WorkRemoved(\"ticket-triage\")\n  bound:\n    min: 200", evidence);

        // Then
        Assert.Equal(GateStatus.Pass, gate.Status);
        Assert.InRange(gate.ObservedValue!.Value, 233.333 - 0.01, 233.333 + 0.01);
        var metric = Assert.Single(gate.Metrics);
        Assert.StartsWith("(12 - (2 + 3 added: compliance-check 3)) min x 2,000 cases / 60 = 233.33 h/month", metric.Explanation, StringComparison.Ordinal);
    }

    [Fact]
    public void WorkRemoved_WhenMeasuredMoreThanOnce_ShouldUseTheLatestMeasurement()
    {
        // Given: the latest ticket-triage measurement (1 day ago) gives (10 - 4) x 600 / 60 = 60 h;
        // the older one and the other workflow's are not used.
        var evidence = Efforts(
            CaseEffort("ticket-triage", 30, 1, 10000, 40),
            CaseEffort("ticket-triage", 10, 4, 600, 1),
            CaseEffort("billing", 100, 1, 10000, 0.5));

        // When
        var gate = MetricFixtures.Gate(Declarations, "  measure: WorkRemoved(\"ticket-triage\")\n  bound:\n    min: 100", evidence);

        // Then
        Assert.Equal(GateStatus.Fail, gate.Status);
        Assert.Equal(60, gate.ObservedValue!.Value, 9);
        Assert.Contains("1 older measurement(s) not used", Assert.Single(gate.Metrics).Explanation, StringComparison.Ordinal);
    }

    [Fact]
    public void WorkRemoved_WhenAddedStepsOutweighTheSaving_ShouldBeNegative()
    {
        // Given: (5 - (4 + 3)) x 600 / 60 = -20 hours a month: the AI added work.
        var evidence = Efforts(CaseEffort("ticket-triage", 5, 4, 600, 1, """[{"name": "review", "minutes": 1}, {"name": "audit", "minutes": 2}]"""));

        // When
        var gate = MetricFixtures.Gate(Declarations, "  measure: WorkRemoved(\"ticket-triage\")\n  bound:\n    min: 0", evidence);

        // Then
        Assert.Equal(GateStatus.Fail, gate.Status);
        Assert.Equal(-20, gate.ObservedValue!.Value, 9);
        Assert.StartsWith("(5 - (4 + 3 added: review 1, audit 2)) min x 600 cases / 60 = -20 h/month", Assert.Single(gate.Metrics).Explanation, StringComparison.Ordinal);
    }

    [Fact]
    public void WorkRemoved_WhenTheWorkflowHasNoMeasurement_ShouldBeInsufficient()
    {
        // Given
        var evidence = Efforts(CaseEffort("billing", 10, 2, 100, 1));

        // When
        var gate = MetricFixtures.Gate(Declarations, "  measure: WorkRemoved(\"ticket-triage\")\n  bound:\n    min: 0", evidence);

        // Then
        Assert.Equal(GateStatus.InsufficientEvidence, gate.Status);
        Assert.Contains("no case-effort measurement", gate.Explanation, StringComparison.Ordinal);
    }

    private static (string FileName, string Content) Efforts(params string[] efforts) => MetricFixtures.Envelope("case-effort", efforts);
}
