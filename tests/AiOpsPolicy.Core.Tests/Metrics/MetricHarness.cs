// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using AiOpsPolicy.Core.Compilation;
using AiOpsPolicy.Core.Evidence;
using AiOpsPolicy.Core.Results;

namespace AiOpsPolicy.Core.Tests.Metrics;

/// <summary>
/// Runs metrics through the public path: policy text is validated and compiled, evidence files are
/// written to a temporary folder and loaded, and the gates are evaluated by the engine.
/// </summary>
internal static class MetricHarness
{
    /// <summary>The evaluation time of every metric test.</summary>
    public static readonly DateTimeOffset Now = new(2026, 11, 28, 12, 0, 0, TimeSpan.Zero);

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

    /// <summary>Validates, compiles and evaluates the policies against the evidence files.</summary>
    /// <param name="policyDocuments">The policy documents.</param>
    /// <param name="evidenceFiles">The evidence files: name and content.</param>
    /// <param name="now">The evaluation time; <see cref="Now"/> when null.</param>
    /// <returns>The run's result.</returns>
    public static GateRunResult Evaluate(string[] policyDocuments, (string FileName, string Content)[] evidenceFiles, DateTimeOffset? now = null)
    {
        var validated = TestPolicies.Validate(policyDocuments);
        Assert.False(validated.HasErrors, string.Join("\n", validated.Diagnostics));
        var output = PolicyCompiler.Compile(validated.PolicySet);
        Assert.True(output.Assembly is not null, string.Join("\n", output.Diagnostics));
        var folder = Path.Combine(Path.GetTempPath(), "aiops-metric-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        try
        {
            foreach (var (fileName, content) in evidenceFiles)
            {
                File.WriteAllText(Path.Combine(folder, fileName), content);
            }

            using var compiled = CompilationCache.Load(validated.PolicySet, output.Assembly!, fromCache: false);
            var evidence = EvidenceLoader.Load([folder]);
            return PolicyEngine.Evaluate(compiled, evidence.Evidence, now ?? Now);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

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

    /// <summary>An evidence file in the JSON envelope format, collected an hour before <see cref="Now"/>.</summary>
    /// <param name="kind">The evidence kind, such as <c>freshness</c>.</param>
    /// <param name="records">The records, each a JSON object.</param>
    /// <returns>The file's name and content.</returns>
    public static (string FileName, string Content) Envelope(string kind, params string[] records) =>
        ($"{kind}.json", $$"""
            {
              "apiVersion": "aiops-evidence/v1",
              "kind": "{{kind}}",
              "collectedAt": "{{Now.AddHours(-1):O}}",
              "records": [
                {{string.Join(",\n    ", records)}}
              ]
            }
            """);

    /// <summary>A time relative to <see cref="Now"/>, in ISO 8601.</summary>
    /// <param name="daysAgo">How many days before <see cref="Now"/>.</param>
    /// <returns>The text.</returns>
    public static string Ago(double daysAgo) => Now.AddDays(-daysAgo).ToString("O", System.Globalization.CultureInfo.InvariantCulture);
}
