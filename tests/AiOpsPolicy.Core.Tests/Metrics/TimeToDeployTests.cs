// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using AiOpsPolicy.Core.Results;
using static AiOpsPolicy.Core.Tests.TestClock;

namespace AiOpsPolicy.Core.Tests.Metrics;

public sealed class TimeToDeployTests : IDisposable
{
    private readonly PolicyHarness _harness = new();

    public void Dispose() => _harness.Dispose();

    [Fact]
    public void TimeToDeploy_WhenFourChangesAreSafe_ShouldTakeTheNearestRankMedian()
    {
        // Given: safe changes took 1h, 2h, 3h and 4h (c4 was rolled back only after 10 days); c5 was rolled back
        // within 7 days, c6 was deployed 2 days ago, c7 before the window and c8 never.
        WriteChanges();

        // When
        var gate = _harness.Evaluate("TimeToDeploy(Days(30))", "max: 3h");

        // Then
        Assert.Equal(GateStatus.Pass, gate.Status);
        Assert.Equal(TimeSpan.FromHours(2).TotalSeconds, gate.ObservedValue);
        var metric = Assert.Single(gate.Metrics);
        Assert.Equal(4, metric.SampleSize);
        Assert.Equal(["c4", "c3", "c2", "c1"], metric.FailingRecords.ToArray());
        Assert.Contains("1 rolled back within 7d (not counted)", metric.Explanation, StringComparison.Ordinal);
        Assert.Contains("1 deployed less than 7d ago, not yet known to be safe (not counted)", metric.Explanation, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Aggregation.P90", 4.0)]
    [InlineData("Aggregation.Mean", 2.5)]
    [InlineData("Aggregation.Max", 4.0)]
    [InlineData("Aggregation.Median", 2.0)]
    public void TimeToDeploy_WhenAnAggregationIsGiven_ShouldApplyIt(string aggregation, double hours)
    {
        // Given
        WriteChanges();

        // When
        var gate = _harness.Evaluate($"'TimeToDeploy(Days(30), aggregation: {aggregation})'", "max: 1d");

        // Then
        Assert.Equal(TimeSpan.FromHours(hours).TotalSeconds, gate.ObservedValue);
    }

    [Fact]
    public void TimeToDeploy_WhenTheSafetyWindowIsShorter_ShouldCountTheRecentChangeAndStillDropTheEarlyRollback()
    {
        // Given: with a 1-day safety window c6 (5h, deployed 2 days ago) is safe; c5 was rolled back exactly 1 day after deploying.
        WriteChanges();

        // When
        var gate = _harness.Evaluate("'TimeToDeploy(Days(30), safetyWindow: Days(1))'", "max: 1d");

        // Then: 1h, 2h, 3h, 4h, 5h.
        Assert.Equal(TimeSpan.FromHours(3).TotalSeconds, gate.ObservedValue);
        Assert.Equal(5, gate.Metrics[0].SampleSize);
        Assert.Contains("1 rolled back within 1d", gate.Metrics[0].Explanation, StringComparison.Ordinal);
    }

    [Fact]
    public void TimeToDeploy_WhenATypeIsGiven_ShouldOnlyCountThatType()
    {
        // Given
        WriteChanges();

        // When
        var gate = _harness.Evaluate("'TimeToDeploy(Days(30), type: ChangeType.Prompt)'", "max: 1d");

        // Then: only c2 and c3 are prompt changes; nearest-rank median of [2h, 3h] is 2h.
        Assert.Equal(TimeSpan.FromHours(2).TotalSeconds, gate.ObservedValue);
        Assert.Equal(["c3", "c2"], gate.Metrics[0].FailingRecords.ToArray());
    }

    [Fact]
    public void TimeToDeploy_WhenNoChangeIsKnownSafe_ShouldBeInsufficient()
    {
        // Given: one rolled back within the safety window, one deployed yesterday.
        _harness.Write(
            "changes",
            Change("c1", "model", approvedDaysAgo: 5, hours: 1, rolledBackDaysAgo: 4),
            Change("c2", "model", approvedDaysAgo: 1, hours: 1, rolledBackDaysAgo: null));

        // When
        var gate = _harness.Evaluate("TimeToDeploy()", "max: 1d");

        // Then
        Assert.Equal(GateStatus.InsufficientEvidence, gate.Status);
        Assert.Contains("1 rolled back within 7d", gate.Explanation, StringComparison.Ordinal);
        Assert.Contains("1 deployed less than 7d ago", gate.Explanation, StringComparison.Ordinal);
    }

    [Fact]
    public void TimeToDeploy_WhenNoEvidenceIsSupplied_ShouldBeInsufficient()
    {
        // When
        var gate = _harness.Evaluate("TimeToDeploy()", "max: 1d");

        // Then
        Assert.Equal(GateStatus.InsufficientEvidence, gate.Status);
        Assert.Contains("changes", gate.Explanation, StringComparison.Ordinal);
    }

    private static string Change(string id, string type, double approvedDaysAgo, double? hours, double? rolledBackDaysAgo)
    {
        var approved = Now.AddDays(-approvedDaysAgo);
        var deployed = hours is { } h ? $", \"deployedAt\": {At(approved.AddHours(h))}" : string.Empty;
        var rolledBack = rolledBackDaysAgo is { } r ? $"true, \"rolledBackAt\": {At(Now.AddDays(-r))}" : "false";
        return $$"""{"id": "{{id}}", "type": "{{type}}", "approvedAt": {{At(approved)}}{{deployed}}, "rolledBack": {{rolledBack}}}""";
    }

    private void WriteChanges() => _harness.Write(
        "changes",
        Change("c1", "model", approvedDaysAgo: 20, hours: 1, rolledBackDaysAgo: null),
        Change("c2", "prompt", approvedDaysAgo: 19, hours: 2, rolledBackDaysAgo: null),
        Change("c3", "prompt", approvedDaysAgo: 18, hours: 3, rolledBackDaysAgo: null),
        Change("c4", "policy", approvedDaysAgo: 17, hours: 4, rolledBackDaysAgo: 7),
        Change("c5", "model", approvedDaysAgo: 16, hours: 0, rolledBackDaysAgo: 15),
        Change("c6", "pipeline", approvedDaysAgo: 2, hours: 5, rolledBackDaysAgo: null),
        Change("c7", "model", approvedDaysAgo: 40, hours: 1, rolledBackDaysAgo: null),
        Change("c8", "model", approvedDaysAgo: 3, hours: null, rolledBackDaysAgo: null));
}
