// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using AiOpsPolicy.Cli;

namespace AiOpsPolicy.Reporting.Tests;

/// <summary><c>aiops-policy gate --format ... --output DIR</c>, end to end through <see cref="Program.Run"/>.</summary>
public sealed class GateCommandReportTests
{
    [Fact]
    public void Run_WhenEveryFormatIsAskedFor_ShouldWriteEachFileAndPrintTheAnnotations()
    {
        // Given
        using var temp = new TempDirectory();
        using var console = new TestConsole();
        var output = temp.Combine("reports");
        var json = temp.Combine("report.json");

        // When
        var exitCode = Gate(console, "--format", "json,junit,sarif", "--format", "markdown,html", "--format=gitlab,github", "--output", output, "--json", json);

        // Then
        Assert.Equal(1, exitCode);
        Assert.True(File.Exists(json));
        string[] expected = ["aiops-policy-report.json", "TEST-aiops-policy.xml", "aiops-policy.sarif", "aiops-policy-summary.md", "aiops-policy-report.html", "gl-code-quality-report.json"];
        Assert.Equal(expected.Order(StringComparer.Ordinal), Directory.GetFiles(output).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        Assert.Contains("::error file=policies/helpdesk/gates.yaml,", console.OutText, StringComparison.Ordinal);
        Assert.Contains("Decision: BLOCKED", console.OutText, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_WhenAReportCannotBeWritten_ShouldExit2AndNameTheReport()
    {
        // Given
        using var temp = new TempDirectory();
        using var console = new TestConsole();
        var notAFolder = temp.Combine("file");
        File.WriteAllText(notAFolder, "in the way");

        // When
        var exitCode = Gate(console, "--format", "junit", "--output", notAFolder);

        // Then
        Assert.Equal(2, exitCode);
        Assert.Contains("error AOP5002:", console.ErrText, StringComparison.Ordinal);
        Assert.Contains("TEST-aiops-policy.xml", console.ErrText, StringComparison.Ordinal);
        Assert.Contains("junit report", console.ErrText, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_WhenTheFormatIsUnknown_ShouldReportUsageAndExit2()
    {
        // Given
        using var console = new TestConsole();

        // When
        var exitCode = Gate(console, "--format", "junit,pdf");

        // Then
        Assert.Equal(2, exitCode);
        Assert.Contains("error AOP5001: Unknown report format 'pdf'", console.ErrText, StringComparison.Ordinal);
    }

    private static int Gate(TestConsole console, params string[] extra) =>
        Program.Run(
            ["gate", "--policies", Repository.HelpdeskPolicies, "--evidence", Repository.ExampleEvidence, "--as-of", "2026-11-28T12:00:00Z", "--repo-root", Repository.Root, "--no-cache", .. extra],
            console,
            () => throw new InvalidOperationException("--as-of is given; the clock must not be read."));
}
