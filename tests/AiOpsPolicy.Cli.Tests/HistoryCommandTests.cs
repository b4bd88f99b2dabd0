// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using System.Text.RegularExpressions;
using AiOpsPolicy.History;

namespace AiOpsPolicy.Cli.Tests;

public sealed class HistoryCommandTests : IClassFixture<HistoryCommandTests.ThreeWeeklyRuns>
{
    private readonly ThreeWeeklyRuns _runs;

    public HistoryCommandTests(ThreeWeeklyRuns runs)
    {
        _runs = runs;
    }

    [Fact]
    public void Coverage_WhenThreeWeeklyRunsAreRecorded_ShouldPrintARowPerWeekOldestFirst()
    {
        // Given
        using var console = new TestConsole();

        // When
        var exit = Program.Run(["coverage", "--store", _runs.Store], console, FailingClock);

        // Then: the two earlier runs had stale evidence, so their automated controls are declared only.
        Assert.Equal(0, exit);
        var rows = Lines(console.OutText).Where(l => l.StartsWith("2026-W", StringComparison.Ordinal)).Select(Squeeze).ToList();
        Assert.Equal(
            [
                "2026-W46 2026-11-09 7 0 6 1 0.0 %",
                "2026-W47 2026-11-16 7 0 6 1 0.0 %",
                "2026-W48 2026-11-23 7 6 0 1 85.7 %",
            ],
            rows);
        Assert.StartsWith("Week", console.OutText, StringComparison.Ordinal);
    }

    [Fact]
    public void Coverage_WhenGroupedByEnforcementPointAsMarkdown_ShouldPrintAMarkdownRowPerWeekAndPoint()
    {
        // Given
        using var console = new TestConsole();

        // When
        var exit = Program.Run(["coverage", "--store", _runs.Store, "--by", "enforcement-point", "--format", "markdown", "--since", "2026-11-23T00:00:00Z"], console, FailingClock);

        // Then
        Assert.Equal(0, exit);
        var lines = Lines(console.OutText);
        Assert.StartsWith("| Week | Starts | Enforcement point |", lines[0], StringComparison.Ordinal);
        Assert.All(lines.Skip(2), l => Assert.StartsWith("| 2026-W48 | 2026-11-23 | ", l, StringComparison.Ordinal));
        Assert.Contains("| 2026-W48 | 2026-11-23 | manual | 1 | 0 | 0 | 1 | 0.0 % |", lines);
        Assert.Contains("| 2026-W48 | 2026-11-23 | feature-store | 3 | 3 | 0 | 0 | 100.0 % |", lines);
    }

    [Fact]
    public void History_WhenAskedForAGate_ShouldPrintOnePointPerRun()
    {
        // Given
        using var console = new TestConsole();

        // When
        var exit = Program.Run(["history", "--store", _runs.Store, "--gate", "triage-inference-sla"], console, FailingClock);

        // Then
        Assert.Equal(0, exit);
        Assert.Contains("Gate 'triage-inference-sla': 3 point(s)", console.OutText, StringComparison.Ordinal);
        var points = Lines(console.OutText).Where(l => l.StartsWith("2026-11-", StringComparison.Ordinal)).Select(Squeeze).ToList();
        Assert.Equal(3, points.Count);
        Assert.StartsWith("2026-11-14T12:00:00Z", points[0], StringComparison.Ordinal);
        Assert.StartsWith("2026-11-14T12:00:00Z insufficient-evidence SlaAttainment(ticket-triage, inference) - - 0", points[0], StringComparison.Ordinal);
        Assert.StartsWith("2026-11-28T12:00:00Z fail SlaAttainment(ticket-triage, inference) 0.9333 56/60 60", points[2], StringComparison.Ordinal);
        Assert.Contains("Time Status Metric Value", Squeeze(Lines(console.OutText)[1]), StringComparison.Ordinal);
    }

    [Fact]
    public void History_WhenAskedForAMetricInARange_ShouldPrintOnlyThePointsInTheRange()
    {
        // Given
        using var console = new TestConsole();

        // When
        var exit = Program.Run(["history", "--store", _runs.Store, "--metric", "SlaAttainment(ticket-triage, inference)", "--since", "2026-11-20T00:00:00Z", "--until", "2026-11-29T00:00:00Z"], console, FailingClock);

        // Then
        Assert.Equal(0, exit);
        Assert.Contains("2 point(s)", console.OutText, StringComparison.Ordinal);
        Assert.Contains("2026-11-28T12:00:00Z triage-inference-sla 0.9333 56/60 60", Lines(console.OutText).Select(Squeeze));
    }

    [Fact]
    public void History_WhenAskedForFlips_ShouldListGatesWhoseStatusChangedMostFirst()
    {
        // Given
        using var console = new TestConsole();

        // When
        var exit = Program.Run(["history", "--store", _runs.Store, "--flips", "--top", "3"], console, FailingClock);

        // Then
        Assert.Equal(0, exit);
        var rows = Lines(console.OutText).Where(l => l.StartsWith("helpdesk-ai", StringComparison.Ordinal)).Select(Squeeze).ToList();
        Assert.Equal(3, rows.Count);
        Assert.Contains("helpdesk-ai triage-time-to-fix pass 2 3", rows);
        Assert.EndsWith(" 1 3", rows[2], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Coverage_WhenTheStoreHoldsNoRun_ShouldSaySoAndExit0()
    {
        // Given
        using var temp = new TempDirectory();
        var store = temp.Combine("empty.db");
        await (await HistoryStoreFactory.OpenAsync(store)).DisposeAsync();
        using var console = new TestConsole();

        // When
        var exit = Program.Run(["coverage", "--store", store], console, FailingClock);

        // Then
        Assert.Equal(0, exit);
        Assert.Contains("holds no runs yet", console.OutText, StringComparison.Ordinal);
    }

    [Fact]
    public void History_WhenTheStoreDoesNotExist_ShouldNameItAndExit2()
    {
        // Given
        using var temp = new TempDirectory();
        var store = temp.Combine("missing.db");
        using var console = new TestConsole();

        // When
        var exit = Program.Run(["history", "--store", store, "--flips"], console, FailingClock);

        // Then
        Assert.Equal(2, exit);
        Assert.Contains($"history store '{store}' does not exist", console.ErrText, StringComparison.Ordinal);
        Assert.False(File.Exists(store));
    }

    [Theory]
    [InlineData("history", "--store", "x.db")]
    [InlineData("history", "--store", "x.db", "--gate", "a", "--flips")]
    [InlineData("history", "--store", "x.db", "--flips", "--top", "0")]
    [InlineData("history", "--store", "x.db", "--metric")]
    [InlineData("history", "--store", "x.db", "--flips", "--since", "2026-11-20")]
    [InlineData("history", "--store", "x.db", "--flips", "--format", "html")]
    [InlineData("history", "--store", "x.db", "--flips", "extra")]
    [InlineData("coverage", "--store", "x.db", "--by", "owner")]
    [InlineData("coverage", "--store", "x.db", "--period", "year")]
    [InlineData("coverage", "--store", "x.db", "--format", "csv")]
    [InlineData("coverage", "--store", "x.db", "--catalog", "c.json", "--by", "team")]
    [InlineData("coverage", "--store", "x.db", "--policy-set")]
    [InlineData("history", "--store", "x.db", "--waivers", "--gate", "a")]
    [InlineData("history", "--store", "x.db", "--flips", "--policy-set", "helpdesk-ai")]
    [InlineData("coverage", "--store", "x.db", "--since", "2026-11-28T00:00:00Z", "--until", "2026-11-21T00:00:00Z")]
    [InlineData("coverage", "--store", "x.db", "--bogus")]
    public void Run_WhenTheCommandLineIsInvalid_ShouldReportAOP5001AndExit2(params string[] args)
    {
        // Given
        using var console = new TestConsole();

        // When
        var exit = Program.Run(args, console, FailingClock);

        // Then
        Assert.Equal(2, exit);
        Assert.Contains("AOP5001", console.ErrText, StringComparison.Ordinal);
        Assert.Equal(string.Empty, console.OutText);
    }

    private static List<string> Lines(string text) => [.. text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)];

    private static string Squeeze(string line) => Regex.Replace(line.Trim(), " {2,}", " ");

    private static DateTimeOffset FailingClock() => throw new InvalidOperationException("The test gave --as-of; the clock must not be read.");

    /// <summary>A SQLite store holding three runs of the example, a week apart, recorded through the real CLI.</summary>
    public sealed class ThreeWeeklyRuns : IDisposable
    {
        private readonly TempDirectory _temp = new();

        public ThreeWeeklyRuns()
        {
            Store = _temp.Combine("history.db");
            foreach (var asOf in (string[])["2026-11-14T12:00:00Z", "2026-11-21T12:00:00Z", "2026-11-28T12:00:00Z"])
            {
                using var console = new TestConsole();
                Program.Run(["gate", "--policies", Repository.HelpdeskPolicies, "--evidence", Repository.ExampleEvidence, "--as-of", asOf, "--no-cache", "--record", Store], console, FailingClock);
                Assert.Contains("Recorded run ", console.OutText, StringComparison.Ordinal);
            }
        }

        /// <summary>Gets the store's path.</summary>
        public string Store { get; }

        /// <inheritdoc />
        public void Dispose() => _temp.Dispose();
    }
}
