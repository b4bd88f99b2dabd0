// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using AiOpsPolicy.Core.Results;
using static AiOpsPolicy.Core.Tests.Metrics.MetricRecords;

namespace AiOpsPolicy.Core.Tests.Metrics;

public sealed class MonitoringCadenceTests : IDisposable
{
    private readonly PolicyHarness _harness = new();

    public void Dispose() => _harness.Dispose();

    [Fact]
    public void MonitoringGap_WhenTwoModelsAreChecked_ShouldTakeTheNearestRankMedianOfAllGapsIncludingTrailingOnes()
    {
        // Given: fraud gaps 24h, 24h and 24h to now; churn gaps 60h and 40h to now. Sorted: 24, 24, 24, 40, 60.
        WriteTwoModels();

        // When
        var gate = _harness.Evaluate("MonitoringGap()", "max: 1d");

        // Then
        Assert.Equal(GateStatus.Pass, gate.Status);
        Assert.Equal(TimeSpan.FromHours(24).TotalSeconds, gate.ObservedValue);
        var metric = Assert.Single(gate.Metrics);
        Assert.Equal(5, metric.SampleSize);
        Assert.Equal(["churn/drift", "fraud/drift"], metric.FailingRecords.ToArray());
        Assert.Contains("2 series and 5 gap(s)", metric.Explanation, StringComparison.Ordinal);
        Assert.Contains("worst gap 2d 12h (churn/drift)", metric.Explanation, StringComparison.Ordinal);
    }

    [Fact]
    public void MonitoringGap_WhenAggregationIsMax_ShouldReportTheWorstGapAndFail()
    {
        // Given
        WriteTwoModels();

        // When
        var gate = _harness.Evaluate("'MonitoringGap(aggregation: Aggregation.Max)'", "max: 2d");

        // Then
        Assert.Equal(GateStatus.Fail, gate.Status);
        Assert.Equal(TimeSpan.FromHours(60).TotalSeconds, gate.ObservedValue);
    }

    [Fact]
    public void MonitoringGap_WhenAMonitorStopped_ShouldCountTheTimeSinceItsLastCheck()
    {
        // Given: checks 10h apart, then nothing for the last 140h.
        _harness.Write("monitoring-checks", MonitoringCheck("fraud", "drift", 160), MonitoringCheck("fraud", "drift", 150), MonitoringCheck("fraud", "drift", 140));

        // When
        var max = _harness.Evaluate("'MonitoringGap(aggregation: Aggregation.Max)'", "max: 1d");
        var median = _harness.Evaluate("MonitoringGap()", "max: 1d");

        // Then
        Assert.Equal(GateStatus.Fail, max.Status);
        Assert.Equal(TimeSpan.FromHours(140).TotalSeconds, max.ObservedValue);
        Assert.Contains("since its last check", max.Metrics[0].Explanation, StringComparison.Ordinal);
        Assert.Equal(TimeSpan.FromHours(10).TotalSeconds, median.ObservedValue);
    }

    [Fact]
    public void MonitoringGap_WhenModelAndTypeAreGiven_ShouldOnlyWalkThatSeries()
    {
        // Given: fraud bias gaps 20h and 10h to now; the other series are left out.
        _harness.Write(
            "monitoring-checks",
            MonitoringCheck("fraud", "bias", 30),
            MonitoringCheck("fraud", "bias", 10),
            MonitoringCheck("fraud", "drift", 100),
            MonitoringCheck("fraud", "drift", 5),
            MonitoringCheck("churn", "bias", 150));

        // When
        var gate = _harness.Evaluate("MonitoringGap(\"fraud\", MonitoringType.Bias)", "max: 1d");

        // Then: the median of [10h, 20h] at nearest rank is 10h.
        Assert.Equal(TimeSpan.FromHours(10).TotalSeconds, gate.ObservedValue);
        Assert.Equal(2, gate.Metrics[0].SampleSize);
        Assert.Equal(["fraud/bias"], gate.Metrics[0].FailingRecords.ToArray());
    }

    [Fact]
    public void MonitoringGap_WhenChecksAreOutsideTheWindow_ShouldIgnoreThem()
    {
        // Given: only the check 20h ago is in the last 7 days.
        _harness.Write("monitoring-checks", MonitoringCheck("fraud", "drift", 200), MonitoringCheck("fraud", "drift", 20));

        // When
        var gate = _harness.Evaluate("MonitoringGap()", "max: 1d");

        // Then
        Assert.Equal(TimeSpan.FromHours(20).TotalSeconds, gate.ObservedValue);
        Assert.Equal(1, gate.Metrics[0].SampleSize);
    }

    [Fact]
    public void MonitoringGap_WhenTheWindowIsAnEarlierPeriod_ShouldRunTheTrailingGapToThatWindowsEnd()
    {
        // Given: the previous 7 days end 168h ago; checks 200h and 180h ago give 20h, then 12h to the window's end.
        _harness.Write("monitoring-checks", MonitoringCheck("fraud", "drift", 200), MonitoringCheck("fraud", "drift", 180), MonitoringCheck("fraud", "drift", 5));

        // When
        var gate = _harness.Evaluate("'MonitoringGap(window: DefaultWindow.Previous(), aggregation: Aggregation.Max)'", "max: 1d");

        // Then
        Assert.Equal(TimeSpan.FromHours(20).TotalSeconds, gate.ObservedValue);
        Assert.Equal(2, gate.Metrics[0].SampleSize);
    }

    [Fact]
    public void MonitoringGap_WhenNoCheckRanInTheWindow_ShouldBeInsufficient()
    {
        // Given
        _harness.Write("monitoring-checks", MonitoringCheck("fraud", "drift", 500));

        // When
        var gate = _harness.Evaluate("MonitoringGap()", "max: 1d");

        // Then
        Assert.Equal(GateStatus.InsufficientEvidence, gate.Status);
        Assert.Null(gate.ObservedValue);
        Assert.Contains("no drift or bias checks ran", gate.Explanation, StringComparison.Ordinal);
    }

    [Fact]
    public void MonitoringGap_WhenNoEvidenceIsSupplied_ShouldBeInsufficient()
    {
        // When
        var gate = _harness.Evaluate("MonitoringGap()", "max: 1d");

        // Then
        Assert.Equal(GateStatus.InsufficientEvidence, gate.Status);
        Assert.Contains("monitoring-checks", gate.Explanation, StringComparison.Ordinal);
    }

    private void WriteTwoModels() => _harness.Write(
        "monitoring-checks",
        MonitoringCheck("fraud", "drift", 48),
        MonitoringCheck("fraud", "drift", 72),
        MonitoringCheck("fraud", "drift", 24),
        MonitoringCheck("churn", "drift", 100),
        MonitoringCheck("churn", "drift", 40));
}
