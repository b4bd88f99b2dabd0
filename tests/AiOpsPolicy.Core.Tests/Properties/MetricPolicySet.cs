// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using AiOpsPolicy.Core.Compilation;

namespace AiOpsPolicy.Core.Tests.Properties;

/// <summary>
/// The policy set the metric properties evaluate: the triage workflow, two critical connectors,
/// three required controls, and one gate per metric under test. Its bounds are wide on purpose:
/// the properties read the metrics, not the verdicts.
/// </summary>
internal static class MetricPolicySet
{
    /// <summary>The gates that measure a share, by name.</summary>
    public static readonly string[] ShareGates = ["sla", "sla-step", "integration", "compliance", "agents", "alerts", "pilots", "stale"];

    /// <summary>The declarations and gates.</summary>
    public static readonly string[] Documents =
    [
        TestPolicies.Workflow,
        Connector("alpha-api", "zendesk", """
                auth: true
                maxLatency: 800ms
                maxErrorRate: 1%
                minDeliveredRatio: 99%
            """),
        Connector("beta-api", "model", """
                auth: true
                schemaHash: h1
            """),
        Control("nightly-scan", automated: true, cadence: "1d"),
        Control("weekly-review", automated: true, cadence: "7d"),
        Control("board-review", automated: false, cadence: "90d"),
        Gate("sla", "SlaAttainment(\"triage\")", "min: 0%"),
        Gate("sla-step", "'SlaAttainment(\"triage\", step: \"inference\")'", "min: 0%"),
        Gate("integration", "IntegrationHealth()", "min: 0%"),
        Gate("compliance", "ComplianceCoverage()", "min: 0%"),
        Gate("agents", "AgentSuccess()", "min: 0%"),
        Gate("alerts", "AlertsTriagedWithin(Hours(4))", "min: 0%"),
        Gate("pilots", "PilotConversion()", "min: 0%"),
        Gate("stale", "StaleShare(\"tickets\", Hours(1))", "min: 0%"),
        Gate("incident-rate", "IncidentRate(\"triage\")", "min: 0"),
        Gate("recover", "TimeToRecover(\"triage\")", "min: 0s"),
        Gate("recover-p90", "'TimeToRecover(\"triage\", aggregation: Aggregation.P90)'", "min: 0s"),
    ];

    private static readonly Lazy<CompiledPolicySet> Lazy = new(() => PropertyFixtures.Compile(Documents));

    /// <summary>Gets the compiled set, compiled on first use and shared by every property.</summary>
    public static CompiledPolicySet Compiled => Lazy.Value;

    private static string Connector(string name, string system, string checks) => $"""
        apiVersion: aiops-policy/v1
        kind: Connector
        metadata:
          name: {name}
        spec:
          system: {system}
          critical: true
          workflows: [triage]
          checks:
        {checks}
        """;

    private static string Control(string name, bool automated, string cadence) => $"""
        apiVersion: aiops-policy/v1
        kind: Control
        metadata:
          name: {name}
        spec:
          title: {name}
          required: true
          automated: {(automated ? "true" : "false")}
          enforcedAt: [ci]
          cadence: {cadence}
        """;

    private static string Gate(string name, string measure, string bound) =>
        TestPolicies.Gate(name, $"  measure: {measure}\n  bound:\n    {bound}");
}
