// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using System.Globalization;
using System.Text;

namespace AiOpsPolicy.Benchmarks;

/// <summary>
/// Writes a synthetic policy set: a PolicySet, one Workflow <c>wf</c>, and N gates spread over
/// files of 50. The gates cycle through four shapes so the compilation holds metric calls, lambdas
/// over evidence, conditions and plain arithmetic, each with a distinct constant.
/// </summary>
internal static class PolicyGenerator
{
    private const int GatesPerFile = 50;

    public static string Write(int gates)
    {
        var dir = Directory.CreateTempSubdirectory($"aiops-bench-{gates}-gates-").FullName;
        File.WriteAllText(Path.Combine(dir, "policyset.yaml"), """
            apiVersion: aiops-policy/v1
            kind: PolicySet
            metadata:
              name: generated
              owner: benchmarks
            spec:
              version: 1.0.0
              defaults:
                severity: block
                window: 7d
            ---
            apiVersion: aiops-policy/v1
            kind: Workflow
            metadata:
              name: wf
              owner: benchmarks
            spec:
              trigger: zendesk
              systems: [zendesk, model]
              sla:
                time: 4h
                target: 95%
              steps:
                - name: inference
                  system: model
                  sla:
                    time: 30s

            """);

        for (var file = 0; file * GatesPerFile < gates; file++)
        {
            var text = new StringBuilder();
            for (var i = file * GatesPerFile; i < Math.Min(gates, (file + 1) * GatesPerFile); i++)
            {
                text.Append(CultureInfo.InvariantCulture, $"""
                    ---
                    apiVersion: aiops-policy/v1
                    kind: Gate
                    metadata:
                      name: gate-{i:D4}
                      owner: benchmarks
                    spec:
                    {Body(i)}

                    """);
            }

            File.WriteAllText(Path.Combine(dir, $"gates-{file:D2}.yaml"), text.ToString());
        }

        return dir;
    }

    private static string Body(int i) => (i % 4) switch
    {
        0 => $"""
              measure: SlaAttainment("wf")
              bound:
                min: {i % 100}%
            """,
        1 => $"""
              measure: 'Evidence.WorkflowRuns.Count(r => r.Transactions > {i})'
              bound:
                max: {i}
            """,
        2 => $"""
              condition: 'Evidence.WorkflowRuns.Count(r => r.Workflow == "wf" && r.Transactions > {i}) >= 0'
            """,
        _ => $"""
              measure: '({i} * 3 + 7) / 2.0'
              bound:
                max: {i * 2 + 4}
            """,
    };
}
