// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using AiOpsPolicy.Core.Results;

namespace AiOpsPolicy.Core.Tests.Metrics;

public sealed class FragmentationTests
{
    private const string TicketTriage = """
        apiVersion: aiops-policy/v1
        kind: Workflow
        metadata:
          name: ticket-triage
        spec:
          trigger: zendesk
          systems: [zendesk, kafka, feature-store, triage-model, servicenow, powerbi]
          steps:
            - name: ingestion
              system: kafka
            - name: features
              system: feature-store
            - name: enrichment
              system: feature-store
            - name: inference
              system: triage-model
            - name: review
            - name: update-ticket
              system: servicenow
        """;

    private const string Billing = """
        apiVersion: aiops-policy/v1
        kind: Workflow
        metadata:
          name: billing
        spec:
          trigger: erp
          systems: [erp, ledger]
          steps:
            - name: load
              system: erp
            - name: post
              system: ledger
        """;

    private const string Unmapped = """
        apiVersion: aiops-policy/v1
        kind: Workflow
        metadata:
          name: unmapped
        spec:
          steps:
            - name: everything
        """;

    private static readonly string[] Declarations =
    [
        TicketTriage,
        Billing,
        Unmapped,
        Connector("zendesk-api", "zendesk", "ticket-triage"),
        Connector("zendesk-export", "zendesk", "ticket-triage"),
        Connector("kafka-topic", "kafka", "ticket-triage"),
        Connector("erp-api", "erp", "billing"),
        Connector("erp-export", "erp", "billing"),
        Connector("servicenow-api", "servicenow", "billing"),
    ];

    [Fact]
    public void FragmentationIndex_ForADeclaredWorkflow_ShouldCountDistinctSystemsFromTriggerToReporting()
    {
        // When
        var gate = MetricFixtures.Gate(Declarations, "  measure: FragmentationIndex(\"ticket-triage\")\n  bound:\n    max: 5");

        // Then: zendesk, kafka, feature-store, triage-model, servicenow, powerbi.
        Assert.Equal(GateStatus.Fail, gate.Status);
        Assert.Equal(6, gate.ObservedValue);
        var metric = Assert.Single(gate.Metrics);
        Assert.Equal("FragmentationIndex(ticket-triage)", metric.Metric);
        Assert.Contains("6 distinct systems, 4 handoffs, 1 duplicate sources (zendesk)", metric.Explanation, StringComparison.Ordinal);
        Assert.Contains("zendesk -> kafka -> feature-store -> triage-model -> servicenow -> powerbi", metric.Explanation, StringComparison.Ordinal);
    }

    [Fact]
    public void Handoffs_ForADeclaredWorkflow_ShouldCountSystemChangesAlongTheStepsSkippingStepsWithoutASystem()
    {
        // When
        var gate = MetricFixtures.Gate(Declarations, "  measure: Handoffs(\"ticket-triage\")\n  bound:\n    max: 4");

        // Then: zendesk -> kafka (trigger), kafka -> feature-store, feature-store -> triage-model,
        // triage-model -> servicenow (the review step has no system); feature-store to itself is no handoff.
        Assert.Equal(GateStatus.Pass, gate.Status);
        Assert.Equal(4, gate.ObservedValue);
        Assert.Equal(
            ["zendesk -> kafka", "kafka -> feature-store", "feature-store -> triage-model", "triage-model -> servicenow"],
            Assert.Single(gate.Metrics).FailingRecords.ToArray());
    }

    [Fact]
    public void Handoffs_WhenTheTriggerIsTheFirstStepsSystem_ShouldNotCountAHandoffFromTheTrigger()
    {
        // When
        var gate = MetricFixtures.Gate(Declarations, "  measure: Handoffs(\"billing\")\n  bound:\n    max: 4");

        // Then: erp -> ledger only.
        Assert.Equal(1, gate.ObservedValue);
    }

    [Fact]
    public void DuplicateSources_ForADeclaredWorkflow_ShouldCountSystemsServedByMoreThanOneConnectorOfThatWorkflow()
    {
        // When
        var triage = MetricFixtures.Gate(Declarations, "  measure: DuplicateSources(\"ticket-triage\")\n  bound:\n    max: 0");
        var billing = MetricFixtures.Gate(Declarations, "  measure: DuplicateSources(\"billing\")\n  bound:\n    max: 0");

        // Then: two connectors pull from zendesk for ticket-triage and two from erp for billing; the
        // servicenow connector serves billing only, so it is no duplicate for ticket-triage.
        Assert.Equal((GateStatus.Fail, 1d), (triage.Status, triage.ObservedValue));
        Assert.Equal(["zendesk"], Assert.Single(triage.Metrics).FailingRecords.ToArray());
        Assert.Equal((GateStatus.Fail, 1d), (billing.Status, billing.ObservedValue));
        Assert.Equal(["erp"], Assert.Single(billing.Metrics).FailingRecords.ToArray());
    }

    [Fact]
    public void FragmentationIndex_WhenTheWorkflowNamesNoSystem_ShouldBeInsufficientNotZero()
    {
        // When
        var gate = MetricFixtures.Gate(Declarations, "  measure: FragmentationIndex(\"unmapped\")\n  bound:\n    max: 5");

        // Then
        Assert.Equal(GateStatus.InsufficientEvidence, gate.Status);
        Assert.Contains("declares no systems", gate.Explanation, StringComparison.Ordinal);
    }

    private static string Connector(string name, string system, string workflow) => $"""
        apiVersion: aiops-policy/v1
        kind: Connector
        metadata:
          name: {name}
        spec:
          system: {system}
          workflows: [{workflow}]
        """;
}
