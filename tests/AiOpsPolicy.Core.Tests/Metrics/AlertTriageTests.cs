// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using AiOpsPolicy.Core.Results;
using static AiOpsPolicy.Core.Tests.TestClock;

namespace AiOpsPolicy.Core.Tests.Metrics;

public sealed class AlertTriageTests : IDisposable
{
    private readonly PolicyHarness _harness = new();

    public void Dispose() => _harness.Dispose();

    [Fact]
    public void AlertsTriagedWithin_WhenSomeAlertsMissTheSla_ShouldShareTheDecidableOnes()
    {
        // Given: a1 in 2h and a3 in exactly 4h are within; a2 took 8h and a4 was never triaged (its 4h ran out);
        // a5 is pending (raised 2h ago); a6 is outside the window.
        _harness.Write(
            "alerts",
            Alert("a1", "fraud", 48, 46),
            Alert("a2", "fraud", 48, 40),
            Alert("a3", "churn", 30, 26),
            Alert("a4", "fraud", 20, null),
            Alert("a5", "fraud", 2, null),
            Alert("a6", "fraud", 200, 100));

        // When
        var gate = _harness.Evaluate("AlertsTriagedWithin(Hours(4))", "min: 50%");

        // Then
        Assert.Equal(GateStatus.Pass, gate.Status);
        Assert.Equal(0.5, gate.ObservedValue);
        var metric = Assert.Single(gate.Metrics);
        Assert.Equal((2d, 4d), (metric.Numerator, metric.Denominator));
        Assert.Equal(["a2", "a4"], metric.FailingRecords.ToArray());
        Assert.Contains("1 not yet triaged and still within the SLA", metric.Explanation, StringComparison.Ordinal);
        Assert.Contains("1 of the missed never triaged", metric.Explanation, StringComparison.Ordinal);
    }

    [Fact]
    public void AlertsTriagedWithin_WhenAnUntriagedAlertsSlaEndsExactlyNow_ShouldCountItMissed()
    {
        // Given
        _harness.Write("alerts", Alert("a1", "fraud", 4, null), Alert("a2", "fraud", 10, 9));

        // When
        var gate = _harness.Evaluate("AlertsTriagedWithin(Hours(4))", "min: 50%");

        // Then
        Assert.Equal(0.5, gate.ObservedValue);
        Assert.Equal(["a1"], gate.Metrics[0].FailingRecords.ToArray());
    }

    [Fact]
    public void AlertsTriagedWithin_WhenAModelIsGiven_ShouldOnlyCountItsAlerts()
    {
        // Given
        _harness.Write("alerts", Alert("a1", "fraud", 48, 40), Alert("a3", "churn", 30, 26));

        // When
        var gate = _harness.Evaluate("'AlertsTriagedWithin(Hours(4), model: \"churn\")'", "min: 50%");

        // Then
        Assert.Equal(1.0, gate.ObservedValue);
        Assert.Equal((1d, 1d), (gate.Metrics[0].Numerator, gate.Metrics[0].Denominator));
    }

    [Fact]
    public void AlertsTriagedWithin_WhenEveryAlertIsPending_ShouldBeInsufficientNotFull()
    {
        // Given
        _harness.Write("alerts", Alert("a1", "fraud", 1, null), Alert("a2", "fraud", 3, null));

        // When
        var gate = _harness.Evaluate("AlertsTriagedWithin(Hours(4))", "min: 50%");

        // Then
        Assert.Equal(GateStatus.InsufficientEvidence, gate.Status);
        Assert.Contains("2 not yet triaged", gate.Explanation, StringComparison.Ordinal);
    }

    [Fact]
    public void AlertsTriagedWithin_WhenNoAlertWasRaised_ShouldBeInsufficient()
    {
        // Given: the file says there were none.
        _harness.Write("alerts");

        // When
        var gate = _harness.Evaluate("AlertsTriagedWithin(Hours(4))", "min: 50%");

        // Then
        Assert.Equal(GateStatus.InsufficientEvidence, gate.Status);
    }

    [Fact]
    public void AlertsTriagedWithin_WhenNoEvidenceIsSupplied_ShouldBeInsufficient()
    {
        // When
        var gate = _harness.Evaluate("AlertsTriagedWithin(Hours(4))", "min: 50%");

        // Then
        Assert.Equal(GateStatus.InsufficientEvidence, gate.Status);
        Assert.Contains("alerts", gate.Explanation, StringComparison.Ordinal);
    }

    private static string Alert(string id, string model, double raisedHoursAgo, double? triagedHoursAgo) =>
        $$"""{"id": "{{id}}", "model": "{{model}}", "type": "drift", "raisedAt": {{HoursAgo(raisedHoursAgo)}}{{(triagedHoursAgo is { } t ? ", \"triagedAt\": " + HoursAgo(t) : string.Empty)}}}""";
}
