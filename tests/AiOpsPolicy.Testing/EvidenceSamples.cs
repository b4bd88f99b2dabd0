// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using System.Text.Json.Nodes;
using AiOpsPolicy.Core.Evidence;

namespace AiOpsPolicy.Testing;

/// <summary>A valid record of every evidence kind, with every optional field filled in, for tests that mutate or omit fields.</summary>
public static class EvidenceSamples
{
    /// <summary>A valid record of a kind with every field, times in order and before 2026-11-28.</summary>
    /// <param name="kind">The kind.</param>
    /// <returns>A fresh JSON object.</returns>
    public static JsonObject Valid(EvidenceKind kind) => (JsonObject)JsonNode.Parse(kind switch
    {
        EvidenceKind.WorkflowRuns => """{"id":"run-1","workflow":"ticket-triage","step":"inference","startedAt":"2026-11-20T10:00:00Z","endedAt":"2026-11-20T10:05:00Z","outcome":"ok","transactions":2,"collectedAt":"2026-11-27T00:00:00Z"}""",
        EvidenceKind.Incidents => """{"id":"inc-1","workflow":"ticket-triage","openedAt":"2026-11-20T10:00:00Z","detectedAt":"2026-11-20T10:05:00Z","diagnosedAt":"2026-11-20T10:30:00Z","recoveredAt":"2026-11-20T11:00:00Z","cause":"model","requiredChange":true,"change":"chg-1","service":"ticket-triage","collectedAt":"2026-11-27T00:00:00Z"}""",
        EvidenceKind.Transactions => """{"workflow":"ticket-triage","periodStart":"2026-11-20T00:00:00Z","periodEnd":"2026-11-21T00:00:00Z","count":1200,"collectedAt":"2026-11-27T00:00:00Z"}""",
        EvidenceKind.ConnectorChecks => """{"connector":"zendesk","day":"2026-11-20","authValid":true,"schemaHash":"sha256:9f2c","latencyMs":120.5,"errorRate":0.01,"rowsExpected":1000,"rowsDelivered":998,"collectedAt":"2026-11-27T00:00:00Z"}""",
        EvidenceKind.Freshness => """{"dataset":"tickets","stage":"source-to-pipeline","measuredAt":"2026-11-20T10:00:00Z","lag":"15m","collectedAt":"2026-11-27T00:00:00Z"}""",
        EvidenceKind.ValueLines => """{"id":"v-1","workflow":"ticket-triage","type":"benefit","category":"agent-time","amount":1500.5,"currency":"EUR","periodStart":"2026-11-01T00:00:00Z","periodEnd":"2026-11-20T00:00:00Z","assumptions":{"volume":2000,"wageRate":"38 EUR/h","audited":true},"collectedAt":"2026-11-27T00:00:00Z"}""",
        EvidenceKind.CaseEffort => """{"workflow":"ticket-triage","minutesBefore":12,"minutesAfter":4,"addedSteps":[{"name":"review","minutes":1.5}],"monthlyVolume":3000,"measuredAt":"2026-11-20T10:00:00Z","collectedAt":"2026-11-27T00:00:00Z"}""",
        EvidenceKind.Throughput => """{"workflow":"ticket-triage","day":"2026-11-20","completed":340,"phase":"after","collectedAt":"2026-11-27T00:00:00Z"}""",
        EvidenceKind.ModelEvaluations => """{"model":"triage-classifier","version":"1.10.0","evaluatedAt":"2026-11-20T10:00:00Z","groups":{"en":{"accuracy":0.91},"es":{"accuracy":0.89}},"privacy":{"pii-leak-test":true},"explainability":"local","safety":{"toxicity":true},"humanOversight":{"override-available":true},"collectedAt":"2026-11-27T00:00:00Z"}""",
        EvidenceKind.ControlExecutions => """{"id":"ce-1","control":"pii-scan","ranAt":"2026-11-20T10:00:00Z","mode":"automated","outcome":"pass","enforcedAt":"ci","collectedAt":"2026-11-27T00:00:00Z"}""",
        EvidenceKind.MonitoringChecks => """{"model":"triage-classifier","type":"drift","ranAt":"2026-11-20T10:00:00Z","collectedAt":"2026-11-27T00:00:00Z"}""",
        EvidenceKind.Alerts => """{"id":"al-1","model":"triage-classifier","type":"bias","raisedAt":"2026-11-20T10:00:00Z","triagedAt":"2026-11-20T11:00:00Z","resolvedAt":"2026-11-20T12:00:00Z","collectedAt":"2026-11-27T00:00:00Z"}""",
        EvidenceKind.Pilots => """{"id":"p-1","startedAt":"2026-06-01T00:00:00Z","status":"production","monitoring":true,"onCallOwner":"team-a","userPromise":"answers in 1h","productionAt":"2026-09-01T00:00:00Z","collectedAt":"2026-11-27T00:00:00Z"}""",
        EvidenceKind.Changes => """{"id":"chg-1","type":"model","approvedAt":"2026-11-20T10:00:00Z","firstCommitAt":"2026-11-19T08:00:00Z","openedAt":"2026-11-19T09:00:00Z","mergedAt":"2026-11-20T10:00:00Z","deployedAt":"2026-11-20T12:00:00Z","deployment":"dep-1","service":"ticket-triage","rolledBack":true,"rolledBackAt":"2026-11-20T13:00:00Z","collectedAt":"2026-11-27T00:00:00Z"}""",
        EvidenceKind.AgentRuns => """{"id":"ar-1","workflow":"ticket-triage","startedAt":"2026-11-20T09:55:00Z","completedAt":"2026-11-20T10:00:00Z","correct":true,"humanIntervened":false,"collectedAt":"2026-11-27T00:00:00Z"}""",
        EvidenceKind.WorkflowRunCounts => """{"workflow":"ticket-triage","step":"inference","periodStart":"2026-11-20T10:00:00Z","periodEnd":"2026-11-20T11:00:00Z","total":120,"met":110,"within":"30s","outcome":"ok","collectedAt":"2026-11-27T00:00:00Z"}""",
        EvidenceKind.Deployments => """{"id":"dep-1","release":"rel-1","service":"ticket-triage","environment":"production","result":"success","startedAt":"2026-11-20T11:50:00Z","finishedAt":"2026-11-20T12:00:00Z","collectedAt":"2026-11-27T00:00:00Z"}""",
        EvidenceKind.Costs => """{"id":"cost-1","workflow":"ticket-triage","category":"labour","phase":"current","hours":120.5,"periodStart":"2026-11-01T00:00:00Z","periodEnd":"2026-11-20T00:00:00Z","assumptions":{"agents":4},"collectedAt":"2026-11-27T00:00:00Z"}""",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "No sample for this kind: add one."),
    })!;

    /// <summary>An NDJSON file of records of a kind, with a header that dates them.</summary>
    /// <param name="kind">The kind.</param>
    /// <param name="records">The records' JSON text, one per line.</param>
    /// <returns>The file's text.</returns>
    public static string Ndjson(EvidenceKind kind, IEnumerable<string> records) =>
        "{\"$evidence\": {\"kind\": \"" + EvidenceKinds.Name(kind) + "\", \"collectedAt\": \"2026-11-27T00:00:00Z\"}}\n" + string.Join("\n", records) + "\n";
}
