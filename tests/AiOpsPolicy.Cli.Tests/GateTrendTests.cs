// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

namespace AiOpsPolicy.Cli.Tests;

/// <summary>The gate command's trends from the history store: the console lines and the HTML report's Trends section.</summary>
public sealed class GateTrendTests : IClassFixture<HistoryCommandTests.ThreeWeeklyRuns>
{
    private readonly HistoryCommandTests.ThreeWeeklyRuns _runs;

    public GateTrendTests(HistoryCommandTests.ThreeWeeklyRuns runs)
    {
        _runs = runs;
    }

    [Fact]
    public void Gate_WhenAStoreIsAvailable_ShouldPrintTheTrendAfterTheGateTableAndDrawTheTrendsInTheHtmlReport()
    {
        // Given: runs recorded on 14, 21 and 28 November; this run is later on the 28th.
        using var output = new TempDirectory();
        using var console = new TestConsole();

        // When
        var exit = Program.Run(
            ["gate", "--policies", Repository.HelpdeskPolicies, "--evidence", Repository.ExampleEvidence, "--as-of", "2026-11-28T18:00:00Z", "--no-cache",
             "--record", _runs.Store, "--format", "html", "--output", output.Path],
            console,
            FailingClock);

        // Then
        Assert.Equal(1, exit);
        var lines = console.OutText.Split('\n').Select(l => l.TrimEnd('\r')).ToList();
        var trend = lines.FindIndex(l => l.StartsWith("  Trend: ", StringComparison.Ordinal));
        Assert.True(trend > 0, console.OutText);
        Assert.Equal("  Trend: automated coverage 85.7% (6 of 7) this week (2026-W48), 0% (0 of 7) last week (+85.7 pp)", lines[trend]);
        Assert.Matches("^  (pass|warn|fail|error|waived|insufficient-evidence) ", lines[trend - 2]); // the last gate row, then a blank line
        Assert.Equal("  No gate changed status since the previous run (2026-11-28T12:00:00Z).", lines[trend + 1]);
        Assert.DoesNotContain('\u001b', console.OutText);

        var html = File.ReadAllText(output.Combine("aiops-policy-report.html"));
        Assert.Contains("<section id=\"trends\"", html, StringComparison.Ordinal);
        Assert.Contains("<a href=\"#trends\">Trends</a>", html, StringComparison.Ordinal);
        Assert.Contains("id=\"coverage-trend-chart\"", html, StringComparison.Ordinal);
        Assert.Contains("<g data-week=\"2026-W46\">", html, StringComparison.Ordinal);
        Assert.Contains("<g data-week=\"2026-W48\"><title>2026-W48: 85.7%, 6 of 7 required controls automated and evidenced</title>", html, StringComparison.Ordinal);
        Assert.Contains("<g data-metric=\"SlaAttainment(ticket-triage, inference)\">", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Gate_WhenNoStoreIsAvailable_ShouldLeaveTheTrendsOut()
    {
        // Given
        using var output = new TempDirectory();
        using var console = new TestConsole();
        var previous = Environment.GetEnvironmentVariable("AIOPS_POLICY_HISTORY");

        // When
        int exit;
        try
        {
            Environment.SetEnvironmentVariable("AIOPS_POLICY_HISTORY", null);
            exit = Program.Run(
                ["gate", "--policies", Repository.HelpdeskPolicies, "--evidence", Repository.ExampleEvidence, "--as-of", "2026-11-28T12:00:00Z", "--no-cache", "--format", "html", "--output", output.Path],
                console,
                FailingClock);
        }
        finally
        {
            Environment.SetEnvironmentVariable("AIOPS_POLICY_HISTORY", previous);
        }

        // Then
        Assert.Equal(1, exit);
        Assert.DoesNotContain("Trend:", console.OutText, StringComparison.Ordinal);
        var html = File.ReadAllText(output.Combine("aiops-policy-report.html"));
        Assert.DoesNotContain("id=\"trends\"", html, StringComparison.Ordinal);
        Assert.DoesNotContain("#trends", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Gate_WhenNeitherHtmlNorATerminalAsksForTrends_ShouldNotReadThem()
    {
        // Given: a pipeline log (no terminal) and a JSON report only; the store is unreadable, so reading it would warn.
        using var temp = new TempDirectory();
        var broken = temp.Combine("broken.db");
        File.WriteAllText(broken, "this is not a SQLite database, and it is long enough to have a header page.........................................");
        using var console = new TestConsole();

        // When
        var exit = Program.Run(
            ["gate", "--policies", Repository.HelpdeskPolicies, "--evidence", Repository.ExampleEvidence, "--as-of", "2026-11-28T12:00:00Z", "--no-cache", "--record", broken,
             "--format", "json", "--output", temp.Path],
            console,
            FailingClock);

        // Then: the decision stands, the recording failure is reported, and the trends were never read.
        Assert.Equal(1, exit);
        Assert.Contains("warning AOP5005", console.ErrText, StringComparison.Ordinal);
        Assert.DoesNotContain("trends are left out", console.ErrText, StringComparison.Ordinal);
        Assert.DoesNotContain("Trend:", console.OutText, StringComparison.Ordinal);
    }

    [Fact]
    public void Gate_WhenTheStoreCannotBeRead_ShouldWarnAndStillDecide()
    {
        // Given: the "store" is a file that is not a database.
        using var temp = new TempDirectory();
        var broken = temp.Combine("broken.db");
        File.WriteAllText(broken, "this is not a SQLite database, and it is long enough to have a header page.........................................");
        using var console = new TestConsole();

        // When
        var exit = Program.Run(
            ["gate", "--policies", Repository.HelpdeskPolicies, "--evidence", Repository.ExampleEvidence, "--as-of", "2026-11-28T12:00:00Z", "--no-cache", "--record", broken,
             "--format", "html", "--output", temp.Path],
            console,
            FailingClock);

        // Then: blocked as without a store; the trends are left out with one warning.
        Assert.Equal(1, exit);
        Assert.Contains($"warning: trends are left out: cannot read the history store '{broken}'", console.ErrText, StringComparison.Ordinal);
        Assert.DoesNotContain("Trend:", console.OutText, StringComparison.Ordinal);
    }

    private static DateTimeOffset FailingClock() => throw new InvalidOperationException("The test gave --as-of; the clock must not be read.");
}
