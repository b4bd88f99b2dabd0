// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using AiOpsPolicy.Core.Results;

namespace AiOpsPolicy.Core.Tests.Metrics;

/// <summary>
/// Metrics computed together in one pass (the compiled plan's prefetch) that need each other while they complete:
/// a rubric check that calls a metric the same plan computes gets that metric's value, not a false "depends on
/// itself"; a rubric that really asks for its own scorecard still gets that error.
/// </summary>
public sealed class MetricEngineBatchTests
{
    private const string Runs = """{"id": "r1", "workflow": "ticket-triage", "startedAt": "2026-11-27T10:00:00Z", "endedAt": "2026-11-27T10:10:00Z", "outcome": "ok"}""";

    private const string Evaluation = """{"model": "m", "version": "1.0.0", "evaluatedAt": "2026-11-27T10:00:00Z", "explainability": "local", "safety": {"toxicity": true}}""";

    [Fact]
    public void Evaluate_WhenARubricCheckCallsAMetricThatThePlanComputesInTheSameBatch_ShouldUseItsValue()
    {
        // Given: the scorecard gate comes first, so the scorecard completes before the SLA attainment it asks for.
        var documents = new[]
        {
            MetricFixtures.TriageWorkflow,
            Rubric("sla-aware", "SlaAttainment(\"ticket-triage\", null, Days(7)) >= 0.5"),
            TestPolicies.Gate("scorecard", "  measure: RaiScorecard(\"sla-aware\")\n  bound:\n    min: 100%"),
            TestPolicies.Gate("sla", "  measure: SlaAttainment(\"ticket-triage\", null, Days(7))\n  bound:\n    min: 50%"),
        };

        // When
        var result = MetricFixtures.Evaluate(documents, [MetricFixtures.Envelope("workflow-runs", Runs), MetricFixtures.Envelope("model-evaluations", Evaluation)]);

        // Then
        var scorecard = result.Gates.Single(g => g.Gate == "scorecard");
        Assert.True(scorecard.Status == GateStatus.Pass, scorecard.Explanation);
        Assert.Equal(GateStatus.Pass, result.Gates.Single(g => g.Gate == "sla").Status);
    }

    [Fact]
    public void Evaluate_WhenARubricCheckAsksForItsOwnScorecard_ShouldReportTheCycle()
    {
        // Given
        var documents = new[]
        {
            Rubric("self", "RaiScorecard(\"self\") >= 0"),
            TestPolicies.Gate("scorecard", "  measure: RaiScorecard(\"self\")\n  bound:\n    min: 100%"),
        };

        // When
        var result = MetricFixtures.Evaluate(documents, [MetricFixtures.Envelope("model-evaluations", Evaluation)]);

        // Then
        var scorecard = Assert.Single(result.Gates);
        Assert.Equal(GateStatus.Error, scorecard.Status);
        Assert.Contains("depends on itself", scorecard.Explanation, StringComparison.Ordinal);
    }

    private static string Rubric(string name, string predicate) => $"""
        apiVersion: aiops-policy/v1
        kind: Rubric
        metadata:
          name: {name}
        spec:
          checks:
            - name: check
              category: safety
              predicate: {predicate}
        """;
}
