// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using System.Text.Json.Nodes;
using AiOpsPolicy.Core.Results;
using Snapshooter.Xunit;

namespace AiOpsPolicy.Reporting.Tests;

public sealed class GitLabCodeQualityWriterTests : ReportWriterTestBase
{
    private static readonly string[] _severities = ["info", "minor", "major", "critical", "blocker"];

    [Fact]
    public void Write_WhenGivenTheHelpdeskRun_ShouldMatchTheSnapshot()
    {
        // Given
        var writer = new GitLabCodeQualityWriter(SampleResults.Options);

        // When
        var json = Render(writer, SampleResults.HelpdeskWaived);

        // Then
        Snapshot.Match(json);
    }

    [Fact]
    public void Write_WhenGivenTheHelpdeskRun_ShouldWriteIssuesOfTheCodeQualityShape()
    {
        // Given
        var writer = new GitLabCodeQualityWriter(SampleResults.Options);

        // When
        var issues = JsonNode.Parse(Render(writer, SampleResults.HelpdeskWaived))!.AsArray();

        // Then
        Assert.Equal(SampleResults.HelpdeskWaived.Gates.Count(g => g.Status != GateStatus.Pass) + SampleResults.Helpdesk.Diagnostics.Length, issues.Count);
        foreach (var issue in issues)
        {
            Assert.False(string.IsNullOrWhiteSpace(issue!["description"]!.GetValue<string>()));
            Assert.StartsWith("aiops-policy/", issue["check_name"]!.GetValue<string>(), StringComparison.Ordinal);
            Assert.Matches("^[0-9a-f]{64}$", issue["fingerprint"]!.GetValue<string>());
            Assert.Contains(issue["severity"]!.GetValue<string>(), _severities);
            var path = issue["location"]!["path"]!.GetValue<string>();
            Assert.False(Path.IsPathRooted(path), path);
            Assert.DoesNotContain('\\', path);
            Assert.True(issue["location"]!["lines"]!["begin"]!.GetValue<int>() >= 1);
        }

        Assert.Equal(issues.Count, issues.Select(i => i!["fingerprint"]!.GetValue<string>()).Distinct(StringComparer.Ordinal).Count());
        Assert.Contains(issues, i => i!["severity"]!.GetValue<string>() == "info" && i["check_name"]!.GetValue<string>() == "aiops-policy/gate/triage-inference-sla");
    }

    [Fact]
    public void Write_WhenTheGateMovesToAnotherLine_ShouldKeepItsFingerprint()
    {
        // Given
        var gate = SampleResults.Gate("moving", GateStatus.Fail, "fails");
        var moved = gate with { Location = gate.Location with { StartLine = 40, EndLine = 40 } };
        var writer = new GitLabCodeQualityWriter(SampleResults.Options);

        // When
        var before = JsonNode.Parse(Render(writer, SampleResults.Run(gate)))![0]!["fingerprint"]!.GetValue<string>();
        var after = JsonNode.Parse(Render(writer, SampleResults.Run(moved)))![0]!["fingerprint"]!.GetValue<string>();

        // Then
        Assert.Equal(before, after);
    }
}
