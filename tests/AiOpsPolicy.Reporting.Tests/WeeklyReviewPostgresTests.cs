// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using AiOpsPolicy.Cli;
using AiOpsPolicy.History;
using AiOpsPolicy.History.Runs;

namespace AiOpsPolicy.Reporting.Tests;

/// <summary>
/// The weekly review from a real PostgreSQL store (.ci/run starts one; see PostgresTestDatabase) holding the same runs as the SQLite store: the files must be the same bytes.
/// </summary>
public sealed class WeeklyReviewPostgresTests : IClassFixture<WeeklyReviewTests.ThreeWeeksStore>, IAsyncLifetime
{
    private readonly WeeklyReviewTests.ThreeWeeksStore _sqlite;
    private PostgresTestDatabase? _database;

    public WeeklyReviewPostgresTests(WeeklyReviewTests.ThreeWeeksStore sqlite)
    {
        _sqlite = sqlite;
    }

    [Fact]
    public void Review_WhenTheRunsAreInPostgreSQL_ShouldWriteTheSameFilesAsFromSQLite()
    {
        // Given
        using var output = new TempDirectory();
        using var console = new TestConsole();

        // When
        var exit = Program.Run(["review", "--store", Database.ConnectionString, "--week", "2026-W47", "--output", output.Path], console, () => throw new InvalidOperationException("--week was given"));

        // Then
        Assert.True(exit == 0, console.ErrText);
        foreach (var file in (string[])["aiops-policy-review.md", "aiops-policy-review.html"])
        {
            Assert.Equal(File.ReadAllText(Path.Combine(_sqlite.Output, file)), File.ReadAllText(output.Combine(file)));
        }
    }

    private PostgresTestDatabase Database => _database ?? throw new InvalidOperationException("The database is created in InitializeAsync.");

    public async Task InitializeAsync()
    {
        _database = await PostgresTestDatabase.CreateAsync("aiops_review_test", builder => builder.Pooling = false);
        await using var store = await HistoryStoreFactory.OpenAsync(_database.ConnectionString);
        foreach (var run in WeeklyReviewTests.ThreeWeeksStore.Runs())
        {
            Assert.Equal(RecordOutcome.Recorded, await store.RecordAsync(run));
        }
    }

    public async Task DisposeAsync()
    {
        if (_database is not null)
        {
            await _database.DisposeAsync();
        }
    }
}
