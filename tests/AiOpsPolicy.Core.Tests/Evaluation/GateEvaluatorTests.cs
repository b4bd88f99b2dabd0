// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using AiOpsPolicy.Core.Results;
using static AiOpsPolicy.Core.Tests.TestClock;

namespace AiOpsPolicy.Core.Tests.Evaluation;

public sealed class GateEvaluatorTests : IDisposable
{
    private readonly PolicyHarness _harness = new();

    public void Dispose() => _harness.Dispose();

    [Fact]
    public void Evaluate_WhenRunsMeetTheSla_ShouldPassWithTheCountsBehindIt()
    {
        // Given: three of four whole runs met 1h and ok.
        WriteRuns(("r1", 30, "ok"), ("r2", 50, "ok"), ("r3", 90, "ok"), ("r4", 10, "ok"));

        // When
        var result = Run(TestPolicies.Gate("sla", "  measure: SlaAttainment(\"triage\")\n  bound:\n    min: 75%"));

        // Then
        var gate = Assert.Single(result.Gates);
        Assert.Equal(GateStatus.Pass, gate.Status);
        Assert.Equal(0.75, gate.ObservedValue);
        var metric = Assert.Single(gate.Metrics);
        Assert.Equal((3d, 4d), (metric.Numerator, metric.Denominator));
        Assert.Equal(["r3"], metric.FailingRecords.ToArray());
    }

    [Fact]
    public void Evaluate_WhenEvidenceIsStale_ShouldBeInsufficientAndBlock()
    {
        // Given
        WriteRuns(collectedAt: Now.AddDays(-30), runs: ("r1", 30, "ok"));

        // When
        var result = Run(TestPolicies.Gate("sla", "  measure: SlaAttainment(\"triage\")\n  bound:\n    min: 75%"));

        // Then
        var gate = Assert.Single(result.Gates);
        Assert.Equal(GateStatus.InsufficientEvidence, gate.Status);
        Assert.Contains("stale", gate.Explanation, StringComparison.Ordinal);
        Assert.True(result.Blocked);
    }

    [Fact]
    public void Evaluate_WhenEvidenceKindIsMissing_ShouldBeInsufficientNotZero()
    {
        // When
        var result = Run(TestPolicies.Gate("g", "  condition: Evidence.Incidents.Count == 0"));

        // Then
        Assert.Equal(GateStatus.InsufficientEvidence, Assert.Single(result.Gates).Status);
    }

    [Fact]
    public void Evaluate_WhenExpressionThrows_ShouldErrorThatGateOnlyWithItsLocation()
    {
        // Given
        WriteRuns(("r1", 30, "ok"));
        var throwing = TestPolicies.Gate("divide", "  measure: 1 / (Evidence.WorkflowRuns.Count - 1)\n  bound:\n    max: 5\n  severity: warn");
        var fine = TestPolicies.Gate("fine", "  condition: Evidence.WorkflowRuns.Count == 1");

        // When
        var result = Run(throwing, fine);

        // Then
        Assert.Equal(GateStatus.Error, result.Gates[0].Status);
        Assert.Contains("DivideByZeroException", result.Gates[0].Explanation, StringComparison.Ordinal);
        Assert.Equal(GateStatus.Pass, result.Gates[1].Status);
        Assert.False(result.Blocked);
    }

    [Fact]
    public void Evaluate_WhenWarnGateFails_ShouldWarnAndAllow()
    {
        // Given
        WriteRuns(("r1", 90, "ok"));

        // When
        var result = Run(TestPolicies.Gate("sla", "  measure: SlaAttainment(\"triage\")\n  bound:\n    min: 95%\n  severity: warn"));

        // Then
        Assert.Equal(GateStatus.Warn, Assert.Single(result.Gates).Status);
        Assert.False(result.Blocked);
    }

    [Fact]
    public void Evaluate_WhenManyGatesShareMetrics_ShouldWalkEachEvidenceKindOnce()
    {
        // Given: five gates over the same runs, two of them asking for the same metric.
        WriteRuns(("r1", 30, "ok"), ("r2", 90, "ok"));
        string[] gates =
        [
            TestPolicies.Gate("a", "  measure: SlaAttainment(\"triage\")\n  bound:\n    min: 10%"),
            TestPolicies.Gate("b", "  measure: SlaAttainment(\"triage\")\n  bound:\n    min: 60%"),
            TestPolicies.Gate("c", "  measure: 'SlaAttainment(\"triage\", window: Days(30))'\n  bound:\n    min: 10%"),
            TestPolicies.Gate("d", "  measure: 'SlaAttainment(\"triage\", step: \"inference\")'\n  bound:\n    min: 10%"),
            TestPolicies.Gate("e", "  condition: 'SlaAttainment(\"triage\", window: Last(Days(7)).Previous()).IsSufficient == false'"),
        ];

        // When
        var result = Run(gates);

        // Then: one pass over workflow runs served all five gates.
        Assert.Equal(1, result.EvidencePasses);
        Assert.Equal([GateStatus.Pass, GateStatus.Fail, GateStatus.Pass, GateStatus.InsufficientEvidence, GateStatus.Pass], result.Gates.Select(g => g.Status));
    }

    [Fact]
    public void Evaluate_WhenConditionHasClauses_ShouldReportEachClausesOwnValue()
    {
        // Given
        WriteRuns(("r1", 30, "ok"));
        var gate = TestPolicies.Gate("g", "  condition: Evidence.WorkflowRuns.Count == 1 && (Now.Year > 3000 || Evidence.WorkflowRuns[0].Outcome == \"bad\")");

        // When
        var result = Run(gate);

        // Then
        var clauses = Assert.Single(result.Gates).Clauses;
        Assert.Equal(["Evidence.WorkflowRuns.Count == 1", "Now.Year > 3000", "Evidence.WorkflowRuns[0].Outcome == \"bad\""], clauses.Select(c => c.Text));
        Assert.Equal([true, false, false], clauses.Select(c => c.Value));
        Assert.Contains("`Now.Year > 3000` is false", result.Gates[0].Explanation, StringComparison.Ordinal);
    }

    private GateRunResult Run(params string[] gates)
    {
        using var compiled = PolicyHarness.Compile([TestPolicies.Workflow, .. gates]);
        return _harness.Evaluate(compiled, evidenceErrorsAllowed: true);
    }

    private void WriteRuns(params (string Id, int Minutes, string Outcome)[] runs) => WriteRuns(Now.AddHours(-1), runs);

    private void WriteRuns(DateTimeOffset collectedAt, params (string Id, int Minutes, string Outcome)[] runs)
    {
        var lines = new List<string> { $$$"""{"$evidence": {"kind": "workflow-runs", "collectedAt": "{{{collectedAt:O}}}"}}""" };
        var end = Now.AddDays(-1);
        lines.AddRange(runs.Select(r => $$"""{"id": "{{r.Id}}", "workflow": "triage", "startedAt": "{{end.AddMinutes(-r.Minutes):O}}", "endedAt": "{{end:O}}", "outcome": "{{r.Outcome}}"}"""));
        _harness.WriteLines("runs.ndjson", lines);
    }
}
