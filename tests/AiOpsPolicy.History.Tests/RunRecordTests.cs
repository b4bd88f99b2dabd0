// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using AiOpsPolicy.Core.Model;
using AiOpsPolicy.Core.Results;
using AiOpsPolicy.Core.Text;
using AiOpsPolicy.History.Runs;

namespace AiOpsPolicy.History.Tests;

public sealed class RunRecordTests
{
    private static GateRunResult Result() => new()
    {
        EngineVersion = "0.1.0",
        PolicySet = "helpdesk",
        PolicySetVersion = "3",
        PolicyDigest = "sha256:p",
        EvidenceDigest = "sha256:e",
        EvaluatedAt = new DateTimeOffset(2026, 11, 28, 12, 0, 0, TimeSpan.Zero),
        Gates =
        [
            new GateResult
            {
                Gate = "grounding",
                Severity = GateSeverity.Block,
                Status = GateStatus.InsufficientEvidence,
                Explanation = "too few records",
                ObservedValue = 0.5,
                Observed = "0.5",
                Bound = ">= 0.8",
                Location = SourceLocation.None,
                Metrics = [new MetricResult("grounded_ratio", "0.5", 1, 2, 2, "1 of 2", [], [])],
            },
        ],
        Controls = [new ControlCoverage("eval-suite", null, true, true, false, null, null, ["ci"], ["NIST-1"])],
    };

    [Fact]
    public void From_WhenGivenGateRunResultAndContext_ShouldFlattenRunGatesMetricsAndControls()
    {
        // Given
        var context = new RunContext("github:org/repo:1:1", "github", "org/repo/gate", "sha", null);

        // When
        var record = RunRecord.From(Result(), context);

        // Then
        Assert.Equal(("github:org/repo:1:1", "blocked", "helpdesk", "3"), (record.RunId, record.Decision, record.PolicySet, record.PolicySetVersion));
        Assert.Equal(new DateTimeOffset(2026, 11, 28, 12, 0, 0, TimeSpan.Zero), record.RecordedAt);
        var gate = Assert.Single(record.Gates);
        Assert.Equal(("grounding", "block", "insufficient-evidence", 0.5), (gate.Gate, gate.Severity, gate.Status, gate.ObservedValue));
        Assert.Equal(new MetricRecord("grounded_ratio", "0.5", 0.5, 1, 2, 2), Assert.Single(gate.Metrics));
        var control = Assert.Single(record.Controls);
        Assert.Equal(("eval-suite", true, false, "ci"), (control.Name, control.DeclaredAutomated, control.Evidenced, control.EnforcedAt.Single()));
    }

    [Fact]
    public void From_WhenContextHasNoRunId_ShouldDeriveAStableIdFromDigestsAndEvaluationTime()
    {
        // Given
        var result = Result();

        // When
        var first = RunRecord.From(result, RunContext.None);
        var second = RunRecord.From(result, RunContext.None);

        // Then
        Assert.Equal("local:sha256:p:sha256:e:2026-11-28T12:00:00.0000000Z", first.RunId);
        Assert.Equal(first.RunId, second.RunId);
    }
}
