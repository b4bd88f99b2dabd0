// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using AiOpsPolicy.Core.Results;
using static AiOpsPolicy.Core.Tests.Metrics.RiskScaleHarness;

namespace AiOpsPolicy.Core.Tests.Metrics;

public sealed class AgentSuccessTests : IDisposable
{
    private readonly RiskScaleHarness _harness = new();

    public void Dispose() => _harness.Dispose();

    [Fact]
    public void AgentSuccess_WhenAWorkflowIsGiven_ShouldCountCorrectRunsWithNoHumanRescue()
    {
        // Given: r1 and r2 succeed; r3 needed a human; r4 and r5 were wrong; r6 is outside the window; r7 is another workflow.
        WriteRuns();

        // When
        var gate = _harness.Evaluate("AgentSuccess(\"triage\")", "min: 50%");

        // Then
        Assert.Equal(GateStatus.Fail, gate.Status);
        Assert.Equal(0.4, gate.ObservedValue);
        var metric = Assert.Single(gate.Metrics);
        Assert.Equal((2d, 5d), (metric.Numerator, metric.Denominator));
        Assert.Equal(["r3", "r4", "r5"], metric.FailingRecords.ToArray());
        Assert.Contains("2 wrong outcome(s), 1 human rescue(s)", metric.Explanation, StringComparison.Ordinal);
    }

    [Fact]
    public void AgentSuccess_WhenNoWorkflowIsGiven_ShouldCountEveryWorkflow()
    {
        // Given
        WriteRuns();

        // When
        var gate = _harness.Evaluate("AgentSuccess()", "min: 50%");

        // Then
        Assert.Equal(GateStatus.Pass, gate.Status);
        Assert.Equal(0.5, gate.ObservedValue);
        Assert.Equal((3d, 6d), (gate.Metrics[0].Numerator, gate.Metrics[0].Denominator));
    }

    [Fact]
    public void AgentSuccess_WhenNoRunCompletedInTheWindow_ShouldBeInsufficientNotZero()
    {
        // Given
        _harness.Write("agent-runs", Run("r1", "triage", 300, correct: true, human: false));

        // When
        var gate = _harness.Evaluate("AgentSuccess(\"triage\")", "min: 50%");

        // Then
        Assert.Equal(GateStatus.InsufficientEvidence, gate.Status);
        Assert.Contains("no triage agent runs completed", gate.Explanation, StringComparison.Ordinal);
    }

    [Fact]
    public void AgentSuccess_WhenNoEvidenceIsSupplied_ShouldBeInsufficient()
    {
        // When
        var gate = _harness.Evaluate("AgentSuccess()", "min: 50%");

        // Then
        Assert.Equal(GateStatus.InsufficientEvidence, gate.Status);
        Assert.Contains("agent-runs", gate.Explanation, StringComparison.Ordinal);
    }

    private static string Run(string id, string workflow, double hoursAgo, bool correct, bool human) =>
        $$"""{"id": "{{id}}", "workflow": "{{workflow}}", "completedAt": {{HoursAgo(hoursAgo)}}, "correct": {{(correct ? "true" : "false")}}, "humanIntervened": {{(human ? "true" : "false")}}}""";

    private void WriteRuns() => _harness.Write(
        "agent-runs",
        Run("r1", "triage", 10, correct: true, human: false),
        Run("r2", "triage", 20, correct: true, human: false),
        Run("r3", "triage", 30, correct: true, human: true),
        Run("r4", "triage", 40, correct: false, human: false),
        Run("r5", "triage", 50, correct: false, human: true),
        Run("r6", "triage", 240, correct: true, human: false),
        Run("r7", "billing", 5, correct: true, human: false));
}
