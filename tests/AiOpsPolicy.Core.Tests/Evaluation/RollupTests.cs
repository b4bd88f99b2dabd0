// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using AiOpsPolicy.Core.Results;
using AiOpsPolicy.Core.Tests.Metrics;

namespace AiOpsPolicy.Core.Tests.Evaluation;

public sealed class RollupTests
{
    private const string SlaRollup = """
        apiVersion: aiops-policy/v1
        kind: Rollup
        metadata:
          name: sla
        spec:
          metric: SlaAttainment
          levels:
            organisation: ">= 80%"
            team: ">= 80%"
            workflow: ">= 90%"
            step: ">= 90%"
        """;

    private static readonly string[] SlaPolicies =
    [
        Workflow("triage", "team-a", withStep: true),
        Workflow("refunds", "team-a", withStep: false),
        Workflow("billing", "team-b", withStep: false),
        SlaRollup,
        TestPolicies.Gate("triage-sla", "  measure: SlaAttainment(\"triage\")\n  bound:\n    min: 90%"),
    ];

    [Fact]
    public void Evaluate_WhenRunsMissTheirSla_ShouldPoolEachLevelAndNameTheMemberThatPullsItDown()
    {
        // Given: triage 9/10, refunds 5/10, billing 4/4 whole runs; triage/inference 3/4 step runs
        var runs = MetricFixtures.Envelope("workflow-runs", [.. Runs("triage", null, 10, 9), .. Runs("refunds", null, 10, 5), .. Runs("billing", null, 4, 4), .. Runs("triage", "inference", 4, 3)]);

        // When
        var result = MetricFixtures.Evaluate(SlaPolicies, [runs]);

        // Then: levels finest first, entities by name, each a result of its own
        var byName = result.Gates.ToDictionary(g => g.Gate);
        Assert.Equal(
            ["triage-sla", "sla/step/triage/inference", "sla/workflow/billing", "sla/workflow/refunds", "sla/workflow/triage", "sla/team/team-a", "sla/team/team-b", "sla/organisation"],
            result.Gates.Select(g => g.Gate));
        Assert.Equal((GateStatus.Fail, 0.75), (byName["sla/step/triage/inference"].Status, byName["sla/step/triage/inference"].ObservedValue));
        Assert.Equal((GateStatus.Pass, 1.0), (byName["sla/workflow/billing"].Status, byName["sla/workflow/billing"].ObservedValue));
        Assert.Equal((GateStatus.Fail, 0.5), (byName["sla/workflow/refunds"].Status, byName["sla/workflow/refunds"].ObservedValue));

        // team-a pools runs: (9 + 5) / 20 = 70%, not the mean of 90% and 50%
        var teamA = byName["sla/team/team-a"];
        Assert.Equal(GateStatus.Fail, teamA.Status);
        Assert.Equal(0.7, teamA.ObservedValue);
        Assert.Equal((14.0, 20.0), (teamA.Metrics[0].Numerator, teamA.Metrics[0].Denominator));
        Assert.Contains("pulled down most by refunds: 50% (5/10), 90% without it", teamA.Explanation, StringComparison.Ordinal);

        // The organisation pools every run: 18 / 24 = 75% (the mean of the three workflows would be 80%)
        var organisation = byName["sla/organisation"];
        Assert.Equal(GateStatus.Fail, organisation.Status);
        Assert.Equal(0.75, organisation.ObservedValue);
        Assert.Contains("pulled down most by team-a: 70% (14/20), 100% without it", organisation.Explanation, StringComparison.Ordinal);
        Assert.True(organisation.Blocks);
        Assert.True(result.Blocked);
    }

    [Fact]
    public void Evaluate_WhenARollupUsesTheSameRunsAsTheGates_ShouldNotReadThemAgain()
    {
        // Given
        var runs = MetricFixtures.Envelope("workflow-runs", [.. Runs("triage", null, 10, 9), .. Runs("refunds", null, 10, 5)]);

        // When
        var with = MetricFixtures.Evaluate(SlaPolicies, [runs]);
        var without = MetricFixtures.Evaluate([.. SlaPolicies.Where(p => p != SlaRollup)], [runs]);

        // Then: one pass over the runs either way
        Assert.Equal(1, without.EvidencePasses);
        Assert.Equal(without.EvidencePasses, with.EvidencePasses);
    }

    [Fact]
    public void Evaluate_WhenAWorkflowHasNoRunsOrThereIsNoEvidence_ShouldBeInsufficientEvidenceNotZero()
    {
        // Given: only triage has runs
        var runs = MetricFixtures.Envelope("workflow-runs", [.. Runs("triage", null, 10, 10)]);

        // When
        var some = MetricFixtures.Evaluate(SlaPolicies, [runs]).Gates.ToDictionary(g => g.Gate);
        var none = MetricFixtures.Evaluate(SlaPolicies, []).Gates.ToDictionary(g => g.Gate);

        // Then
        Assert.Equal(GateStatus.InsufficientEvidence, some["sla/workflow/billing"].Status);
        Assert.Equal(GateStatus.InsufficientEvidence, some["sla/team/team-b"].Status);
        Assert.Equal((GateStatus.Pass, 1.0), (some["sla/organisation"].Status, some["sla/organisation"].ObservedValue));
        Assert.Equal(GateStatus.InsufficientEvidence, none["sla/organisation"].Status);
        Assert.Contains("no workflow-runs evidence was supplied", none["sla/organisation"].Explanation, StringComparison.Ordinal);
    }

    [Fact]
    public void Evaluate_WhenControlsAreRolledUp_ShouldCountEvidencedRequiredControlsPerOwner()
    {
        // Given: x owns c1 (evidenced) and c2 (no run); y owns c3 (manual); c4 is not required
        string[] policies =
        [
            Control("c1", "x", required: true, automated: true), Control("c2", "x", required: true, automated: true),
            Control("c3", "y", required: true, automated: false), Control("c4", "y", required: false, automated: true),
            """
            apiVersion: aiops-policy/v1
            kind: Rollup
            metadata:
              name: coverage
            spec:
              metric: ComplianceCoverage
              severity: warn
              levels:
                control: ">= 100%"
                team: ">= 50%"
                organisation: ">= 80%"
            """,
        ];
        var executions = MetricFixtures.Envelope("control-executions", $$"""{"id": "r1", "control": "c1", "ranAt": "{{TestClock.Ago(0.5)}}", "mode": "automated", "outcome": "pass"}""");

        // When
        var result = MetricFixtures.Evaluate(policies, [executions]);

        // Then
        var byName = result.Gates.ToDictionary(g => g.Gate);
        Assert.Equal(["coverage/control/c1", "coverage/control/c2", "coverage/control/c3", "coverage/team/x", "coverage/team/y", "coverage/organisation"], result.Gates.Select(g => g.Gate));
        Assert.Equal(GateStatus.Pass, byName["coverage/control/c1"].Status);
        Assert.Equal(GateStatus.Warn, byName["coverage/control/c2"].Status);
        Assert.Equal((GateStatus.Pass, 0.5), (byName["coverage/team/x"].Status, byName["coverage/team/x"].ObservedValue));
        Assert.Equal((GateStatus.Warn, 0.0), (byName["coverage/team/y"].Status, byName["coverage/team/y"].ObservedValue));
        var organisation = byName["coverage/organisation"];
        Assert.Equal(1.0 / 3, organisation.ObservedValue!.Value, 9);
        Assert.Contains("pulled down most by y: 0% (0/1), 50% without it", organisation.Explanation, StringComparison.Ordinal);
        Assert.False(result.Blocked);
    }

    [Fact]
    public void Evaluate_WhenAWaiverNamesARollupResult_ShouldWaiveItLikeAGate()
    {
        // Given
        var waiver = """
            apiVersion: aiops-policy/v1
            kind: Waiver
            metadata:
              name: refunds-migration
            spec:
              gates: [sla/workflow/refunds]
              owner: jane
              reason: Refunds move to the new payment provider this week
              ticket: HD-1
              expires: 2026-12-10
            """;
        var runs = MetricFixtures.Envelope("workflow-runs", [.. Runs("refunds", null, 10, 5)]);

        // When
        var result = MetricFixtures.Evaluate([.. SlaPolicies, waiver], [runs]);

        // Then
        var refunds = Assert.Single(result.Gates, g => g.Gate == "sla/workflow/refunds");
        Assert.Equal(GateStatus.Waived, refunds.Status);
        Assert.Equal(GateStatus.Fail, refunds.WaivedStatus);
    }

    private static string Workflow(string name, string owner, bool withStep) => $"""
        apiVersion: aiops-policy/v1
        kind: Workflow
        metadata:
          name: {name}
          owner: {owner}
        spec:
          sla:
            time: 1h
          steps:
            - name: inference
        {(withStep ? "      sla:\n        time: 30s" : string.Empty)}
        """;

    private static string Control(string name, string owner, bool required, bool automated) => $"""
        apiVersion: aiops-policy/v1
        kind: Control
        metadata:
          name: {name}
          owner: {owner}
        spec:
          required: {(required ? "true" : "false")}
          automated: {(automated ? "true" : "false")}
          cadence: 1d
        """;

    /// <summary>Runs that ended a day ago: the first <paramref name="met"/> took 10 minutes, the rest 2 hours (30s and 2m for steps).</summary>
    private static IEnumerable<string> Runs(string workflow, string? step, int count, int met)
    {
        for (var i = 0; i < count; i++)
        {
            var took = step is null ? (i < met ? TimeSpan.FromMinutes(10) : TimeSpan.FromHours(2)) : (i < met ? TimeSpan.FromSeconds(10) : TimeSpan.FromMinutes(2));
            var ended = TestClock.Now.AddDays(-1).AddMinutes(i);
            var stepField = step is null ? string.Empty : $"\"step\": \"{step}\", ";
            yield return $$"""{"id": "{{workflow}}-{{step}}-{{i}}", "workflow": "{{workflow}}", {{stepField}}"startedAt": "{{(ended - took):O}}", "endedAt": "{{ended:O}}", "outcome": "ok"}""";
        }
    }
}
