// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using AiOpsPolicy.Core.Results;
using static AiOpsPolicy.Core.Tests.Metrics.MetricRecords;

namespace AiOpsPolicy.Core.Tests.Metrics;

public sealed class PilotConversionTests : IDisposable
{
    private readonly PolicyHarness _harness = new();

    public void Dispose() => _harness.Dispose();

    [Fact]
    public void PilotConversion_WhenOnePilotOfFourIsAnOwnedService_ShouldBeAQuarter()
    {
        // Given: p1 is owned; p2 is in production without monitoring or a user promise; p3 and p4 never got there;
        // p5 started before the 30-day cohort.
        _harness.Write(
            "pilots",
            Pilot("p1", 10, "production", monitoring: true, owner: "ops", promise: "answers in 1h"),
            Pilot("p2", 12, "production", monitoring: false, owner: "ops", promise: null),
            Pilot("p3", 14, "pilot", monitoring: true, owner: null, promise: null),
            Pilot("p4", 20, "retired", monitoring: false, owner: null, promise: null),
            Pilot("p5", 40, "production", monitoring: true, owner: "ops", promise: "answers in 1h"));

        // When
        var gate = _harness.Evaluate("PilotConversion(Days(30))", "min: 50%");

        // Then
        Assert.Equal(GateStatus.Fail, gate.Status);
        Assert.Equal(0.25, gate.ObservedValue);
        var metric = Assert.Single(gate.Metrics);
        Assert.Equal((1d, 4d), (metric.Numerator, metric.Denominator));
        Assert.Equal(["p2", "p3", "p4"], metric.FailingRecords.ToArray());
        Assert.Contains("p2 (no monitoring, no user promise)", metric.Explanation, StringComparison.Ordinal);
        Assert.DoesNotContain("p3 (", metric.Explanation, StringComparison.Ordinal);
    }

    [Fact]
    public void PilotConversion_WhenTheOnCallOwnerIsBlank_ShouldNotCountAndSaySo()
    {
        // Given
        _harness.Write(
            "pilots",
            Pilot("p1", 2, "production", monitoring: true, owner: "ops", promise: "answers in 1h"),
            Pilot("p2", 3, "production", monitoring: true, owner: "  ", promise: "answers in 1h"));

        // When
        var gate = _harness.Evaluate("PilotConversion()", "min: 50%");

        // Then
        Assert.Equal(GateStatus.Pass, gate.Status);
        Assert.Equal(0.5, gate.ObservedValue);
        Assert.Contains("p2 (no on-call owner)", gate.Metrics[0].Explanation, StringComparison.Ordinal);
    }

    [Fact]
    public void PilotConversion_WhenNoPilotStartedInTheCohort_ShouldBeInsufficientNotZero()
    {
        // Given: the only pilot started 40 days ago; the default window is 7 days.
        _harness.Write("pilots", Pilot("p1", 40, "production", monitoring: true, owner: "ops", promise: "x"));

        // When
        var gate = _harness.Evaluate("PilotConversion()", "min: 50%");

        // Then
        Assert.Equal(GateStatus.InsufficientEvidence, gate.Status);
        Assert.Contains("no pilot started", gate.Explanation, StringComparison.Ordinal);
    }

    [Fact]
    public void PilotConversion_WhenNoEvidenceIsSupplied_ShouldBeInsufficient()
    {
        // When
        var gate = _harness.Evaluate("PilotConversion()", "min: 50%");

        // Then
        Assert.Equal(GateStatus.InsufficientEvidence, gate.Status);
        Assert.Contains("pilots", gate.Explanation, StringComparison.Ordinal);
    }
}
