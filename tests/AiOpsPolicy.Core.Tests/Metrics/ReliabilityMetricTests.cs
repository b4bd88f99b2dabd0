// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using AiOpsPolicy.Core.Metrics;
using AiOpsPolicy.Core.Results;
using static AiOpsPolicy.Core.Tests.TestClock;

namespace AiOpsPolicy.Core.Tests.Metrics;

public sealed class ReliabilityMetricTests : IDisposable
{
    private readonly PolicyHarness _harness = new();

    public void Dispose() => _harness.Dispose();

    [Fact]
    public void SlaAttainment_WhenRunsMissTimeOrQuality_ShouldCountOnlyRunsMeetingBoth()
    {
        // Given: r1 met 1h and ok; r2 took 90m; r3 was not ok; r4 ended before the window; s1 is a step run.
        _harness.Write(
            "workflow-runs",
            WorkflowRun("r1", null, 24, 30, "ok"),
            WorkflowRun("r2", null, 24, 90, "ok"),
            WorkflowRun("r3", null, 24, 20, "manual-review-needed"),
            WorkflowRun("r4", null, 240, 10, "ok"),
            WorkflowRun("s1", "inference", 24, 1, "ok"));

        // When
        var gate = _harness.Evaluate("SlaAttainment(\"triage\")", "min: 30%");

        // Then
        Assert.Equal(GateStatus.Pass, gate.Status);
        Assert.Equal(1.0 / 3, gate.ObservedValue);
        var metric = Assert.Single(gate.Metrics);
        Assert.Equal((1d, 3d), (metric.Numerator, metric.Denominator));
        Assert.Equal(["r2", "r3"], metric.FailingRecords.ToArray());
    }

    [Fact]
    public void SlaAttainment_WhenAStepIsGiven_ShouldUseTheStepsTarget()
    {
        // Given: the inference step's SLA is 30s; s1 took 10s, s2 40s.
        _harness.Write(
            "workflow-runs",
            WorkflowRun("s1", "inference", 24, 10.0 / 60, "ok"),
            WorkflowRun("s2", "inference", 24, 40.0 / 60, "ok"),
            WorkflowRun("r1", null, 24, 30, "ok"));

        // When
        var gate = _harness.Evaluate("SlaAttainment(\"triage\", \"inference\")", "min: 95%");

        // Then
        Assert.Equal(GateStatus.Fail, gate.Status);
        Assert.Equal(0.5, gate.ObservedValue);
        Assert.Equal(["s2"], gate.Metrics[0].FailingRecords.ToArray());
    }

    [Fact]
    public void SlaAttainment_WhenNoRunEndedInTheWindow_ShouldBeInsufficientNotFull()
    {
        // Given
        _harness.Write("workflow-runs", WorkflowRun("r1", null, 240, 30, "ok"));

        // When
        var gate = _harness.Evaluate("SlaAttainment(\"triage\")", "min: 30%");

        // Then
        Assert.Equal(GateStatus.InsufficientEvidence, gate.Status);
        Assert.Null(gate.ObservedValue);
    }

    [Fact]
    public void IncidentRate_WhenSomeIncidentsDoNotRequireAChange_ShouldCountOnlyChangeCausesPerThousand()
    {
        // Given: only i1 counts (i2 is a vendor outage, i3 needed no change, i4 is before the window); 5,000 transactions in the window.
        _harness.Write(
            "incidents",
            Incident("i1", 24, diagnosed: null, recovered: null, cause: "model", requiredChange: true),
            Incident("i2", 24, diagnosed: null, recovered: null, cause: "vendor-outage", requiredChange: true),
            Incident("i3", 24, diagnosed: null, recovered: null, cause: "prompt", requiredChange: false),
            Incident("i4", 240, diagnosed: null, recovered: null, cause: "data-pipeline", requiredChange: true));
        _harness.Write("transactions", Transactions(48, 2000), Transactions(24, 3000), Transactions(400, 9000));

        // When
        var gate = _harness.Evaluate("IncidentRate()", "max: 0.5");

        // Then
        Assert.Equal(GateStatus.Pass, gate.Status);
        Assert.Equal(0.2, gate.ObservedValue);
        var metric = Assert.Single(gate.Metrics);
        Assert.Equal((1d, 5000d), (metric.Numerator, metric.Denominator));
        Assert.Equal(["i1"], metric.FailingRecords.ToArray());
    }

    [Fact]
    public void IncidentRate_WhenThereAreNoTransactions_ShouldBeInsufficientNotZero()
    {
        // Given
        _harness.Write("incidents", Incident("i1", 24, diagnosed: null, recovered: null, cause: "model", requiredChange: true));
        _harness.Write("transactions", Transactions(24, 0));

        // When
        var gate = _harness.Evaluate("IncidentRate()", "max: 0.5");

        // Then
        Assert.Equal(GateStatus.InsufficientEvidence, gate.Status);
        Assert.Contains("no rate per 1,000", gate.Explanation, StringComparison.Ordinal);
    }

    [Fact]
    public void IncidentRate_WhenNoTransactionsEvidenceIsSupplied_ShouldBeInsufficient()
    {
        // Given
        _harness.Write("incidents", Incident("i1", 24, diagnosed: null, recovered: null, cause: "model", requiredChange: true));

        // When
        var gate = _harness.Evaluate("IncidentRate()", "max: 0.5");

        // Then
        Assert.Equal(GateStatus.InsufficientEvidence, gate.Status);
        Assert.Contains("transactions", gate.Explanation, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("TimeToRecover()", 150)]
    [InlineData("MeanTimeToRecover()", 150)]
    [InlineData("'TimeToRecover(aggregation: Aggregation.Median)'", 120)]
    [InlineData("'TimeToRecover(aggregation: Aggregation.P90)'", 240)]
    [InlineData("'TimeToRecover(aggregation: Aggregation.Max)'", 240)]
    [InlineData("TimeToDiagnose()", 20)]
    [InlineData("'TimeToDiagnose(aggregation: Aggregation.Max)'", 30)]
    [InlineData("TimeToFix()", 100)]
    [InlineData("'TimeToFix(aggregation: Aggregation.Median)'", 100)]
    public void RecoveryTime_WhenIncidentsRecovered_ShouldAggregateTheirDurations(string measure, double minutes)
    {
        // Given: recovered after 1h, 2h, 3h and 4h; diagnosed after 10m, 20m, 30m and (i4) never; i5 is still open.
        WriteRecoveries();

        // When
        var gate = _harness.Evaluate(measure, "max: 1d");

        // Then
        Assert.Equal(GateStatus.Pass, gate.Status);
        Assert.Equal(TimeSpan.FromMinutes(minutes).TotalSeconds, gate.ObservedValue);
    }

    [Fact]
    public void TimeToRecover_WhenAnIncidentIsOpen_ShouldLeaveItOutAndCountIt()
    {
        // Given
        WriteRecoveries();

        // When
        var gate = _harness.Evaluate("TimeToRecover()", "max: 1d");

        // Then
        var metric = Assert.Single(gate.Metrics);
        Assert.Equal(4, metric.SampleSize);
        Assert.Equal(["i4", "i3", "i2", "i1"], metric.FailingRecords.ToArray());
        Assert.Contains("1 still open (not counted)", metric.Explanation, StringComparison.Ordinal);
    }

    [Fact]
    public void TimeToDiagnose_WhenAnIncidentHasNoDiagnosisTime_ShouldLeaveItOutAndCountIt()
    {
        // Given
        WriteRecoveries();

        // When
        var gate = _harness.Evaluate("TimeToDiagnose()", "max: 1d");

        // Then
        var metric = Assert.Single(gate.Metrics);
        Assert.Equal(3, metric.SampleSize);
        Assert.Contains("1 with no diagnosis time (not counted)", metric.Explanation, StringComparison.Ordinal);
        Assert.Contains("1 still open (not counted)", metric.Explanation, StringComparison.Ordinal);
    }

    [Fact]
    public void TimeToRecover_WhenEveryIncidentIsOpen_ShouldBeInsufficient()
    {
        // Given
        _harness.Write("incidents", Incident("i1", 5, diagnosed: 1, recovered: null, cause: "model", requiredChange: true));

        // When
        var gate = _harness.Evaluate("TimeToRecover()", "max: 1d");

        // Then
        Assert.Equal(GateStatus.InsufficientEvidence, gate.Status);
        Assert.Contains("1 still open", gate.Explanation, StringComparison.Ordinal);
    }

    [Fact]
    public void TimeToRecover_WhenNoEvidenceIsSupplied_ShouldBeInsufficient()
    {
        // When
        var gate = _harness.Evaluate("TimeToRecover()", "max: 1d");

        // Then
        Assert.Equal(GateStatus.InsufficientEvidence, gate.Status);
        Assert.Contains("incidents", gate.Explanation, StringComparison.Ordinal);
    }

    [Fact]
    public void Apply_WhenGivenFourDurations_ShouldUseNearestRank()
    {
        // Given: 1h, 2h, 3h, 4h in hours, out of order.
        List<double> Values() => [3, 1, 4, 2];

        // When / Then: median is rank ceil(0.5 x 4) = 2, p90 rank ceil(0.9 x 4) = 4, p25 rank 1.
        Assert.Equal(2, Aggregation.Median.Apply(Values()));
        Assert.Equal(4, Aggregation.P90.Apply(Values()));
        Assert.Equal(4, Aggregation.P99.Apply(Values()));
        Assert.Equal(1, Aggregation.Percentile(25).Apply(Values()));
        Assert.Equal(2.5, Aggregation.Mean.Apply(Values()));
        Assert.Equal(4, Aggregation.Max.Apply(Values()));
    }

    [Fact]
    public void Apply_WhenGivenOneValue_ShouldReturnItForEveryAggregation()
    {
        // Given
        List<double> single = [7];

        // When / Then
        Assert.Equal(7, Aggregation.Median.Apply(single));
        Assert.Equal(7, Aggregation.P90.Apply(single));
        Assert.Equal(7, Aggregation.Mean.Apply(single));
    }

    [Fact]
    public void Apply_WhenGivenNothing_ShouldThrowNotReturnZero()
    {
        // When / Then
        Assert.Throws<ArgumentException>(() => Aggregation.Median.Apply([]));
        Assert.Throws<ArgumentOutOfRangeException>(() => Aggregation.Percentile(0));
        Assert.Throws<ArgumentOutOfRangeException>(() => Aggregation.Percentile(101));
    }

    [Fact]
    public void ToString_WhenAggregationIsNamed_ShouldReadAsAWord()
    {
        // When / Then
        Assert.Equal("median", Aggregation.Median.ToString());
        Assert.Equal("p90", Aggregation.P90.ToString());
        Assert.Equal("p99.5", Aggregation.Percentile(99.5).ToString());
        Assert.Equal("mean", Aggregation.Mean.ToString());
        Assert.Equal("max", Aggregation.Max.ToString());
    }

    private static string WorkflowRun(string id, string? step, double endedHoursAgo, double minutes, string outcome)
    {
        var ended = Now.AddHours(-endedHoursAgo);
        var stepField = step is null ? string.Empty : $", \"step\": \"{step}\"";
        return $$"""{"id": "{{id}}", "workflow": "triage"{{stepField}}, "startedAt": {{At(ended.AddMinutes(-minutes))}}, "endedAt": {{At(ended)}}, "outcome": "{{outcome}}"}""";
    }

    private static string Incident(string id, double detectedHoursAgo, double? diagnosed, double? recovered, string cause, bool requiredChange)
    {
        var detected = Now.AddHours(-detectedHoursAgo);
        var diagnosedField = diagnosed is { } d ? $", \"diagnosedAt\": {At(detected.AddMinutes(d))}" : string.Empty;
        var recoveredField = recovered is { } r ? $", \"recoveredAt\": {At(detected.AddMinutes(r))}" : string.Empty;
        return $$"""{"id": "{{id}}", "workflow": "triage", "openedAt": {{At(detected)}}, "detectedAt": {{At(detected)}}{{diagnosedField}}{{recoveredField}}, "cause": "{{cause}}", "requiredChange": {{(requiredChange ? "true" : "false")}}}""";
    }

    private static string Transactions(double startedHoursAgo, long count) =>
        $$"""{"workflow": "triage", "periodStart": {{HoursAgo(startedHoursAgo)}}, "periodEnd": {{HoursAgo(startedHoursAgo - 12)}}, "count": {{count}}}""";

    private void WriteRecoveries() => _harness.Write(
        "incidents",
        Incident("i1", 100, diagnosed: 10, recovered: 60, cause: "model", requiredChange: true),
        Incident("i2", 90, diagnosed: 20, recovered: 120, cause: "prompt", requiredChange: true),
        Incident("i3", 80, diagnosed: 30, recovered: 180, cause: "model", requiredChange: true),
        Incident("i4", 70, diagnosed: null, recovered: 240, cause: "other", requiredChange: false),
        Incident("i5", 10, diagnosed: 5, recovered: null, cause: "model", requiredChange: true),
        Incident("i6", 400, diagnosed: 1, recovered: 1000, cause: "model", requiredChange: true));
}
