// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using AiOpsPolicy.History;

namespace AiOpsPolicy.Cli.Tests;

public sealed class RecordTests
{
    private const string AsOf = "2026-11-28T12:00:00Z";

    [Fact]
    public async Task Gate_WhenRecordingTheSameRunTwice_ShouldStoreItOnceAndKeepTheDecision()
    {
        // Given
        using var temp = new TempDirectory();
        var store = Path.Combine(temp.Path, "history.db");
        string[] args = ["gate", "--policies", Repository.HelpdeskPolicies, "--evidence", Repository.ExampleEvidence, "--as-of", AsOf, "--no-cache", "--record", store];

        // When
        using var first = new TestConsole();
        var firstExit = Program.Run(args, first, FailingClock);
        using var second = new TestConsole();
        var secondExit = Program.Run(args, second, FailingClock);

        // Then
        Assert.Equal((1, 1), (firstExit, secondExit));
        Assert.Contains("Recorded run ", first.OutText, StringComparison.Ordinal);
        Assert.Contains("already recorded", second.OutText, StringComparison.Ordinal);
        await using var history = await HistoryStoreFactory.OpenAsync(store);
        Assert.Equal(1, await history.CountRunsAsync());
    }

    [Fact]
    public void Gate_WhenTheStoreCannotBeWritten_ShouldWarnAndExit2OnlyWithRequireRecord()
    {
        // Given: a store path under a regular file, which cannot be a folder.
        using var temp = new TempDirectory();
        var blocker = Path.Combine(temp.Path, "file");
        File.WriteAllText(blocker, "x");
        string[] args = ["gate", "--policies", Repository.HelpdeskPolicies, "--evidence", Repository.ExampleEvidence, "--as-of", AsOf, "--no-cache", "--record", Path.Combine(blocker, "history.db")];

        // When
        using var lenient = new TestConsole();
        var lenientExit = Program.Run(args, lenient, FailingClock);
        using var strict = new TestConsole();
        var strictExit = Program.Run([.. args, "--require-record"], strict, FailingClock);

        // Then
        Assert.Equal(1, lenientExit);
        Assert.Contains("warning AOP5005", lenient.ErrText, StringComparison.Ordinal);
        Assert.Equal(2, strictExit);
        Assert.Contains("Decision: BLOCKED", strict.OutText, StringComparison.Ordinal);
    }

    private static DateTimeOffset FailingClock() => throw new InvalidOperationException("The test gave --as-of; the clock must not be read.");
}
