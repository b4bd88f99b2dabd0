// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using AiOpsPolicy.Core.Model;
using AiOpsPolicy.Core.Results;
using AiOpsPolicy.Core.Tests.Metrics;

namespace AiOpsPolicy.Core.Tests.Validation;

/// <summary>A PolicySet's <c>spec.defaults.severity</c> is the severity of every gate that does not state one.</summary>
public sealed class DefaultSeverityTests
{
    private const string WarnByDefault = """
        apiVersion: aiops-policy/v1
        kind: PolicySet
        metadata:
          name: lenient
        spec:
          defaults:
            severity: warn
        """;

    [Fact]
    public void Gate_WhenThePolicySetDefaultsToWarnAndAGateStatesNoSeverity_ShouldWarnAndNotBlock()
    {
        // Given: the gate comes before the PolicySet in the set; its run misses the SLA.
        var runs = MetricFixtures.Envelope("workflow-runs", $$"""{"id": "r1", "workflow": "ticket-triage", "startedAt": "{{TestClock.Ago(1)}}", "endedAt": "{{TestClock.Now.AddDays(-1).AddHours(3):O}}", "outcome": "ok"}""");

        // When
        var result = MetricFixtures.Evaluate([MetricFixtures.TriageWorkflow, TestPolicies.Gate("sla", "  measure: SlaAttainment(\"ticket-triage\")\n  bound:\n    min: 95%"), WarnByDefault], [runs]);

        // Then
        var gate = Assert.Single(result.Gates);
        Assert.Equal(GateSeverity.Warn, gate.Severity);
        Assert.Equal(GateStatus.Warn, gate.Status);
        Assert.False(result.Blocked);
    }

    [Fact]
    public void Gate_WhenItStatesBlock_ShouldKeepItOverTheDefault()
    {
        // Given
        var gate = TestPolicies.Gate("sla", "  measure: SlaAttainment(\"ticket-triage\")\n  bound:\n    min: 95%\n  severity: block");

        // When
        var validated = TestPolicies.Validate(MetricFixtures.TriageWorkflow, WarnByDefault, gate);

        // Then
        Assert.Equal(GateSeverity.Block, Assert.Single(validated.PolicySet.Gates).Severity);
    }
}
