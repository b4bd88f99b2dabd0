// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using System.Text.Json;

namespace AiOpsPolicy.Cli.Tests;

/// <summary>End-to-end tests of <c>aiops-policy gate</c> through <see cref="Program.Run"/>.</summary>
public sealed class GateCommandTests
{
    private const string AsOf = "2026-11-28T12:00:00Z";

    [Fact]
    public void Run_WhenGatingTheHelpdeskExample_ShouldBlockAndWriteTheJsonReport()
    {
        // Given
        using var temp = new TempDirectory();
        using var console = new TestConsole();
        var reportPath = temp.Combine("report.json");

        // When
        var exitCode = Run(console, "--json", reportPath, "--no-cache");

        // Then
        Assert.Equal(1, exitCode);
        Assert.Contains("Decision: BLOCKED", console.OutText, StringComparison.Ordinal);
        Assert.Contains("triage-inference-sla", console.OutText, StringComparison.Ordinal);
        using var report = JsonDocument.Parse(File.ReadAllText(reportPath));
        Assert.Equal("blocked", report.RootElement.GetProperty("decision").GetString());
        Assert.Equal("fail", GateStatuses(report)["triage-inference-sla"]);
    }

    [Fact]
    public void Run_WhenTheCacheFolderHoldsTheCompiledSet_ShouldReuseTheCachedCompilation()
    {
        // Given
        using var temp = new TempDirectory();
        using var first = new TestConsole();
        using var second = new TestConsole();
        var cacheDirectory = temp.Combine("cache");

        // When
        var firstExitCode = Run(first, "--cache-dir", cacheDirectory);
        var secondExitCode = Run(second, "--cache-dir", cacheDirectory);

        // Then
        Assert.Equal(1, firstExitCode);
        Assert.Equal(1, secondExitCode);
        Assert.DoesNotContain("(cached compilation)", first.OutText, StringComparison.Ordinal);
        Assert.Contains("(cached compilation)", second.OutText, StringComparison.Ordinal);
        Assert.NotEmpty(Directory.EnumerateFileSystemEntries(cacheDirectory));
    }

    [Theory]
    [InlineData("gate", "--policies", "policies/helpdesk")]
    [InlineData("gate", "--policies", "policies/helpdesk", "--evidence", "examples/evidence", "--as-of", "yesterday")]
    [InlineData("gate", "--policies", "policies/helpdesk", "--evidence", "examples/evidence", "--as-of", "2026-11-28T12:00:00")]
    [InlineData("frobnicate")]
    [InlineData("gate", "--no-such-option")]
    public void Run_WhenTheCommandLineIsInvalid_ShouldReportUsageAndExit2(params string[] args)
    {
        // Given
        using var console = new TestConsole();

        // When
        var exitCode = Program.Run(args, console, () => DateTimeOffset.Parse(AsOf, System.Globalization.CultureInfo.InvariantCulture));

        // Then
        Assert.Equal(2, exitCode);
        Assert.Contains("error AOP5001:", console.ErrText, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", console.ErrText, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_WhenAnNdjsonLineIsMalformed_ShouldQuarantineItNamingTheFileAndLineAndStillDecide()
    {
        // Given
        using var temp = new TempDirectory();
        using var console = new TestConsole();
        var evidence = temp.CopyFolder(Repository.ExampleEvidence, "evidence");
        var runs = Path.Combine(evidence, "workflow-runs.ndjson");
        var lines = File.ReadAllLines(runs).ToList();
        lines.Insert(3, "{\"id\": \"tt-broken\", \"workflow\": \"ticket-triage\",");
        File.WriteAllLines(runs, lines);

        // When
        var exitCode = Program.Run(["gate", "--policies", Repository.HelpdeskPolicies, "--evidence", evidence, "--as-of", AsOf, "--no-cache"], console, FailingClock);

        // Then: one bad line is one quarantined record, not the end of every decision.
        Assert.Equal(1, exitCode);
        Assert.Matches(@"workflow-runs\.ndjson\(4,\d+\): warning AOP1104: Record line 4: ", console.ErrText);
        Assert.Contains("Decision:", console.OutText, StringComparison.Ordinal);
        Assert.Contains("workflow-runs: 1 of ", console.OutText, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_WhenTheEvidenceIsThirtyDaysOld_ShouldMarkGatesInsufficientAndBlock()
    {
        // Given
        using var temp = new TempDirectory();
        using var console = new TestConsole();
        var reportPath = temp.Combine("report.json");

        // When
        var exitCode = Program.Run(
            ["gate", "--policies", Repository.HelpdeskPolicies, "--evidence", Repository.ExampleEvidence, "--as-of", "2026-12-28T06:00:00Z", "--json", reportPath, "--no-cache"],
            console,
            FailingClock);

        // Then
        Assert.Equal(1, exitCode);
        using var report = JsonDocument.Parse(File.ReadAllText(reportPath));
        var statuses = GateStatuses(report);
        Assert.Equal("blocked", report.RootElement.GetProperty("decision").GetString());
        Assert.Equal("insufficient-evidence", statuses["triage-sla"]);
        Assert.Equal("insufficient-evidence", statuses["triage-inference-sla"]);
        Assert.Equal("insufficient-evidence", statuses["compliance-coverage"]);

        // The fragmentation gates read only the Workflow and Connector declarations, no evidence, so
        // stale evidence cannot make them insufficient; every gate that reads evidence must not pass.
        string[] declarationOnly = ["triage-fragmentation", "triage-handoffs", "refund-duplicate-sources"];
        Assert.All(declarationOnly, name => Assert.Equal("pass", statuses[name]));
        Assert.DoesNotContain("pass", statuses.Where(s => !declarationOnly.Contains(s.Key)).Select(s => s.Value));
    }

    [Fact]
    public void Run_WhenTheReportFolderIsAFile_ShouldExit2AndLeaveNoPartialFile()
    {
        // Given
        using var temp = new TempDirectory();
        using var console = new TestConsole();
        var notAFolder = temp.Combine("not-a-folder");
        File.WriteAllText(notAFolder, "a regular file");
        var reportPath = Path.Combine(notAFolder, "report.json");

        // When
        var exitCode = Run(console, "--json", reportPath, "--no-cache");

        // Then
        Assert.Equal(2, exitCode);
        Assert.Contains("error AOP5002:", console.ErrText, StringComparison.Ordinal);
        Assert.False(File.Exists(reportPath));
        Assert.Equal([notAFolder], Directory.GetFileSystemEntries(temp.Path));
        Assert.Equal("a regular file", File.ReadAllText(notAFolder));
    }

    [Fact]
    public void Run_WhenRunTwiceOnTheSameInputs_ShouldWriteByteIdenticalReports()
    {
        // Given
        using var temp = new TempDirectory();
        using var first = new TestConsole();
        using var second = new TestConsole();
        var firstPath = temp.Combine("first.json");
        var secondPath = temp.Combine("second.json");

        // When
        Run(first, "--json", firstPath, "--no-cache");
        Run(second, "--json", secondPath, "--no-cache");

        // Then
        Assert.Equal(File.ReadAllBytes(firstPath), File.ReadAllBytes(secondPath));
    }

    private static int Run(TestConsole console, params string[] extra) =>
        Program.Run(
            ["gate", "--policies", Repository.HelpdeskPolicies, "--evidence", Repository.ExampleEvidence, "--as-of", AsOf, .. extra],
            console,
            FailingClock);

    private static DateTimeOffset FailingClock() => throw new InvalidOperationException("--as-of is given; the clock must not be read.");

    private static Dictionary<string, string> GateStatuses(JsonDocument report) =>
        report.RootElement.GetProperty("gates").EnumerateArray()
            .ToDictionary(g => g.GetProperty("name").GetString()!, g => g.GetProperty("status").GetString()!, StringComparer.Ordinal);
}
