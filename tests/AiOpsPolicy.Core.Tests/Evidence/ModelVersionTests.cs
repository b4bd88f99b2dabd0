// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using AiOpsPolicy.Core.Evidence;

namespace AiOpsPolicy.Core.Tests.Evidence;

/// <summary>Model versions compare the way registries number them, not as text.</summary>
public sealed class ModelVersionTests
{
    [Theory]
    [InlineData("1.10.0", "1.9.0")]
    [InlineData("v2.0", "1.99.99")]
    [InlineData("1.0.0", "1.0.0-rc.1")]
    [InlineData("1.0.0-rc.2", "1.0.0-rc.1")]
    [InlineData("1.0.0-rc.10", "1.0.0-rc.9")]
    [InlineData("1.0.0-beta", "1.0.0-alpha.5")]
    [InlineData("1.0.0-alpha.beta", "1.0.0-alpha.1")]
    [InlineData("1.0.0-alpha.1", "1.0.0-alpha")]
    [InlineData("10", "9")]
    [InlineData("latest", "99.0.0")]
    [InlineData("nightly-b", "nightly-a")]
    public void Compare_WhenOneVersionIsLater_ShouldOrderItAfter(string later, string earlier)
    {
        // Given / When
        var forward = ModelVersion.Comparer.Compare(later, earlier);
        var backward = ModelVersion.Comparer.Compare(earlier, later);

        // Then
        Assert.True(forward > 0, $"{later} should come after {earlier}");
        Assert.True(backward < 0, $"{earlier} should come before {later}");
    }

    [Fact]
    public void RaiScorecard_WhenTwoVersionsWereEvaluatedAtTheSameTime_ShouldUseTheNumericallyLatest()
    {
        // Given: 1.10.0 fails safety, 1.9.0 passes; as text 1.9.0 would win.
        const string Rubric = """
            apiVersion: aiops-policy/v1
            kind: Rubric
            metadata:
              name: safe
            spec:
              checks:
                - name: toxicity
                  category: safety
                  predicate: model.Safety("toxicity")
            """;
        var evaluations = Metrics.MetricFixtures.Envelope(
            "model-evaluations",
            """{"model": "m", "version": "1.9.0", "evaluatedAt": "2026-11-27T10:00:00Z", "explainability": "local", "safety": {"toxicity": true}}""",
            """{"model": "m", "version": "1.10.0", "evaluatedAt": "2026-11-27T10:00:00Z", "explainability": "local", "safety": {"toxicity": false}}""");

        // When
        var gate = Metrics.MetricFixtures.Gate([Rubric], "  measure: RaiScorecard(\"safe\")\n  bound:\n    min: 100%", evaluations);

        // Then
        Assert.Equal(Results.GateStatus.Fail, gate.Status);
        Assert.Contains("m@1.10.0", gate.Explanation, StringComparison.Ordinal);
    }
}
