// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using AiOpsPolicy.Core.Results;
using static AiOpsPolicy.Core.Tests.TestClock;

namespace AiOpsPolicy.Core.Tests.Metrics;

public sealed class AgentSuccessTests : IDisposable
{
    private readonly PolicyHarness _harness = new();

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
    public void AgentSuccess_WhenARunCrossesTheWindowsStart_ShouldCountItByCompletionOrByStartAsPlaced()
    {
        // Given: x started 7d 2h ago and completed 6d 22h ago, wrong; y started 2h ago and completed 1h ago, correct; n
        // completed 5h ago, correct, and its record does not say when it started.
        _harness.Write(
            "agent-runs",
            Run("x", "triage", 166, correct: false, human: false, startedHoursAgo: 170),
            Run("y", "triage", 1, correct: true, human: false, startedHoursAgo: 2),
            Run("n", "triage", 5, correct: true, human: false));

        // When
        var byEnd = _harness.Evaluate("AgentSuccess(\"triage\")", "min: 90%");
        var byStart = _harness.Evaluate("'AgentSuccess(\"triage\", placement: WindowPlacement.Start)'", "min: 90%");
        var beforeByEnd = _harness.Evaluate("'AgentSuccess(\"triage\", Previous(Days(7)))'", "min: 90%");
        var beforeByStart = _harness.Evaluate("'AgentSuccess(\"triage\", Previous(Days(7)), WindowPlacement.Start)'", "min: 90%");

        // Then: by completion the last 7d hold x, y and n (2/3); by start only y, and n is named as not placeable; x
        // moves to the 7d before, which by completion hold no run.
        Assert.Equal(2.0 / 3, byEnd.ObservedValue!.Value, 9);
        Assert.Equal("AgentSuccess(triage)", byEnd.Metrics[0].Metric);
        Assert.Equal(["x"], byEnd.Metrics[0].FailingRecords.ToArray());
        Assert.Equal(GateStatus.Pass, byStart.Status);
        Assert.Equal(1.0, byStart.ObservedValue!.Value, 9);
        Assert.Equal("AgentSuccess(triage, by-start)", byStart.Metrics[0].Metric);
        Assert.Equal(
            "100% of 1 triage agent runs started in the last 7d were correct with no human rescue (1/1); failures: 0 wrong outcome(s), 0 human rescue(s); 1 run(s) completed in the window with no startedAt (not counted)",
            byStart.Metrics[0].Explanation);
        Assert.Equal(GateStatus.InsufficientEvidence, beforeByEnd.Status);
        Assert.Equal(0.0, beforeByStart.ObservedValue!.Value, 9);
        Assert.Equal(["x"], beforeByStart.Metrics[0].FailingRecords.ToArray());
    }

    [Fact]
    public void Load_WhenAnAgentRunStartsAfterItCompletes_ShouldReportItAndLeaveItOut()
    {
        // Given: r1 is sound; r2 starts an hour after it completes.
        _harness.Write(
            "agent-runs",
            Run("r1", "triage", 1, correct: true, human: false, startedHoursAgo: 2),
            Run("r2", "triage", 3, correct: false, human: false, startedHoursAgo: 2));

        // When
        var run = _harness.RunAllowingEvidenceErrors(TestPolicies.Workflow, TestPolicies.Gate("metric", "  measure: AgentSuccess(\"triage\")\n  bound:\n    min: 50%"));

        // Then
        Assert.Contains(run.Diagnostics, d => d.Message.Contains("field 'completedAt'", StringComparison.Ordinal) && d.Message.Contains("is before 'startedAt'", StringComparison.Ordinal));
        Assert.Equal(1.0, Assert.Single(run.Result.Gates).ObservedValue!.Value, 9);
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

    private static string Run(string id, string workflow, double hoursAgo, bool correct, bool human, double? startedHoursAgo = null) =>
        $$"""{"id": "{{id}}", "workflow": "{{workflow}}"{{(startedHoursAgo is { } s ? $", \"startedAt\": {HoursAgo(s)}" : string.Empty)}}, "completedAt": {{HoursAgo(hoursAgo)}}, "correct": {{(correct ? "true" : "false")}}, "humanIntervened": {{(human ? "true" : "false")}}}""";

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
