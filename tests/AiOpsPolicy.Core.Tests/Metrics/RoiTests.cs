// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using AiOpsPolicy.Core.Results;
using static AiOpsPolicy.Core.Tests.Metrics.MetricRecords;

namespace AiOpsPolicy.Core.Tests.Metrics;

public sealed class RoiTests
{
    private const string BillingWorkflow = """
        apiVersion: aiops-policy/v1
        kind: Workflow
        metadata:
          name: billing
        spec:
          systems: [erp]
          steps:
            - name: match
              system: erp
        """;

    private static readonly string[] Declarations = [MetricFixtures.TriageWorkflow, BillingWorkflow];

    [Fact]
    public void Roi_WhenBenefitsAndCostsAreInTheWindow_ShouldBeNetOverCostsWithTheAssumptions()
    {
        // Given: benefits 20,000 + 10,000 and costs 10,000 + 2,000 in the window: (30,000 - 12,000) / 12,000 = 150%.
        // A huge benefit from 30 days ago and a billing cost are not counted.
        var evidence = Lines(
            ValueLine("b1", "ticket-triage", "benefit", 20000, "USD", 2, """{"volume": "2000", "wageRate": "45"}"""),
            ValueLine("b2", "ticket-triage", "benefit", 10000, "USD", 3),
            ValueLine("c1", "ticket-triage", "cost", 10000, "USD", 2, """{"licences": "5 seats"}"""),
            ValueLine("c2", "ticket-triage", "cost", 2000, "USD", 4),
            ValueLine("old", "ticket-triage", "benefit", 1000000, "USD", 30),
            ValueLine("other", "billing", "cost", 500, "USD", 2));

        // When
        var gate = MetricFixtures.Gate(Declarations, "  measure: Roi(\"ticket-triage\")\n  bound:\n    min: 100%", evidence);

        // Then
        Assert.Equal(GateStatus.Pass, gate.Status);
        Assert.Equal(1.5, gate.ObservedValue!.Value, 9);
        var metric = Assert.Single(gate.Metrics);
        Assert.Equal((18000d, 12000d), (metric.Numerator, metric.Denominator));
        Assert.Equal(4, metric.SampleSize);
        Assert.Equal(["b1: volume=2000", "b1: wageRate=45", "c1: licences=5 seats"], metric.Assumptions.ToArray());
        Assert.Contains("3 stated assumption(s)", metric.Explanation, StringComparison.Ordinal);
    }

    [Fact]
    public void Roi_WhenNoWorkflowIsGiven_ShouldAddEveryWorkflowsLines()
    {
        // Given: (30,000 - 12,500) / 12,500 = 140%.
        var evidence = Lines(
            ValueLine("b1", "ticket-triage", "benefit", 30000, "USD", 2),
            ValueLine("c1", "ticket-triage", "cost", 12000, "USD", 2),
            ValueLine("c2", "billing", "cost", 500, "USD", 2));

        // When
        var gate = MetricFixtures.Gate(Declarations, "  measure: Roi()\n  bound:\n    min: 100%", evidence);

        // Then
        Assert.Equal(1.4, gate.ObservedValue!.Value, 9);
        Assert.Equal("Roi", Assert.Single(gate.Metrics).Metric);
    }

    [Fact]
    public void Roi_WhenCostsExceedBenefits_ShouldBeNegative()
    {
        // Given: (500 - 1,000) / 1,000 = -50%.
        var evidence = Lines(
            ValueLine("b1", "ticket-triage", "benefit", 500, "EUR", 1),
            ValueLine("c1", "ticket-triage", "cost", 1000, "EUR", 1));

        // When
        var gate = MetricFixtures.Gate(Declarations, "  measure: Roi(\"ticket-triage\")\n  bound:\n    min: 0%", evidence);

        // Then
        Assert.Equal(GateStatus.Fail, gate.Status);
        Assert.Equal(-0.5, gate.ObservedValue!.Value, 9);
    }

    [Fact]
    public void Roi_WhenNoCostIsRecorded_ShouldBeInsufficientBecauseRoiIsUndefined()
    {
        // Given: only benefits in the window; the cost is 60 days old.
        var evidence = Lines(
            ValueLine("b1", "ticket-triage", "benefit", 500, "USD", 1),
            ValueLine("c1", "ticket-triage", "cost", 100, "USD", 60));

        // When
        var gate = MetricFixtures.Gate(Declarations, "  measure: Roi(\"ticket-triage\")\n  bound:\n    min: 0%", evidence);

        // Then
        Assert.Equal(GateStatus.InsufficientEvidence, gate.Status);
        Assert.Contains("ROI is undefined", gate.Explanation, StringComparison.Ordinal);
    }

    [Fact]
    public void Roi_WhenCurrenciesAreMixed_ShouldErrorNamingThem()
    {
        // Given
        var evidence = Lines(
            ValueLine("b1", "ticket-triage", "benefit", 500, "USD", 1),
            ValueLine("c1", "ticket-triage", "cost", 100, "EUR", 1));

        // When
        var gate = MetricFixtures.Gate(Declarations, "  measure: Roi(\"ticket-triage\")\n  bound:\n    min: 0%", evidence);

        // Then
        Assert.Equal(GateStatus.Error, gate.Status);
        Assert.Contains("EUR, USD", gate.Explanation, StringComparison.Ordinal);
    }

    [Fact]
    public void Roi_WhenNoValueLinesAreLoaded_ShouldBeInsufficient()
    {
        // When
        var gate = MetricFixtures.Gate(Declarations, "  measure: Roi()\n  bound:\n    min: 0%");

        // Then
        Assert.Equal(GateStatus.InsufficientEvidence, gate.Status);
    }

    private static (string FileName, string Content) Lines(params string[] lines) => MetricFixtures.Envelope("value-lines", lines);
}
