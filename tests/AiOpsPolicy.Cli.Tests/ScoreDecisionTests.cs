// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

namespace AiOpsPolicy.Cli.Tests;

/// <summary>End-to-end: how the score of the helpdesk example decides the run and its exit code.</summary>
public sealed class ScoreDecisionTests
{
    private const string AsOf = "2026-11-28T12:00:00Z";

    private const string InferenceWaiver = """
        apiVersion: aiops-policy/v1
        kind: Waiver
        metadata:
          name: inference-latency
        spec:
          gates: [triage-inference-sla]
          owner: helpdesk-ai
          reason: The faster triage model ships next week
          ticket: HD-77
          expires: 2026-12-20
        """;

    [Theory]
    [InlineData("99%", "96%", 1, "Decision: BLOCKED by the score")]
    [InlineData("99%", "80%", 0, "Decision: ALLOWED")]
    public void Run_WhenNoGateBlocks_ShouldLetTheScoreDecide(string passAt, string warnAt, int expectedExit, string expectedDecision)
    {
        // Given: the one failing gate is waived; with it left out the score is 38 of 40 weight (95%), which two gates that warn keep from passing
        using var temp = new TempDirectory();
        var policies = temp.CopyFolder(Repository.HelpdeskPolicies, "policies");
        var manifest = Path.Combine(policies, "policyset.yaml");
        File.WriteAllText(manifest, File.ReadAllText(manifest).Replace("pass: 90%", "pass: " + passAt, StringComparison.Ordinal).Replace("warn: 75%", "warn: " + warnAt, StringComparison.Ordinal));
        File.WriteAllText(Path.Combine(policies, "waivers.yaml"), InferenceWaiver);
        var console = new TestConsole();

        // When
        var exitCode = Program.Run(["gate", "--policies", policies, "--evidence", Repository.ExampleEvidence, "--as-of", AsOf, "--no-cache"], console, () => DateTimeOffset.Parse(AsOf, System.Globalization.CultureInfo.InvariantCulture));

        // Then
        Assert.Equal(expectedExit, exitCode);
        Assert.Contains($"Score: 95% (pass at {passAt}, warn at {warnAt}): {(expectedExit == 1 ? "fail" : "warn")}", console.OutText, StringComparison.Ordinal);
        Assert.Contains(expectedDecision, console.OutText, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_WhenAKeyGateFails_ShouldBlockAndNameItWhateverTheScore()
    {
        // Given: the failing inference gate becomes key, and its failure is not waived
        using var temp = new TempDirectory();
        var policies = temp.CopyFolder(Repository.HelpdeskPolicies, "policies");
        var gates = Path.Combine(policies, "gates.yaml");
        File.WriteAllText(gates, File.ReadAllText(gates).Replace("spec:\n  weight: 2\n", "spec:\n  weight: 2\n  key: true\n", StringComparison.Ordinal));
        var console = new TestConsole();

        // When
        var exitCode = Program.Run(["gate", "--policies", policies, "--evidence", Repository.ExampleEvidence, "--as-of", AsOf, "--no-cache"], console, () => DateTimeOffset.Parse(AsOf, System.Globalization.CultureInfo.InvariantCulture));

        // Then
        Assert.Equal(1, exitCode);
        Assert.Contains("key gate(s) not passing, which fail the set whatever the score: triage-inference-sla", console.OutText, StringComparison.Ordinal);
        Assert.Contains("Decision: BLOCKED by 1 gate(s) and the score", console.OutText, StringComparison.Ordinal);
    }
}
