// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using AiOpsPolicy.Core.Compilation;
using AiOpsPolicy.Core.PolicyTests;
using AiOpsPolicy.Core.Text;

namespace AiOpsPolicy.Core.Tests.PolicyTests;

/// <summary>Tests of <see cref="PolicyTestRunner"/>: the semantics of policy unit tests.</summary>
public sealed class PolicyTestRunnerTests : IDisposable
{
    private const string Policy = """
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
        ---
        apiVersion: aiops-policy/v1
        kind: Gate
        metadata:
          name: inference-sla
        spec:
          measure: 'SlaAttainment("triage", step: "inference")'
          bound:
            min: 90%
          severity: block
        """;

    private readonly CompiledPolicySet _compiled;
    private readonly string _folder = Directory.CreateTempSubdirectory("aiops-runner-tests-").FullName;

    public PolicyTestRunnerTests()
    {
        var prepared = new PolicyEngine(null).Prepare([new SourceFile("policy.yaml", Policy)]);
        Assert.False(prepared.HasErrors, string.Join("\n", prepared.Diagnostics));
        _compiled = prepared.Compiled!;
    }

    [Fact]
    public void Run_WhenAnExpectedFailComesOutPass_ShouldFailTheTestWithADiff()
    {
        // Given
        var test = LoadOne(Test("expects-fail", Runs(fast: 10, slow: 0), "inference-sla: fail"));

        // When
        var result = PolicyTestRunner.Run(_compiled, test);

        // Then
        Assert.Equal(PolicyTestOutcome.Failed, result.Outcome);
        Assert.Equal(["- inference-sla: fail", "+ inference-sla: pass (100%, bound >= 90%)"], result.DiffLines().ToArray());
    }

    [Fact]
    public void Run_WhenTheExpectedStatusMatches_ShouldPass()
    {
        // Given
        var test = LoadOne(Test("at-the-bound-passes", Runs(fast: 9, slow: 1), "inference-sla: pass"));
        var failing = LoadOne(Test("below-the-bound-fails", Runs(fast: 7, slow: 3), "inference-sla: fail"));

        // When
        var passResult = PolicyTestRunner.Run(_compiled, test);
        var failResult = PolicyTestRunner.Run(_compiled, failing);

        // Then
        Assert.Equal(PolicyTestOutcome.Passed, passResult.Outcome);
        Assert.Equal(PolicyTestOutcome.Passed, failResult.Outcome);
        Assert.Empty(failResult.DiffLines());
    }

    [Theory]
    [InlineData("{ value: 66.67%, tolerance: 0.01% }", PolicyTestOutcome.Passed)]
    [InlineData("{ value: 66%, tolerance: 0.5% }", PolicyTestOutcome.Failed)]
    [InlineData("{ value: 66%, tolerance: 1% }", PolicyTestOutcome.Passed)]
    [InlineData("66.67%", PolicyTestOutcome.Passed)]
    [InlineData("66.6%", PolicyTestOutcome.Failed)]
    public void Run_WhenAValueIsExpected_ShouldHoldOnlyWithinTheTolerance(string expected, PolicyTestOutcome outcome)
    {
        // Given
        var test = LoadOne(Test("value", Runs(fast: 2, slow: 1), "inference-sla: fail", $"inference-sla: {expected}"));

        // When
        var result = PolicyTestRunner.Run(_compiled, test);

        // Then
        Assert.Equal(outcome, result.Outcome);
    }

    [Fact]
    public void Run_WhenEvidenceIsInlineWithoutCollectedAt_ShouldTakeItAsCollectedAtTheTestTime()
    {
        // Given
        var yaml = Test("inline", "    workflow-runs:\n" + Records(fast: 1, slow: 0, indent: 6), "inference-sla: pass", "inference-sla: 100%");
        var test = LoadOne(yaml);

        // When
        var result = PolicyTestRunner.Run(_compiled, test);

        // Then
        Assert.Equal(PolicyTestOutcome.Passed, result.Outcome);
    }

    [Fact]
    public void Run_WhenEvidencePathIsGiven_ShouldLoadTheFolderRelativeToTheTestFile()
    {
        // Given
        var evidence = Path.Combine(_folder, "evidence");
        Directory.CreateDirectory(evidence);
        File.WriteAllText(Path.Combine(evidence, "workflow-runs.ndjson"), """
            {"$evidence": {"kind": "workflow-runs", "collectedAt": "2026-11-28T06:00:00Z"}}
            {"id": "a", "workflow": "triage", "step": "inference", "startedAt": "2026-11-27T09:00:00Z", "endedAt": "2026-11-27T09:01:00Z", "outcome": "ok"}

            """);
        var yaml = """
            apiVersion: aiops-policy/v1
            kind: PolicyTest
            metadata: { name: from-folder }
            spec:
              asOf: 2026-11-28T12:00:00Z
              evidencePath: evidence
              expect:
                gates: { inference-sla: fail }
                metrics: { inference-sla: 0% }
            """;
        var test = LoadOne(yaml);

        // When
        var result = PolicyTestRunner.Run(_compiled, test);

        // Then
        Assert.Equal(Path.Combine(_folder, "evidence"), test.EvidencePath);
        Assert.Equal(PolicyTestOutcome.Passed, result.Outcome);
    }

    [Fact]
    public void Run_WhenTheTestNamesAnUnknownGate_ShouldBeAnErrorAtTheName()
    {
        // Given
        var test = LoadOne(Test("unknown", Runs(fast: 1, slow: 0), "inference-slaa: pass"));

        // When
        var result = PolicyTestRunner.Run(_compiled, test);

        // Then
        Assert.Equal(PolicyTestOutcome.Error, result.Outcome);
        Assert.Contains("no gate named 'inference-slaa'", result.Problems.Single().Message, StringComparison.Ordinal);
        Assert.Equal(13, result.Problems.Single().Location.StartLine);
    }

    [Fact]
    public void Run_WhenAnInlineRecordIsInvalid_ShouldBeAnErrorAtTheRecord()
    {
        // Given
        var yaml = Test("bad-record", "    workflow-runs:\n      - { id: x, workflow: triage, startedAt: yesterday, endedAt: 2026-11-27T09:00:00Z, outcome: ok }\n", "inference-sla: pass");
        var test = LoadOne(yaml);

        // When
        var result = PolicyTestRunner.Run(_compiled, test);

        // Then
        Assert.Equal(PolicyTestOutcome.Error, result.Outcome);
        var problem = result.Problems.First();
        Assert.Equal("policy.test.yaml", problem.Location.Path);
        Assert.Equal(8, problem.Location.StartLine);
        Assert.Contains("inline 'workflow-runs' evidence", problem.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("inference-sla: passes", "must be one of pass, warn, fail")]
    [InlineData("inference-sla: { value: fast }", "must be one of pass, warn, fail")]
    public void Load_WhenAnExpectationIsInvalid_ShouldReportItsLocation(string expectation, string message)
    {
        // Given
        var yaml = Test("invalid", Runs(fast: 1, slow: 0), expectation);

        // When
        var loaded = PolicyTestLoader.Load([(new SourceFile("policy.test.yaml", yaml), _folder)]);

        // Then
        Assert.Empty(loaded.Tests);
        var problem = Assert.Single(loaded.Problems);
        Assert.Contains(message, problem.Message, StringComparison.Ordinal);
        Assert.StartsWith("policy.test.yaml(13,", problem.ToString(), StringComparison.Ordinal);
    }

    public void Dispose()
    {
        _compiled.Dispose();
        Directory.Delete(_folder, recursive: true);
    }

    private PolicyTest LoadOne(string yaml)
    {
        var loaded = PolicyTestLoader.Load([(new SourceFile("policy.test.yaml", yaml), _folder)]);
        Assert.Empty(loaded.Problems);
        return Assert.Single(loaded.Tests);
    }

    private static string Test(string name, string evidence, string gates, string? metrics = null) =>
        $"apiVersion: aiops-policy/v1\n"
        + $"kind: PolicyTest\n"
        + $"metadata: {{ name: {name} }}\n"
        + $"spec:\n"
        + $"  asOf: 2026-11-28T12:00:00Z\n"
        + $"  evidence:\n"
        + evidence
        + $"  expect:\n"
        + $"    gates:\n"
        + $"      {gates}\n"
        + (metrics is null ? string.Empty : $"    metrics:\n      {metrics}\n");

    private static string Runs(int fast, int slow) =>
        "    workflow-runs:\n      collectedAt: 2026-11-28T06:00:00Z\n      records:\n" + Records(fast, slow, indent: 8);

    private static string Records(int fast, int slow, int indent)
    {
        var pad = new string(' ', indent);
        var lines = Enumerable.Range(0, fast + slow).Select(i =>
            $"{pad}- {{ id: run-{i}, workflow: triage, step: inference, startedAt: 2026-11-27T09:{i:00}:00Z, endedAt: 2026-11-27T09:{i:00}:{(i < fast ? "05" : "45")}Z, outcome: ok }}\n");
        return string.Concat(lines);
    }
}
