// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using AiOpsPolicy.Core.Diffing;
using AiOpsPolicy.Core.Evidence;
using AiOpsPolicy.Core.Loading;
using AiOpsPolicy.Core.Model;
using AiOpsPolicy.Core.Results;
using AiOpsPolicy.Core.Text;
using AiOpsPolicy.Core.Validation;

namespace AiOpsPolicy.Core.Tests.Diffing;

/// <summary>Tests of <see cref="PolicyDiffer"/>; the words and text a diff is shown in are tested in AiOpsPolicy.Reporting.Tests.</summary>
public sealed class PolicyDifferTests : IDisposable
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

    private readonly string _folder = Directory.CreateTempSubdirectory("aiops-diff-tests-").FullName;

    [Fact]
    public void Compare_WhenAMinimumIsLowered_ShouldReportItLoosenedWithOldAndNew()
    {
        // Given
        var before = Load("base", Gate("sla-attainment", "min: 95%", "block"));
        var after = Load("head", Gate("sla-attainment", "min: 90%", "block"));

        // When
        var changes = PolicyDiffer.Compare(before, after);

        // Then
        var change = Assert.Single(changes);
        Assert.Equal(PolicyChangeKind.Loosened, change.Change);
        Assert.Equal("bound.min", change.Aspect);
        Assert.Equal(("95%", "90%"), (change.Before, change.After));
        Assert.Equal("loosens `sla-attainment` from 95% to 90%", change.Description);
    }

    [Theory]
    [InlineData("max: 2h", "max: 1h", PolicyChangeKind.Tightened)]
    [InlineData("max: 1h", "max: 2h", PolicyChangeKind.Loosened)]
    [InlineData("min: 90%", "min: 95%", PolicyChangeKind.Tightened)]
    [InlineData("max: 2h", "{ min: 1m, max: 2h }", PolicyChangeKind.Tightened)]
    [InlineData("{ min: 1m, max: 2h }", "max: 2h", PolicyChangeKind.Loosened)]
    public void Compare_WhenABoundMoves_ShouldSayWhetherItTightensOrLoosens(string before, string after, PolicyChangeKind expected)
    {
        // Given
        var measure = before.Contains('%', StringComparison.Ordinal) ? null : "Hours(1)";
        var a = Load("base", Gate("gate", before, "warn", measure));
        var b = Load("head", Gate("gate", after, "warn", measure));

        // When
        var changes = PolicyDiffer.Compare(a, b);

        // Then
        Assert.Equal(expected, Assert.Single(changes).Change);
    }

    [Fact]
    public void Compare_WhenSeverityAndControlsChange_ShouldListEveryChangeInOrder()
    {
        // Given
        var before = Load("base", Gate("a-gate", "min: 90%", "warn"), Control("pii-scan", required: false), Gate("old-gate", "min: 1%", "warn"));
        var after = Load("head", Gate("a-gate", "min: 90%", "block"), Control("pii-scan", required: true), Gate("new-gate", "min: 1%", "warn"));

        // When
        var changes = PolicyDiffer.Compare(before, after);

        // Then
        Assert.Equal(
            [
                "Control pii-scan required Tightened",
                "Gate a-gate severity Tightened",
                "Gate new-gate  Added",
                "Gate old-gate  Removed",
            ],
            changes.Select(c => $"{c.Kind} {c.Name} {c.Aspect} {c.Change}"));
    }

    [Fact]
    public void Compare_WhenOnlyFormattingAndOrderChange_ShouldReportNothing()
    {
        // Given
        var before = Load("base", Gate("a", "min: 90%", "warn"), Gate("b", "max: 5", "block", "Evidence.Incidents.Count()"));
        var after = Load("head", Gate("b", "{ max: 5 }", "block", "Evidence.Incidents\n    .Count()"), Gate("a", "min: 90%", "warn"));

        // When
        var changes = PolicyDiffer.Compare(before, after);

        // Then
        Assert.Empty(changes);
    }

    [Fact]
    public void Flips_WhenALoosenedBoundLetsAFailingGatePass_ShouldReportTheFlipAndBothDecisions()
    {
        // Given
        var engine = new PolicyEngine(null);
        using var before = engine.Prepare([new SourceFile("base.yaml", Workflow + "\n---\n" + Gate("sla-attainment", "min: 95%", "block"))]).Compiled!;
        using var after = engine.Prepare([new SourceFile("head.yaml", Workflow + "\n---\n" + Gate("sla-attainment", "min: 90%", "block"))]).Compiled!;
        var evidence = Evidence(fast: 9, slow: 1);
        var now = TestClock.Now;
        var baseRun = PolicyEngine.Evaluate(before, evidence, now);
        var headRun = PolicyEngine.Evaluate(after, evidence, now);

        // When
        var diff = new PolicyDiff
        {
            Base = "main",
            Head = "working tree",
            Changes = PolicyDiffer.Compare(before.Policies, after.Policies),
            EvaluatedAt = now,
            Flips = PolicyDiffer.Flips(baseRun, headRun),
            BaseDecision = baseRun.Decision,
            HeadDecision = headRun.Decision,
        };

        // Then
        var flip = Assert.Single(diff.Flips);
        Assert.Equal((GateStatus.Fail, GateStatus.Pass), (flip.Base!.Value, flip.Head!.Value));
        Assert.Equal(("90%", "90%"), (flip.BaseObserved, flip.HeadObserved));
        Assert.Equal(("sla-attainment", GateSeverity.Block), (flip.Gate, flip.Severity));
        Assert.Equal("loosens `sla-attainment` from 95% to 90%", Assert.Single(diff.Changes).Description);
        Assert.Equal(("blocked", "allowed"), (diff.BaseDecision, diff.HeadDecision));
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private PolicySet Load(string name, params string[] documents)
    {
        var folder = Path.Combine(_folder, name);
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, "workflows.yaml"), Workflow + "\n");
        File.WriteAllText(Path.Combine(folder, "policies.yaml"), string.Join("\n---\n", documents) + "\n");
        var validated = PolicyValidator.Validate(PolicyLoader.Load([folder]));
        Assert.False(validated.HasErrors, string.Join("\n", validated.Diagnostics));
        return validated.PolicySet;
    }

    private static string Gate(string name, string bound, string severity, string? measure = null) => $"""
        apiVersion: aiops-policy/v1
        kind: Gate
        metadata:
          name: {name}
        spec:
          measure: {(measure is null ? "'SlaAttainment(\"triage\", step: \"inference\")'" : "|\n    " + measure.Replace("\n", "\n    ", StringComparison.Ordinal))}
          bound: {(bound.StartsWith('{') ? bound : "{ " + bound + " }")}
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
        var folder = Path.Combine(_folder, "evidence");
        Directory.CreateDirectory(folder);
        var lines = Enumerable.Range(0, fast + slow).Select(i =>
            $$"""{"id": "r{{i}}", "workflow": "triage", "step": "inference", "startedAt": "2026-11-27T09:{{i:00}}:00Z", "endedAt": "2026-11-27T09:{{i:00}}:{{(i < fast ? "05" : "45")}}Z", "outcome": "ok"}""");
        File.WriteAllText(Path.Combine(folder, "workflow-runs.ndjson"), "{\"$evidence\": {\"kind\": \"workflow-runs\", \"collectedAt\": \"2026-11-28T06:00:00Z\"}}\n" + string.Join("\n", lines) + "\n");
        var loaded = PolicyEngine.LoadEvidence([folder]);
        Assert.False(loaded.HasErrors, string.Join("\n", loaded.Diagnostics));
        return loaded.Evidence;
    }
}
