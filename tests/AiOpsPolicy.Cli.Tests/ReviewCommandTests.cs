// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using System.Globalization;
using AiOpsPolicy.History;
using AiOpsPolicy.History.Runs;

namespace AiOpsPolicy.Cli.Tests;

public sealed class ReviewCommandTests : IClassFixture<ReviewCommandTests.WeeklyStore>
{
    private readonly WeeklyStore _store;

    public ReviewCommandTests(WeeklyStore store)
    {
        _store = store;
    }

    [Fact]
    public void Run_WhenNoWeekIsGiven_ShouldReviewTheLastFullIsoWeekBeforeTheInjectedClock()
    {
        // Given: Wednesday of 2026-W48, so the last full week is 2026-W47 (Mon 16 to Sun 22 Nov).
        using var output = new TempDirectory();
        using var console = new TestConsole();
        static DateTimeOffset Clock() => DateTimeOffset.Parse("2026-11-25T09:30:00Z", CultureInfo.InvariantCulture);

        // When
        var exit = Program.Run(["review", "--store", _store.Store, "--output", output.Path, "--format", "markdown"], console, Clock);

        // Then
        Assert.Equal(0, exit);
        Assert.StartsWith("# Weekly review: 2026-W47 (Mon 16 Nov to Sun 22 Nov 2026)", File.ReadAllText(output.Combine("aiops-policy-review.md")), StringComparison.Ordinal);
        Assert.Contains("2026-W47: 1 run(s), 0 blocked", console.OutText, StringComparison.Ordinal);
        Assert.False(File.Exists(output.Combine("aiops-policy-review.html")));
    }

    [Fact]
    public void Run_WhenTheClockIsOnAMondayAtMidnight_ShouldReviewTheWeekThatJustEnded()
    {
        // Given
        using var output = new TempDirectory();
        using var console = new TestConsole();
        static DateTimeOffset Clock() => DateTimeOffset.Parse("2026-11-23T00:00:00Z", CultureInfo.InvariantCulture);

        // When
        var exit = Program.Run(["review", "--store", _store.Store, "--output", output.Path], console, Clock);

        // Then
        Assert.Equal(0, exit);
        Assert.Contains("2026-W47:", console.OutText, StringComparison.Ordinal);
        Assert.True(File.Exists(output.Combine("aiops-policy-review.md")));
        Assert.True(File.Exists(output.Combine("aiops-policy-review.html")));
    }

    [Fact]
    public void Run_WhenAsOfIsGiven_ShouldUseItInsteadOfTheClock()
    {
        // Given
        using var output = new TempDirectory();
        using var console = new TestConsole();

        // When
        var exit = Program.Run(["review", "--store", _store.Store, "--output", output.Path, "--as-of", "2026-11-18T12:00:00Z"], console, FailingClock);

        // Then: the last full week before Wednesday of W47 is W46.
        Assert.Equal(0, exit);
        Assert.Contains("2026-W46: 1 run(s)", console.OutText, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_WhenThePolicySetHasNoRunThatWeek_ShouldSaySoAndExit0()
    {
        // Given
        using var output = new TempDirectory();
        using var console = new TestConsole();

        // When
        var exit = Program.Run(["review", "--store", _store.Store, "--output", output.Path, "--week", "2026-W47", "--policy-set", "other"], console, FailingClock);

        // Then
        Assert.Equal(0, exit);
        Assert.Contains("No runs of other were recorded in 2026-W47", console.OutText, StringComparison.Ordinal);
        Assert.Contains("No runs were recorded in 2026-W47", File.ReadAllText(output.Combine("aiops-policy-review.md")), StringComparison.Ordinal);
    }

    [Fact]
    public void Run_WhenTheStoreDoesNotExist_ShouldNameItAndExit2()
    {
        // Given
        using var temp = new TempDirectory();
        var store = temp.Combine("missing.db");
        using var console = new TestConsole();

        // When
        var exit = Program.Run(["review", "--store", store, "--week", "2026-W47", "--output", temp.Path], console, FailingClock);

        // Then
        Assert.Equal(2, exit);
        Assert.Contains($"history store '{store}' does not exist", console.ErrText, StringComparison.Ordinal);
        Assert.False(File.Exists(temp.Combine("aiops-policy-review.md")));
    }

    [Fact]
    public void Run_WhenThePostgreSqlStoreIsUnreachable_ShouldSaySoWithoutTheConnectionStringAndExit2()
    {
        // Given: nothing listens on port 1.
        using var temp = new TempDirectory();
        using var console = new TestConsole();
        const string Store = "Host=127.0.0.1;Port=1;Username=u;Password=secret-password;Database=d;Timeout=2";

        // When
        var exit = Program.Run(["review", "--store", Store, "--week", "2026-W47", "--output", temp.Path], console, FailingClock);

        // Then
        Assert.Equal(2, exit);
        Assert.Contains("error: cannot read the history store the PostgreSQL store", console.ErrText, StringComparison.Ordinal);
        Assert.DoesNotContain("secret-password", console.ErrText, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFiles(temp.Path));
    }

    [Fact]
    public void Run_WhenTheOutputCannotBeWritten_ShouldReportAOP5002AndExit2()
    {
        // Given: the output "folder" is a file.
        using var temp = new TempDirectory();
        var blocker = temp.Combine("not-a-folder");
        File.WriteAllText(blocker, "x");
        using var console = new TestConsole();

        // When
        var exit = Program.Run(["review", "--store", _store.Store, "--week", "2026-W47", "--output", blocker], console, FailingClock);

        // Then
        Assert.Equal(2, exit);
        Assert.Contains("AOP5002", console.ErrText, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--week", "2026-47")]
    [InlineData("--week", "2026-W7")]
    [InlineData("--week", "2026-W00")]
    [InlineData("--week", "2026-W54")]
    [InlineData("--week", "2025-W53")]
    [InlineData("--week", "week47")]
    [InlineData("--week")]
    [InlineData("--format", "pdf")]
    [InlineData("--as-of", "2026-11-25")]
    [InlineData("--bogus")]
    [InlineData("extra")]
    public void Run_WhenTheCommandLineIsInvalid_ShouldReportAOP5001AndExit2(params string[] options)
    {
        // Given
        using var console = new TestConsole();

        // When
        var exit = Program.Run(["review", "--store", _store.Store, .. options], console, FailingClock);

        // Then
        Assert.Equal(2, exit);
        Assert.Contains("AOP5001", console.ErrText, StringComparison.Ordinal);
        Assert.Equal(string.Empty, console.OutText);
    }

    [Fact]
    public void Run_WhenTheWeekIsMalformed_ShouldSayWhatAWeekLooksLike()
    {
        // Given
        using var console = new TestConsole();

        // When
        var exit = Program.Run(["review", "--store", _store.Store, "--week", "2026-W54"], console, FailingClock);

        // Then
        Assert.Equal(2, exit);
        Assert.Contains("Option '--week' needs an ISO week such as 2026-W47", console.ErrText, StringComparison.Ordinal);
        Assert.Contains("got '2026-W54'", console.ErrText, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_WhenNoStoreIsGiven_ShouldSayHowToGiveOne()
    {
        // Given
        using var console = new TestConsole();
        var previous = Environment.GetEnvironmentVariable("AIOPS_POLICY_HISTORY");

        // When
        int exit;
        try
        {
            Environment.SetEnvironmentVariable("AIOPS_POLICY_HISTORY", null);
            exit = Program.Run(["review", "--week", "2026-W47"], console, FailingClock);
        }
        finally
        {
            Environment.SetEnvironmentVariable("AIOPS_POLICY_HISTORY", previous);
        }

        // Then
        Assert.Equal(2, exit);
        Assert.Contains("Give the history store with --store TARGET", console.ErrText, StringComparison.Ordinal);
    }

    private static DateTimeOffset FailingClock() => throw new InvalidOperationException("The test gave --week or --as-of; the clock must not be read.");

    /// <summary>A SQLite store with one small run a week in 2026-W46 and W47.</summary>
    public sealed class WeeklyStore : IDisposable
    {
        private readonly TempDirectory _temp = new();

        public WeeklyStore()
        {
            Store = _temp.Combine("history.db");
            var store = HistoryStoreFactory.OpenAsync(Store).GetAwaiter().GetResult();
            try
            {
                foreach (var at in (string[])["2026-11-11T10:00:00Z", "2026-11-18T10:00:00Z"])
                {
                    store.RecordAsync(new RunRecord
                    {
                        RunId = "run-" + at,
                        RecordedAt = DateTimeOffset.Parse(at, CultureInfo.InvariantCulture),
                        EngineVersion = "0.1.0",
                        PolicySet = "helpdesk",
                        PolicyDigest = "sha256:p",
                        EvidenceDigest = "sha256:e",
                        Decision = "allowed",
                        Gates = [new GateRecord("sla", "block", "pass", "96%", null, ">= 95%", [new MetricRecord("SlaAttainment(triage)", "96%", null, 96, 100, 100)])],
                    }).GetAwaiter().GetResult();
                }
            }
            finally
            {
                store.DisposeAsync().AsTask().GetAwaiter().GetResult();
            }
        }

        public string Store { get; }

        public void Dispose() => _temp.Dispose();
    }
}
