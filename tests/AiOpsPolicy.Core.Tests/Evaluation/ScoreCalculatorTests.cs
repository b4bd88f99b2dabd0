// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using AiOpsPolicy.Core.Evaluation;
using AiOpsPolicy.Core.Model;
using AiOpsPolicy.Core.Results;
using AiOpsPolicy.Core.Text;

namespace AiOpsPolicy.Core.Tests.Evaluation;

public sealed class ScoreCalculatorTests
{
    private static readonly ScoreThresholds Thresholds = new(0.9, 0.75);

    [Fact]
    public void Compute_WhenGatesPassWarnFailAndAreWaived_ShouldCountPassedWeightOverUnwaivedWeight()
    {
        // Given: 3 + 2 pass, 1 warns, 2 fail, 4 waived (left out), a roll-up result (no weight) fails
        GateResult[] results =
        [
            Result("a", GateStatus.Pass, 3), Result("b", GateStatus.Pass, 2), Result("c", GateStatus.Warn, 1),
            Result("d", GateStatus.Fail, 2), Result("e", GateStatus.Waived, 4), Result("r/organisation", GateStatus.Fail, null),
        ];

        // When
        var score = ScoreCalculator.Compute(results, Thresholds);

        // Then: 5 / (3 + 2 + 1 + 2) = 62.5%, below warn at 75%
        Assert.Equal(0.625, score.Score, 9);
        Assert.Equal(GateStatus.Fail, score.Status);
        Assert.Empty(score.FailedKeyGates);
    }

    [Theory]
    [InlineData(9, 1, GateStatus.Pass)]
    [InlineData(8, 2, GateStatus.Warn)]
    [InlineData(3, 1, GateStatus.Warn)]
    [InlineData(7, 3, GateStatus.Fail)]
    public void Compute_WhenTheScoreIsAtOrAroundAThreshold_ShouldMeetThresholdsInclusively(double passed, double failed, GateStatus expected)
    {
        // Given
        GateResult[] results = [Result("a", GateStatus.Pass, passed), Result("b", GateStatus.Error, failed)];

        // When
        var score = ScoreCalculator.Compute(results, Thresholds);

        // Then
        Assert.Equal(expected, score.Status);
    }

    [Fact]
    public void Compute_WhenAKeyGateDoesNotPass_ShouldFailWhateverTheScore()
    {
        // Given: 19 of 20 weight passes (95%), but the one that does not is key
        GateResult[] results = [Result("a", GateStatus.Pass, 19), Result("key-gate", GateStatus.InsufficientEvidence, 1) with { Key = true }];

        // When
        var score = ScoreCalculator.Compute(results, Thresholds);

        // Then
        Assert.Equal(0.95, score.Score, 9);
        Assert.Equal(GateStatus.Fail, score.Status);
        Assert.Equal("key-gate", Assert.Single(score.FailedKeyGates));
    }

    [Fact]
    public void Compute_WhenAKeyGateIsWaivedOrEverythingIsWaived_ShouldNotFailOnIt()
    {
        // Given
        GateResult[] results = [Result("key-gate", GateStatus.Waived, 5) with { Key = true }];

        // When
        var score = ScoreCalculator.Compute(results, Thresholds);

        // Then
        Assert.Equal(1.0, score.Score, 9);
        Assert.Equal(GateStatus.Pass, score.Status);
        Assert.Empty(score.FailedKeyGates);
    }

    [Fact]
    public void Blocked_WhenTheScoreFailsOrAKeyWarnGateWarns_ShouldBlock()
    {
        // Given
        var warnKey = Result("k", GateStatus.Warn, 1) with { Severity = GateSeverity.Warn, Key = true };
        var warnPlain = Result("w", GateStatus.Warn, 1) with { Severity = GateSeverity.Warn };
        var allowed = Run([warnPlain], null);

        // When
        var byKey = Run([warnKey], null);
        var byScore = Run([warnPlain], new ScoreResult(0.5, 0.9, 0.75, GateStatus.Fail, []));
        var warned = Run([warnPlain], new ScoreResult(0.8, 0.9, 0.75, GateStatus.Warn, []));

        // Then
        Assert.False(allowed.Blocked);
        Assert.True(byKey.Blocked);
        Assert.True(warnKey.Blocks);
        Assert.Equal("blocked", byScore.Decision);
        Assert.False(warned.Blocked);
    }

    private static GateRunResult Run(GateResult[] gates, ScoreResult? score) => new()
    {
        EngineVersion = "test",
        PolicySet = "set",
        PolicyDigest = "sha256:0",
        EvidenceDigest = "sha256:0",
        EvaluatedAt = DateTimeOffset.UnixEpoch,
        Gates = [.. gates],
        Score = score,
    };

    private static GateResult Result(string name, GateStatus status, double? weight) => new()
    {
        Gate = name,
        Severity = GateSeverity.Block,
        Status = status,
        Explanation = status.ToText(),
        Location = SourceLocation.None,
        Weight = weight,
    };
}
