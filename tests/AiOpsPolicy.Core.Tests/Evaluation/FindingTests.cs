// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using System.Globalization;
using AiOpsPolicy.Core.Evaluation;
using AiOpsPolicy.Core.Metrics;
using AiOpsPolicy.Core.Results;
using AiOpsPolicy.Core.Units;
using static AiOpsPolicy.Core.Tests.TestClock;

namespace AiOpsPolicy.Core.Tests.Evaluation;

public sealed class FindingTests : IDisposable
{
    private const string SlaFell = """SlaAttainment("triage").Value < SlaAttainment("triage", window: Previous(Days(7))).Value""";
    private readonly PolicyHarness _harness = new();

    public FindingTests()
    {
        // This week one of two runs met the 1h SLA (50%); the week before, both did (100%).
        WriteRuns(("r1", 30, 1), ("r2", 90, 1), ("p1", 20, 8), ("p2", 40, 8));
    }

    public void Dispose() => _harness.Dispose();

    [Fact]
    public void Evaluate_WhenFindingHolds_ShouldReportItsMessageWithTheValuesAndNotBlock()
    {
        // Given
        var finding = Finding("sla-fell", SlaFell, """SLA attainment fell from {SlaAttainment("triage", window: Previous(Days(7)))} to {SlaAttainment("triage")} ({{week over week}})""");

        // When
        var result = Run(finding);

        // Then
        var found = Assert.Single(result.Findings);
        Assert.Equal(("sla-fell", FindingStatus.Found, "reliability", "sre"), (found.Name, found.Status, found.Group, found.Owner));
        Assert.Equal("SLA attainment fell from 100% to 50% ({week over week})", found.Message);
        Assert.False(result.Blocked);
    }

    [Fact]
    public void Evaluate_WhenFindingUsesPlannedMetrics_ShouldShareTheGatesPassOverTheEvidence()
    {
        // Given: a gate and a finding over the same kind; the finding's calls are in the one-pass plan.
        var gate = TestPolicies.Gate("sla", "  measure: SlaAttainment(\"triage\")\n  bound:\n    min: 10%");
        var finding = Finding("sla-fell", SlaFell, "SLA fell to {SlaAttainment(\"triage\", window: Previous(Days(14)))}");

        // When
        var result = Run(gate, finding);

        // Then
        Assert.Single(result.Findings);
        Assert.Equal(1, result.EvidencePasses);
    }

    [Fact]
    public void Evaluate_WhenFindingDoesNotHold_ShouldNotReportIt()
    {
        // Given
        var finding = Finding("sla-rose", SlaFell.Replace(" < ", " > ", StringComparison.Ordinal), "SLA rose");

        // When
        var result = Run(finding);

        // Then
        Assert.Empty(result.Findings);
    }

    [Fact]
    public void Evaluate_WhenFindingHasTooLittleEvidence_ShouldNotReportIt()
    {
        // Given: no incidents evidence at all.
        var finding = Finding("incidents", "IncidentRate().Value > 1", "Incidents are up");

        // When
        var result = Run(finding);

        // Then
        Assert.Empty(result.Findings);
    }

    [Fact]
    public void Evaluate_WhenFindingThrows_ShouldReportAnErrorWithItsLocationAndNotBlock()
    {
        // Given
        var gate = TestPolicies.Gate("fine", "  condition: Evidence.WorkflowRuns.Count == 4");
        var finding = Finding("broken", "1 / (Evidence.WorkflowRuns.Count - 4) > 0", "never written");

        // When
        var result = Run(gate, finding);

        // Then
        var error = Assert.Single(result.Findings);
        Assert.Equal(FindingStatus.Error, error.Status);
        Assert.Contains("The when of finding 'broken' threw DivideByZeroException", error.Message, StringComparison.Ordinal);
        Assert.NotNull(error.Location);
        Assert.True(error.Location.HasPosition);
        Assert.Equal(GateStatus.Pass, Assert.Single(result.Gates).Status);
        Assert.False(result.Blocked);
    }

    [Fact]
    public void Evaluate_WhenAPlaceholderThrows_ShouldReportAnErrorNamingThePlaceholder()
    {
        // Given
        var finding = Finding("broken-message", SlaFell, "fell by {1 / (Evidence.WorkflowRuns.Count - 4)} points");

        // When
        var result = Run(finding);

        // Then
        var error = Assert.Single(result.Findings);
        Assert.Equal(FindingStatus.Error, error.Status);
        Assert.Contains("placeholder 1 of the message of finding 'broken-message' threw DivideByZeroException", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Evaluate_WhenFindingRunsOverItsBudget_ShouldReportAnErrorNamingTheBudgetAndNotBlock()
    {
        // Given: a 300ms expression budget and a rule that would run for minutes.
        var manifest = """
            apiVersion: aiops-policy/v1
            kind: PolicySet
            metadata:
              name: budgets
            spec:
              budgets:
                gateTime: 300ms
            """;
        var finding = Finding("runaway", "Enumerable.Range(0, int.MaxValue).Select(i => i % 7).Count() > 0", "never written");

        // When
        var started = System.Diagnostics.Stopwatch.StartNew();
        var result = Run(manifest, finding);

        // Then
        var error = Assert.Single(result.Findings);
        Assert.Equal(FindingStatus.Error, error.Status);
        Assert.Contains("was stopped", error.Message, StringComparison.Ordinal);
        Assert.Contains("300ms", error.Message, StringComparison.Ordinal);
        Assert.False(result.Blocked);
        Assert.True(started.Elapsed < TimeSpan.FromSeconds(30), $"took {started.Elapsed}");
    }

    [Fact]
    public void FormatValue_WhateverTheCulture_ShouldWriteValuesInvariantlyInTheirUnit()
    {
        // Given: a culture that writes decimal commas and digit groups (the tests run without ICU, so it is built by hand).
        var previous = CultureInfo.CurrentCulture;
        var commas = (CultureInfo)CultureInfo.InvariantCulture.Clone();
        commas.NumberFormat.NumberDecimalSeparator = ",";
        commas.NumberFormat.NumberGroupSeparator = ".";
        commas.NumberFormat.PercentDecimalSeparator = ",";
        CultureInfo.CurrentCulture = commas;
        try
        {
            // When
            string[] texts =
            [
                GateEvaluator.FormatValue(TimeSpan.FromMinutes(90)),
                GateEvaluator.FormatValue(0.123456),
                GateEvaluator.FormatValue(1234.5),
                GateEvaluator.FormatValue(3),
                GateEvaluator.FormatValue(MetricValue.Of("SlaAttainment(triage)", QuantityKind.Percentage, 0.955, "x")),
                GateEvaluator.FormatValue(MetricValue.Of("TimeToRecover(triage, mean)", QuantityKind.Duration, 3432, "x")),
                GateEvaluator.FormatValue(MetricValue.Insufficient("IncidentRate()", QuantityKind.Number, "no incidents")),
                GateEvaluator.FormatValue(double.NaN),
                GateEvaluator.FormatValue(null),
                GateEvaluator.FormatValue(true),
            ];

            // Then
            Assert.Equal(["1h 30m", "0.123", "1234.5", "3", "95.5%", "57m 12s", "n/a", "n/a", "n/a", "true"], texts);
        }
        finally
        {
            CultureInfo.CurrentCulture = previous;
        }
    }

    private static string Finding(string name, string when, string message) => $"""
        apiVersion: aiops-policy/v1
        kind: Finding
        metadata:
          name: {name}
          owner: sre
        spec:
          group: reliability
          when: '{when.Replace("'", "''", StringComparison.Ordinal)}'
          message: '{message.Replace("'", "''", StringComparison.Ordinal)}'
        """;

    private GateRunResult Run(params string[] documents)
    {
        using var compiled = PolicyHarness.Compile([TestPolicies.Workflow, .. documents]);
        return _harness.Evaluate(compiled, evidenceErrorsAllowed: true);
    }

    private void WriteRuns(params (string Id, int Minutes, int DaysAgo)[] runs)
    {
        var lines = new List<string> { $$$"""{"$evidence": {"kind": "workflow-runs", "collectedAt": "{{{Now.AddHours(-1):O}}}"}}""" };
        lines.AddRange(runs.Select(r =>
        {
            var end = Now.AddDays(-r.DaysAgo);
            return $$"""{"id": "{{r.Id}}", "workflow": "triage", "startedAt": "{{end.AddMinutes(-r.Minutes):O}}", "endedAt": "{{end:O}}", "outcome": "ok"}""";
        }));
        _harness.WriteLines("runs.ndjson", lines);
    }
}
