// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using AiOpsPolicy.Core.Tests.Metrics;

namespace AiOpsPolicy.Core.Tests.Compilation;

/// <summary>A bound's unit must fit its measure's: validation catches the mismatch and says how to fix it.</summary>
public sealed class BoundUnitTests
{
    [Theory]
    [InlineData("StaleShare(\"tickets\", Minutes(15))", "max: 5", "did you mean max: 5%?")]
    [InlineData("SlaAttainment(\"ticket-triage\")", "min: 95", "did you mean min: 95%?")]
    [InlineData("TimeToRecover()", "max: 4", "write the bound as a duration, such as max: 4h or max: 4m")]
    [InlineData("IncidentRate()", "max: 5%", "did you mean max: 5? It is a plain number, not a share")]
    [InlineData("Roi(\"ticket-triage\")", "min: 4h", "write the bound as a percentage, such as 95%")]
    public void Compile_WhenABoundsUnitDoesNotFitTheMetric_ShouldBeAnErrorWithTheFix(string measure, string bound, string fix)
    {
        // Given
        var gate = TestPolicies.Gate("g", $"  measure: '{measure}'\n  bound:\n    {bound}");

        // When
        var output = TestPolicies.Compile(MetricFixtures.TriageWorkflow, gate);

        // Then
        var diagnostic = Assert.Single(output.Diagnostics, d => d.IsError);
        Assert.Equal("AOP3003", diagnostic.Id);
        Assert.Contains(fix, diagnostic.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("StaleShare(\"tickets\", Minutes(15))", "max: 5%")]
    [InlineData("TimeToRecover()", "max: 4h")]
    [InlineData("IncidentRate()", "max: 5")]
    public void Compile_WhenTheBoundFitsTheMetric_ShouldHaveNoError(string measure, string bound)
    {
        // Given
        var gate = TestPolicies.Gate("g", $"  measure: '{measure}'\n  bound:\n    {bound}");

        // When
        var output = TestPolicies.Compile(MetricFixtures.TriageWorkflow, gate);

        // Then
        Assert.DoesNotContain(output.Diagnostics, d => d.IsError);
    }

    [Fact]
    public void Evaluate_WhenAPercentageReachesANumberBoundThroughAnExpression_ShouldErrorRatherThanPass()
    {
        // Given: 50% of the runs are late; a ternary hides the metric from the compiler's check.
        var runs = MetricFixtures.Envelope(
            "workflow-runs",
            $$"""{"id": "a", "workflow": "ticket-triage", "startedAt": "{{TestClock.Ago(1)}}", "endedAt": "{{TestClock.Now.AddDays(-1).AddMinutes(1):O}}", "outcome": "ok"}""",
            $$"""{"id": "b", "workflow": "ticket-triage", "startedAt": "{{TestClock.Ago(1)}}", "endedAt": "{{TestClock.Now.AddDays(-1).AddHours(3):O}}", "outcome": "ok"}""");

        // When
        var gate = MetricFixtures.Gate([MetricFixtures.TriageWorkflow], "  measure: 'true ? SlaAttainment(\"ticket-triage\") : SlaAttainment(\"ticket-triage\")'\n  bound:\n    max: 5", runs);

        // Then
        Assert.Equal(Results.GateStatus.Error, gate.Status);
        Assert.Contains("did you mean max: 5%?", gate.Explanation, StringComparison.Ordinal);
    }
}
