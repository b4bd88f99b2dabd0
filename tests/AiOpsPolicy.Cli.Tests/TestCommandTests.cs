// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using System.Globalization;
using System.Xml.Linq;

namespace AiOpsPolicy.Cli.Tests;

/// <summary>End-to-end tests of <c>aiops-policy test</c> through <see cref="Program.Run"/>.</summary>
public sealed class TestCommandTests
{
    private const string Gate = """
        apiVersion: aiops-policy/v1
        kind: Workflow
        metadata: { name: triage }
        spec:
          systems: [zendesk, model]
          steps:
            - name: inference
              system: model
              sla: { time: 30s }
        ---
        apiVersion: aiops-policy/v1
        kind: Gate
        metadata: { name: inference-sla }
        spec:
          measure: 'SlaAttainment("triage", step: "inference")'
          bound: { min: 95% }
          severity: block

        """;

    [Fact]
    public void Run_WhenTestingTheHelpdeskExample_ShouldPassEveryTestAndWriteJUnit()
    {
        // Given
        using var temp = new TempDirectory();
        using var console = new TestConsole();
        var junit = temp.Combine("junit.xml");

        // When
        var exitCode = Run(console, "test", "--policies", Repository.HelpdeskPolicies, "--junit", junit, "--no-cache");

        // Then
        Assert.True(exitCode == 0, console.OutText + console.ErrText);
        Assert.Contains("0 failed, 0 error(s)", console.OutText, StringComparison.Ordinal);
        var suites = XDocument.Load(junit).Root!;
        Assert.Empty(JUnitSchema.Validate(File.ReadAllBytes(junit)));
        Assert.Equal("0", suites.Attribute("failures")!.Value);
        Assert.True(int.Parse(suites.Attribute("tests")!.Value, CultureInfo.InvariantCulture) >= 10);
    }

    [Fact]
    public void Run_WhenAnExpectedFailComesOutPass_ShouldExit1AndWriteTheDiffToJUnit()
    {
        // Given
        using var temp = new TempDirectory();
        using var console = new TestConsole();
        File.WriteAllText(temp.Combine("gates.yaml"), Gate);
        Directory.CreateDirectory(temp.Combine("tests"));
        File.WriteAllText(temp.Combine("tests/sla.test.yaml"), Test("expects-fail", "fail", endedAt: "09:00:05"));
        var junit = temp.Combine("junit.xml");

        // When
        var exitCode = Run(console, "test", "--policies", temp.Path, "--junit", junit, "--no-cache");

        // Then
        Assert.Equal(1, exitCode);
        Assert.Contains("FAIL  expects-fail", console.OutText, StringComparison.Ordinal);
        Assert.Contains("- inference-sla: fail", console.OutText, StringComparison.Ordinal);
        Assert.Contains("+ inference-sla: pass (100%, bound >= 95%)", console.OutText, StringComparison.Ordinal);
        var failure = XDocument.Load(junit).Descendants("failure").Single();
        Assert.Contains("+ inference-sla: pass", failure.Value, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_WhenOneTestFileFailsToLoad_ShouldWriteItAsAnErrorTestcaseWithCompleteCountsValidAgainstJUnit10()
    {
        // Given: one good test file and one that cannot be loaded
        using var temp = new TempDirectory();
        using var console = new TestConsole();
        File.WriteAllText(temp.Combine("gates.yaml"), Gate);
        File.WriteAllText(temp.Combine("good.test.yaml"), Test("holds", "pass", endedAt: "09:00:05"));
        File.WriteAllText(temp.Combine("bad.test.yaml"), Test("bad-status", "failing", endedAt: "09:00:05"));
        var junit = temp.Combine("junit.xml");

        // When
        var exitCode = Run(console, "test", temp.Path, "--junit", junit, "--no-cache");

        // Then: exit 2, and the XML says why: 2 tests, 1 error, the bad file's testcase located at its problem
        Assert.Equal(2, exitCode);
        Assert.Empty(JUnitSchema.Validate(File.ReadAllBytes(junit)));
        var root = XDocument.Load(junit).Root!;
        Assert.Equal(("2", "0", "1"), ((string)root.Attribute("tests")!, (string)root.Attribute("failures")!, (string)root.Attribute("errors")!));
        var load = root.Descendants("testcase").Single(c => (string?)c.Attribute("name") == "load bad.test.yaml");
        Assert.Equal("TestFileInvalid", (string?)load.Element("error")!.Attribute("type"));
        Assert.Equal((temp.Combine("bad.test.yaml"), 13), JUnitSchema.ActionJUnitReportPosition(load));
        Assert.Single(root.Descendants("testcase"), c => (string?)c.Attribute("name") == "holds" && !c.HasElements);
    }

    [Fact]
    public void Run_WhenEveryTestFileFailsToLoad_ShouldStillWriteTheJUnitReport()
    {
        // Given
        using var temp = new TempDirectory();
        using var console = new TestConsole();
        File.WriteAllText(temp.Combine("gates.yaml"), Gate);
        File.WriteAllText(temp.Combine("bad.test.yaml"), Test("bad-status", "failing", endedAt: "09:00:05"));
        var junit = temp.Combine("junit.xml");

        // When
        var exitCode = Run(console, "test", temp.Path, "--junit", junit, "--no-cache");

        // Then
        Assert.Equal(2, exitCode);
        Assert.Empty(JUnitSchema.Validate(File.ReadAllBytes(junit)));
        var root = XDocument.Load(junit).Root!;
        Assert.Equal(("1", "1"), ((string)root.Attribute("tests")!, (string)root.Attribute("errors")!));
    }

    [Fact]
    public void Run_WhenATestFileIsInvalid_ShouldExit2AndLocateTheProblem()
    {
        // Given
        using var temp = new TempDirectory();
        using var console = new TestConsole();
        File.WriteAllText(temp.Combine("gates.yaml"), Gate);
        File.WriteAllText(temp.Combine("sla.test.yaml"), Test("bad-status", "failing", endedAt: "09:00:05"));

        // When
        var exitCode = Run(console, "test", temp.Path, "--no-cache");

        // Then
        Assert.Equal(2, exitCode);
        Assert.Contains("sla.test.yaml(13,", console.ErrText, StringComparison.Ordinal);
        Assert.Contains("must be one of pass, warn, fail", console.ErrText, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_WhenAskedForHelp_ShouldPrintTheTestUsage()
    {
        // Given
        using var console = new TestConsole();

        // When
        var exitCode = Run(console, "test", "--help");

        // Then
        Assert.Equal(0, exitCode);
        Assert.Contains("aiops-policy test [--policies DIR] [--junit FILE]", console.OutText, StringComparison.Ordinal);
    }

    private static int Run(TestConsole console, params string[] args) =>
        Program.Run(args, console, () => DateTimeOffset.Parse("2026-11-28T12:00:00Z", CultureInfo.InvariantCulture));

    private static string Test(string name, string status, string endedAt) => $$"""
        apiVersion: aiops-policy/v1
        kind: PolicyTest
        metadata: { name: {{name}} }
        spec:
          asOf: 2026-11-28T12:00:00Z
          evidence:
            workflow-runs:
              - { id: r1, workflow: triage, step: inference, startedAt: 2026-11-27T09:00:00Z, endedAt: 2026-11-27T{{endedAt}}Z, outcome: ok }
              - { id: r2, workflow: triage, step: inference, startedAt: 2026-11-27T10:00:00Z, endedAt: 2026-11-27T10:00:01Z, outcome: ok }
          expect:
            gates:
              # the gate under test
              inference-sla: {{status}}

        """;
}
