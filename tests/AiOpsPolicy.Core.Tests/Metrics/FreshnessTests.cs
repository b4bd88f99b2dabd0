// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using AiOpsPolicy.Core.Results;

namespace AiOpsPolicy.Core.Tests.Metrics;

public sealed class FreshnessTests
{
    private static readonly string[] Declarations = [MetricFixtures.TriageWorkflow];

    [Fact]
    public void Freshness_WhenStageIsGiven_ShouldBeTheMedianLagOfThatStageInTheWindow()
    {
        // Given: three source-to-pipeline lags in the window (1m, 5m, 20m); another stage, another
        // dataset and a measurement from 10 days ago are not counted.
        var evidence = Measurements(
            ("tickets", "source-to-pipeline", 1, 60),
            ("tickets", "source-to-pipeline", 2, 300),
            ("tickets", "source-to-pipeline", 3, 1200),
            ("tickets", "pipeline-to-feature-store", 1, 5000),
            ("orders", "source-to-pipeline", 1, 9000),
            ("tickets", "source-to-pipeline", 10, 9000));

        // When
        var gate = MetricFixtures.Gate(Declarations, "  measure: 'Freshness(\"tickets\", stage: FreshnessStage.SourceToPipeline)'\n  bound:\n    max: 15m", evidence);

        // Then
        Assert.Equal(GateStatus.Pass, gate.Status);
        Assert.Equal(300, gate.ObservedValue);
        var metric = Assert.Single(gate.Metrics);
        Assert.Equal("Freshness(tickets, source-to-pipeline, median)", metric.Metric);
        Assert.Equal(3, metric.SampleSize);
    }

    [Fact]
    public void Freshness_WhenNoStageAndMaxAggregation_ShouldBeTheWorstLagOfEveryStageInTheWindow()
    {
        // Given: the 9000s lag is 10 days old, outside the 7-day window.
        var evidence = Measurements(
            ("tickets", "source-to-pipeline", 1, 60),
            ("tickets", "pipeline-to-feature-store", 2, 5000),
            ("tickets", "feature-store-to-dashboard", 3, 600),
            ("tickets", "source-to-pipeline", 10, 9000));

        // When
        var gate = MetricFixtures.Gate(Declarations, "  measure: 'Freshness(\"tickets\", aggregation: Aggregation.Max)'\n  bound:\n    max: 1h", evidence);

        // Then
        Assert.Equal(GateStatus.Fail, gate.Status);
        Assert.Equal(5000, gate.ObservedValue);
        Assert.Equal(3, Assert.Single(gate.Metrics).SampleSize);
    }

    [Fact]
    public void StaleShare_WhenSomeLagsAreOverTheTarget_ShouldCountOnlyThoseStrictlyOver()
    {
        // Given: four lags in the window; 20m and 2h are over 15m, exactly 15m is not.
        var evidence = Measurements(
            ("tickets", "source-to-pipeline", 1, 60),
            ("tickets", "source-to-pipeline", 2, 900),
            ("tickets", "source-to-pipeline", 3, 1200),
            ("tickets", "pipeline-to-feature-store", 4, 7200),
            ("tickets", "source-to-pipeline", 12, 7200));

        // When
        var gate = MetricFixtures.Gate(Declarations, "  measure: StaleShare(\"tickets\", Minutes(15))\n  bound:\n    max: 10%", evidence);

        // Then
        Assert.Equal(GateStatus.Fail, gate.Status);
        Assert.Equal(0.5, gate.ObservedValue);
        var metric = Assert.Single(gate.Metrics);
        Assert.Equal((2d, 4d), (metric.Numerator, metric.Denominator));
        Assert.Equal(2, metric.FailingRecords.Length);
        Assert.All(metric.FailingRecords, key => Assert.StartsWith("tickets/", key, StringComparison.Ordinal));
    }

    [Fact]
    public void StaleShare_WhenStageIsGiven_ShouldCountOnlyThatStage()
    {
        // Given: one of three source-to-pipeline lags is over 15m; the feature-store lag is not counted.
        var evidence = Measurements(
            ("tickets", "source-to-pipeline", 1, 60),
            ("tickets", "source-to-pipeline", 2, 300),
            ("tickets", "source-to-pipeline", 3, 1200),
            ("tickets", "pipeline-to-feature-store", 4, 7200));

        // When
        var gate = MetricFixtures.Gate(Declarations, "  measure: 'StaleShare(\"tickets\", Minutes(15), stage: FreshnessStage.SourceToPipeline)'\n  bound:\n    max: 50%", evidence);

        // Then
        Assert.Equal(GateStatus.Pass, gate.Status);
        Assert.Equal(1.0 / 3, gate.ObservedValue!.Value, 9);
        var metric = Assert.Single(gate.Metrics);
        Assert.Equal((1d, 3d), (metric.Numerator, metric.Denominator));
        Assert.Equal("StaleShare(tickets, source-to-pipeline, >15m)", metric.Metric);
    }

    [Fact]
    public void Freshness_WhenTheDatasetHasNoMeasurement_ShouldBeInsufficientNotZero()
    {
        // Given
        var evidence = Measurements(("orders", "source-to-pipeline", 1, 60));

        // When
        var gate = MetricFixtures.Gate(Declarations, "  measure: Freshness(\"tickets\")\n  bound:\n    max: 15m", evidence);

        // Then
        Assert.Equal(GateStatus.InsufficientEvidence, gate.Status);
        Assert.Contains("no tickets lag measurements", gate.Explanation, StringComparison.Ordinal);
    }

    [Fact]
    public void StaleShare_WhenEveryMeasurementIsOutsideTheWindow_ShouldBeInsufficientNotZeroPercent()
    {
        // Given
        var evidence = Measurements(("tickets", "source-to-pipeline", 8, 7200), ("tickets", "source-to-pipeline", 20, 60));

        // When
        var gate = MetricFixtures.Gate(Declarations, "  measure: StaleShare(\"tickets\", Minutes(15))\n  bound:\n    max: 10%", evidence);

        // Then
        Assert.Equal(GateStatus.InsufficientEvidence, gate.Status);
        Assert.Null(gate.ObservedValue);
    }

    [Fact]
    public void Freshness_WhenNoFreshnessEvidenceIsLoaded_ShouldBeInsufficient()
    {
        // When
        var gate = MetricFixtures.Gate(Declarations, "  measure: Freshness(\"tickets\")\n  bound:\n    max: 15m");

        // Then
        Assert.Equal(GateStatus.InsufficientEvidence, gate.Status);
    }

    private static (string FileName, string Content) Measurements(params (string Dataset, string Stage, double DaysAgo, int LagSeconds)[] measurements) =>
        MetricFixtures.Envelope("freshness", [.. measurements.Select(m => $$"""{"dataset": "{{m.Dataset}}", "stage": "{{m.Stage}}", "measuredAt": "{{TestClock.Ago(m.DaysAgo)}}", "lag": {{m.LagSeconds}}}""")]);
}
