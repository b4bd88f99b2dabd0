// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using AiOpsPolicy.Core;
using AiOpsPolicy.Core.Diffing;
using AiOpsPolicy.Core.Evidence;
using AiOpsPolicy.Core.Text;
using AiOpsPolicy.Reporting.Diff;

namespace AiOpsPolicy.Reporting.Tests.Diff;

/// <summary>
/// Tests of <see cref="PolicyDiffWords"/> and <see cref="PolicyDiffText"/>: how a policy diff of two real evaluations
/// reads in a PR comment and on the console (what <see cref="PolicyDiffer"/> finds is tested in Core's tests).
/// </summary>
public sealed class PolicyDiffWordsTests : IDisposable
{
    private const string Workflow = """
        apiVersion: aiops-policy/v1
        kind: Workflow
        metadata:
          name: triage
        spec:
          systems: [zendesk, model]
          steps:
            - name: inference
              system: model
              sla:
                time: 30s
        """;

    private static readonly DateTimeOffset Now = DateTimeOffset.Parse("2026-11-28T12:00:00Z", System.Globalization.CultureInfo.InvariantCulture);

    private readonly TempDirectory _folder = new();

    [Fact]
    public void Headline_WhenALoosenedBoundLetsAFailingGatePass_ShouldSayWhatFlipsAndTheTextShouldListTheFlip()
    {
        // Given
        var diff = Diff(Gate("sla-attainment", "min: 95%", "block"), Gate("sla-attainment", "min: 90%", "block"));

        // When
        var headline = PolicyDiffWords.Headline(diff);
        var text = PolicyDiffText.Write(diff);

        // Then
        Assert.Equal(
            "This PR loosens `sla-attainment` from 95% to 90%; with this evidence the release gate would flip from **fail** to **pass**, and the release decision would flip from **blocked** to **allowed**.",
            headline);
        Assert.Contains("sla-attainment (block): fail (90%) -> pass (90%)", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Headline_WhenAPrChangesTwoObjectsAndFlipsOneGate_ShouldNameBothWithoutThrowing()
    {
        // Given: the PR-comment case: a bound loosened (the gate flips) and a control changed.
        var diff = Diff(
            Gate("sla-attainment", "min: 95%", "block") + "\n---\n" + Control("pii-scan", required: true),
            Gate("sla-attainment", "min: 90%", "block") + "\n---\n" + Control("pii-scan", required: false));

        // When
        var headline = PolicyDiffWords.Headline(diff);

        // Then
        Assert.Equal(2, diff.Changes.Select(c => c.Name).Distinct(StringComparer.Ordinal).Count());
        Assert.Contains("`sla-attainment` would flip from **fail** to **pass**", headline, StringComparison.Ordinal);
        Assert.Contains("pii-scan", headline, StringComparison.Ordinal);
    }

    [Fact]
    public void Headline_WhenNothingChanged_ShouldSaySo()
    {
        // Given
        var diff = new PolicyDiff { Base = "a", Head = "b", Changes = [] };

        // When
        var headline = PolicyDiffWords.Headline(diff);

        // Then
        Assert.Equal("This PR changes no policy semantics.", headline);
    }

    public void Dispose() => _folder.Dispose();

    /// <summary>The diff from <paramref name="before"/> to <paramref name="after"/> (each after the workflow), both evaluated on nine fast runs and one slow.</summary>
    private PolicyDiff Diff(string before, string after)
    {
        var engine = new PolicyEngine(null);
        using var baseSet = engine.Prepare([new SourceFile("base.yaml", Workflow + "\n---\n" + before)]).Compiled!;
        using var headSet = engine.Prepare([new SourceFile("head.yaml", Workflow + "\n---\n" + after)]).Compiled!;
        var evidence = Evidence(fast: 9, slow: 1);
        var baseRun = PolicyEngine.Evaluate(baseSet, evidence, Now);
        var headRun = PolicyEngine.Evaluate(headSet, evidence, Now);
        return new PolicyDiff
        {
            Base = "main",
            Head = "working tree",
            Changes = PolicyDiffer.Compare(baseSet.Policies, headSet.Policies),
            EvaluatedAt = Now,
            Flips = PolicyDiffer.Flips(baseRun, headRun),
            BaseDecision = baseRun.Decision,
            HeadDecision = headRun.Decision,
        };
    }

    private static string Gate(string name, string bound, string severity) => $"""
        apiVersion: aiops-policy/v1
        kind: Gate
        metadata:
          name: {name}
        spec:
          measure: 'SlaAttainment("triage", step: "inference")'
          bound: {"{ " + bound + " }"}
          severity: {severity}
        """;

    private static string Control(string name, bool required) => $"""
        apiVersion: aiops-policy/v1
        kind: Control
        metadata:
          name: {name}
        spec:
          title: PII scanning
          required: {(required ? "true" : "false")}
          automated: true
          enforcedAt: [ci]
          cadence: 1d
        """;

    private EvidenceSet Evidence(int fast, int slow)
    {
        var lines = Enumerable.Range(0, fast + slow).Select(i =>
            $$"""{"id": "r{{i}}", "workflow": "triage", "step": "inference", "startedAt": "2026-11-27T09:{{i:00}}:00Z", "endedAt": "2026-11-27T09:{{i:00}}:{{(i < fast ? "05" : "45")}}Z", "outcome": "ok"}""");
        File.WriteAllText(_folder.Combine("workflow-runs.ndjson"), "{\"$evidence\": {\"kind\": \"workflow-runs\", \"collectedAt\": \"2026-11-28T06:00:00Z\"}}\n" + string.Join("\n", lines) + "\n");
        var loaded = PolicyEngine.LoadEvidence([_folder.Path]);
        Assert.False(loaded.HasErrors, string.Join("\n", loaded.Diagnostics));
        return loaded.Evidence;
    }
}
