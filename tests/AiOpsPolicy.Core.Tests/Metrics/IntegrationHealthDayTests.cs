// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using AiOpsPolicy.Core.Results;

namespace AiOpsPolicy.Core.Tests.Metrics;

/// <summary>docs/metrics.md section 5: a critical connector with no check on a day of the window fails.</summary>
public sealed class IntegrationHealthDayTests
{
    private const string Connector = """
        apiVersion: aiops-policy/v1
        kind: Connector
        metadata:
          name: zendesk-api
        spec:
          system: zendesk
          critical: true
          workflows: [ticket-triage]
          checks:
            auth: true
        """;

    [Theory]
    [InlineData("2026-11-24", "no daily check recorded on 2026-11-24")]
    [InlineData("2026-11-22", "no daily check recorded on 2026-11-22")]
    public void IntegrationHealth_WhenADayOfTheWindowHasNoCheck_ShouldFailTheConnectorNamingTheDay(string missing, string reason)
    {
        // Given: passing checks on every whole day of the last 7d (2026-11-22 to 2026-11-27) but one.
        var days = Enumerable.Range(22, 6).Select(d => $"2026-11-{d}").Where(d => d != missing);

        // When
        var gate = MetricFixtures.Gate([MetricFixtures.TriageWorkflow, Connector], "  measure: IntegrationHealth()\n  bound:\n    min: 100%", Checks(days));

        // Then
        Assert.Equal(GateStatus.Fail, gate.Status);
        Assert.Contains("zendesk-api: " + reason, gate.Explanation, StringComparison.Ordinal);
    }

    [Fact]
    public void IntegrationHealth_WhenEveryWholeDayHasAPassingCheck_ShouldPass()
    {
        // Given: 2026-11-21 is only half inside the window (it starts at 12:00Z), so it is not required.
        var days = Enumerable.Range(22, 6).Select(d => $"2026-11-{d}");

        // When
        var gate = MetricFixtures.Gate([MetricFixtures.TriageWorkflow, Connector], "  measure: IntegrationHealth()\n  bound:\n    min: 100%", Checks(days));

        // Then
        Assert.Equal(GateStatus.Pass, gate.Status);
    }

    private static (string FileName, string Content) Checks(IEnumerable<string> days) => MetricFixtures.Envelope(
        "connector-checks",
        [.. days.Select(d => $$"""{"connector": "zendesk-api", "day": "{{d}}", "authValid": true, "latencyMs": 100, "errorRate": 0, "rowsExpected": 10, "rowsDelivered": 10}""")]);
}
