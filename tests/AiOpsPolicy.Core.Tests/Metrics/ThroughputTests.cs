// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using AiOpsPolicy.Core.Results;

namespace AiOpsPolicy.Core.Tests.Metrics;

public sealed class ThroughputTests
{
    private static readonly string[] Declarations = [MetricFixtures.TriageWorkflow];

    [Fact]
    public void Throughput_WhenAfterDaysAreInTheWindow_ShouldBeTheMeanOfThoseDays()
    {
        // Given: now is 2026-11-28T12:00Z, so the 7-day window starts 2026-11-21T12:00Z: the 21st (its
        // midnight is before the start) and the 10th are outside; 100, 120, 140 are inside: mean 120.
        var evidence = Days(
            ("ticket-triage", "2026-11-25", 100, "after"),
            ("ticket-triage", "2026-11-26", 120, "after"),
            ("ticket-triage", "2026-11-27", 140, "after"),
            ("ticket-triage", "2026-11-21", 1000, "after"),
            ("ticket-triage", "2026-11-10", 1000, "after"),
            ("ticket-triage", "2026-11-24", 5000, "baseline"),
            ("billing", "2026-11-26", 5000, "after"));

        // When
        var gate = MetricFixtures.Gate(Declarations, "  measure: Throughput(\"ticket-triage\")\n  bound:\n    min: 100", evidence);

        // Then
        Assert.Equal(GateStatus.Pass, gate.Status);
        Assert.Equal(120, gate.ObservedValue!.Value, 9);
        var metric = Assert.Single(gate.Metrics);
        Assert.Equal((360d, 3d), (metric.Numerator, metric.Denominator));
        Assert.Equal(3, metric.SampleSize);
    }

    [Fact]
    public void ThroughputChange_WhenThereIsABaseline_ShouldBeTheRelativeChangeOfTheMeans()
    {
        // Given: after mean 120 in the window; baseline mean (90 + 110) / 2 = 100 from any date: +20%.
        var evidence = Days(
            ("ticket-triage", "2026-11-25", 100, "after"),
            ("ticket-triage", "2026-11-26", 120, "after"),
            ("ticket-triage", "2026-11-27", 140, "after"),
            ("ticket-triage", "2026-10-01", 90, "baseline"),
            ("ticket-triage", "2026-10-02", 110, "baseline"));

        // When
        var gate = MetricFixtures.Gate(Declarations, "  measure: ThroughputChange(\"ticket-triage\")\n  bound:\n    min: 10%", evidence);

        // Then
        Assert.Equal(GateStatus.Pass, gate.Status);
        Assert.Equal(0.2, gate.ObservedValue!.Value, 9);
        var metric = Assert.Single(gate.Metrics);
        Assert.Equal((20d, 100d), (metric.Numerator, metric.Denominator));
        Assert.Equal(5, metric.SampleSize);
    }

    [Fact]
    public void Throughput_WhenNoAfterDayIsInTheWindow_ShouldBeInsufficientNotZero()
    {
        // Given
        var evidence = Days(("ticket-triage", "2026-11-01", 100, "after"), ("ticket-triage", "2026-11-27", 100, "baseline"));

        // When
        var gate = MetricFixtures.Gate(Declarations, "  measure: Throughput(\"ticket-triage\")\n  bound:\n    min: 100", evidence);

        // Then
        Assert.Equal(GateStatus.InsufficientEvidence, gate.Status);
        Assert.Contains("no after-go-live throughput day", gate.Explanation, StringComparison.Ordinal);
    }

    [Fact]
    public void ThroughputChange_WhenThereIsNoBaseline_ShouldBeInsufficient()
    {
        // Given
        var evidence = Days(("ticket-triage", "2026-11-27", 100, "after"));

        // When
        var gate = MetricFixtures.Gate(Declarations, "  measure: ThroughputChange(\"ticket-triage\")\n  bound:\n    min: 10%", evidence);

        // Then
        Assert.Equal(GateStatus.InsufficientEvidence, gate.Status);
        Assert.Contains("no baseline", gate.Explanation, StringComparison.Ordinal);
    }

    [Fact]
    public void ThroughputChange_WhenTheBaselineCompletedNothing_ShouldBeInsufficientNotInfinite()
    {
        // Given
        var evidence = Days(("ticket-triage", "2026-11-27", 100, "after"), ("ticket-triage", "2026-10-01", 0, "baseline"));

        // When
        var gate = MetricFixtures.Gate(Declarations, "  measure: ThroughputChange(\"ticket-triage\")\n  bound:\n    min: 10%", evidence);

        // Then
        Assert.Equal(GateStatus.InsufficientEvidence, gate.Status);
        Assert.Contains("completed 0 cases", gate.Explanation, StringComparison.Ordinal);
    }

    private static (string FileName, string Content) Days(params (string Workflow, string Day, long Completed, string Phase)[] days) =>
        MetricFixtures.Envelope("throughput", [.. days.Select(d => $$"""{"workflow": "{{d.Workflow}}", "day": "{{d.Day}}", "completed": {{d.Completed}}, "phase": "{{d.Phase}}"}""")]);
}
