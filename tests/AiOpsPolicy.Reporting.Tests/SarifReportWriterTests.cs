// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using AiOpsPolicy.Cli;
using AiOpsPolicy.Core.Results;
using NJsonSchema;
using Snapshooter.Xunit;

namespace AiOpsPolicy.Reporting.Tests;

public sealed partial class SarifReportWriterTests : ReportWriterTestBase
{
    private static readonly Lazy<JsonSchema> _schema = new(() => JsonSchema.FromFileAsync(RepositoryPaths.SarifSchema).GetAwaiter().GetResult());

    [Fact]
    public void Write_WhenGivenTheHelpdeskRun_ShouldMatchTheSnapshot()
    {
        // Given
        var writer = new SarifReportWriter(SampleResults.Options);

        // When
        var sarif = Render(writer, SampleResults.Helpdesk);

        // Then
        Snapshot.Match(sarif);
    }

    [Fact]
    public void Write_WhenGivenTheHelpdeskRun_ShouldValidateAgainstTheSarifSchema()
    {
        // Given
        var writer = new SarifReportWriter(SampleResults.Options);

        // When
        var errors = _schema.Value.Validate(Render(writer, SampleResults.HelpdeskWaived));

        // Then
        Assert.Empty(errors.Select(e => e.ToString()));
    }

    [Fact]
    public void Validate_WhenTheSarifBreaksTheSchema_ShouldReportErrors()
    {
        // Given
        var sarif = JsonNode.Parse(Render(new SarifReportWriter(SampleResults.Options), SampleResults.Helpdesk))!;
        sarif["runs"]![0]!["results"]![0]!["level"] = "fatal";

        // When
        var errors = _schema.Value.Validate(sarif.ToJsonString());

        // Then
        Assert.NotEmpty(errors);
    }

    [Fact]
    public void Write_WhenGivenTheHelpdeskRun_ShouldHaveWhatGitHubCodeScanningNeeds()
    {
        // Given
        var writer = new SarifReportWriter(SampleResults.Options);

        // When
        var run = JsonNode.Parse(Render(writer, SampleResults.Helpdesk))!["runs"]![0]!;
        var rules = run["tool"]!["driver"]!["rules"]!.AsArray();
        var results = run["results"]!.AsArray();

        // Then
        Assert.Equal(SampleResults.Helpdesk.Gates.Length, rules.Count);
        Assert.Equal(SampleResults.Helpdesk.Gates.Count(g => g.Status != GateStatus.Pass), results.Count);
        foreach (var result in results)
        {
            var ruleId = result!["ruleId"]!.GetValue<string>();
            Assert.Equal(ruleId, rules[result["ruleIndex"]!.GetValue<int>()]!["id"]!.GetValue<string>());
            var physical = result["locations"]![0]!["physicalLocation"]!;
            var uri = physical["artifactLocation"]!["uri"]!.GetValue<string>();
            Assert.StartsWith("policies/helpdesk/", uri, StringComparison.Ordinal);
            Assert.Equal("%SRCROOT%", physical["artifactLocation"]!["uriBaseId"]!.GetValue<string>());
            Assert.True(physical["region"]!["startLine"]!.GetValue<int>() > 0);
            Assert.True(physical["region"]!["startColumn"]!.GetValue<int>() > 0);
            Assert.Matches(LineHash(), result["partialFingerprints"]!["primaryLocationLineHash"]!.GetValue<string>());
        }

        var failed = results.Single(r => r!["ruleId"]!.GetValue<string>() == "triage-inference-sla")!;
        Assert.Equal("error", failed["level"]!.GetValue<string>());
    }

    [Fact]
    public void Write_WhenAGateIsWaived_ShouldWriteANoteWithAnAcceptedSuppression()
    {
        // Given
        var writer = new SarifReportWriter(SampleResults.Options);

        // When
        var results = JsonNode.Parse(Render(writer, SampleResults.HelpdeskWaived))!["runs"]![0]!["results"]!.AsArray();
        var waived = results.Single(r => r!["ruleId"]!.GetValue<string>() == "triage-inference-sla")!;

        // Then
        Assert.Equal("note", waived["level"]!.GetValue<string>());
        Assert.Equal("external", waived["suppressions"]![0]!["kind"]!.GetValue<string>());
        Assert.Equal("accepted", waived["suppressions"]![0]!["status"]!.GetValue<string>());
        Assert.Contains("ops-lead@example.com", waived["suppressions"]![0]!["justification"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public void Write_WhenThereAreMoreResultsThanGitHubShows_ShouldKeepTheMostSevereAndSaySo()
    {
        // Given
        var gates = Enumerable.Range(0, SarifReportWriter.MaxResults + 10)
            .Select(i => SampleResults.Gate("gate-" + i.ToString("D5", System.Globalization.CultureInfo.InvariantCulture), i < 20 ? GateStatus.Fail : GateStatus.Warn, new string('x', 5000), i < 20 ? Core.Model.GateSeverity.Block : Core.Model.GateSeverity.Warn))
            .ToArray();
        var writer = new SarifReportWriter(SampleResults.Options);

        // When
        var run = JsonNode.Parse(Render(writer, SampleResults.Run(gates)))!["runs"]![0]!;
        var results = run["results"]!.AsArray();

        // Then
        Assert.Equal(SarifReportWriter.MaxResults, results.Count);
        Assert.Equal(20, results.Count(r => r!["level"]!.GetValue<string>() == "error"));
        Assert.All(results, r => Assert.True(r!["message"]!["text"]!.GetValue<string>().Length <= SarifReportWriter.MaxMessageLength));
        Assert.Contains("10 result(s) were left out", run["invocations"]![0]!["toolExecutionNotifications"]![0]!["message"]!["text"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_WhenAPolicyIsBroken_ShouldWriteSarifLocatedOnTheBrokenLine()
    {
        // Given
        using var temp = new TempDirectory();
        using var console = new TestConsole();
        File.WriteAllText(
            temp.Combine("workflow.yaml"),
            SamplePolicies.WorkflowWithBadDuration);
        var sarifPath = temp.Combine("out/validate.sarif");

        // When
        var exitCode = Program.Run(["validate", temp.Path, "--format", "sarif", "--output", sarifPath, "--repo-root", temp.Path, "--no-cache"], console, () => DateTimeOffset.UnixEpoch);
        var text = File.ReadAllText(sarifPath);
        var run = JsonNode.Parse(text)!["runs"]![0]!;
        var result = run["results"]!.AsArray().Single(r => r!["ruleId"]!.GetValue<string>() == "AOP2004")!;
        var physical = result["locations"]![0]!["physicalLocation"]!;

        // Then
        Assert.Equal(2, exitCode);
        Assert.Empty(_schema.Value.Validate(text).Select(e => e.ToString()));
        Assert.Equal("error", result["level"]!.GetValue<string>());
        Assert.Equal("workflow.yaml", physical["artifactLocation"]!["uri"]!.GetValue<string>());
        Assert.Equal(9, physical["region"]!["startLine"]!.GetValue<int>());
        Assert.Equal(11, physical["region"]!["startColumn"]!.GetValue<int>());
        Assert.Contains(run["tool"]!["driver"]!["rules"]!.AsArray(), r => r!["id"]!.GetValue<string>() == "AOP2004");
        Assert.Matches(LineHash(), result["partialFingerprints"]!["primaryLocationLineHash"]!.GetValue<string>());
    }

    [Fact]
    public void Validate_WhenSarifGoesToStandardOutput_ShouldPrintOnlyTheSarifThere()
    {
        // Given
        using var console = new TestConsole();

        // When
        var exitCode = Program.Run(["validate", Repository.HelpdeskPolicies, "--format", "sarif", "--no-cache"], console, () => DateTimeOffset.UnixEpoch);
        var sarif = JsonNode.Parse(console.OutText)!;

        // Then
        Assert.Equal(0, exitCode);
        Assert.Equal("2.1.0", sarif["version"]!.GetValue<string>());
        Assert.Contains("Valid: helpdesk-ai", console.ErrText, StringComparison.Ordinal);
    }

    [Fact]
    public void Relative_WhenThePathIsAbsoluteOrDotted_ShouldBeRepositoryRelativeWithForwardSlashes()
    {
        // Given
        var inside = Path.Combine(Repository.Root, "policies", "helpdesk", "gates.yaml");
        var outside = Path.Combine(Path.GetTempPath(), "elsewhere.yaml");

        // When
        var relative = RepositoryPath.Relative(inside, Repository.Root);
        var dotted = RepositoryPath.Relative("./policies/gates.yaml", repositoryRoot: null);
        var escaped = RepositoryPath.Relative(outside, Repository.Root);

        // Then
        Assert.Equal("policies/helpdesk/gates.yaml", relative);
        Assert.Equal("policies/gates.yaml", dotted);
        Assert.Null(escaped);
    }

    [GeneratedRegex("^[0-9a-f]{16}:[1-9][0-9]*$")]
    private static partial Regex LineHash();
}
