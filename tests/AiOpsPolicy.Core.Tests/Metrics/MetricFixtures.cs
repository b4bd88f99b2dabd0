// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using AiOpsPolicy.Core.Results;

namespace AiOpsPolicy.Core.Tests.Metrics;

/// <summary>
/// What the metric tests share: the ticket-triage workflow most of them refer to, one-gate runs through
/// <see cref="PolicyHarness"/>, and evidence files in the JSON envelope format, all at <see cref="TestClock.Now"/>.
/// </summary>
internal static class MetricFixtures
{
    /// <summary>The ticket-triage workflow most metric tests refer to.</summary>
    public const string TriageWorkflow = """
        apiVersion: aiops-policy/v1
        kind: Workflow
        metadata:
          name: ticket-triage
        spec:
          systems: [zendesk, model]
          sla:
            time: 1h
            quality: ok
          steps:
            - name: inference
              system: model
        """;

    /// <summary>Validates, compiles and evaluates the policies against the evidence files; evidence diagnostics do not fail the test.</summary>
    /// <param name="policyDocuments">The policy documents.</param>
    /// <param name="evidenceFiles">The evidence files: name and content.</param>
    /// <param name="now">The evaluation time; <see cref="TestClock.Now"/> when null.</param>
    /// <returns>The run's result.</returns>
    public static GateRunResult Evaluate(string[] policyDocuments, (string FileName, string Content)[] evidenceFiles, DateTimeOffset? now = null) =>
        PolicyHarness.Run(policyDocuments, evidenceFiles, now, evidenceErrorsAllowed: true);

    /// <summary>Evaluates one gate with the given spec and returns its result.</summary>
    /// <param name="declarations">The declarations the gate refers to (workflows, connectors).</param>
    /// <param name="gateSpec">The gate's spec, each line indented by two spaces.</param>
    /// <param name="evidenceFiles">The evidence files.</param>
    /// <returns>The gate's result.</returns>
    public static GateResult Gate(string[] declarations, string gateSpec, params (string FileName, string Content)[] evidenceFiles)
    {
        var result = Evaluate([.. declarations, TestPolicies.Gate("g", gateSpec)], evidenceFiles);
        return Assert.Single(result.Gates);
    }

    /// <summary>An evidence file in the JSON envelope format, collected an hour before <see cref="TestClock.Now"/>.</summary>
    /// <param name="kind">The evidence kind, such as <c>freshness</c>.</param>
    /// <param name="records">The records, each a JSON object.</param>
    /// <returns>The file's name and content.</returns>
    public static (string FileName, string Content) Envelope(string kind, params string[] records) =>
        ($"{kind}.json", $$"""
            {
              "apiVersion": "aiops-evidence/v1",
              "kind": "{{kind}}",
              "collectedAt": "{{TestClock.Now.AddHours(-1):O}}",
              "records": [
                {{string.Join(",\n    ", records)}}
              ]
            }
            """);
}
