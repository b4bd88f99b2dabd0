// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using AiOpsPolicy.Cli;
using AiOpsPolicy.History;
using Npgsql;

namespace AiOpsPolicy.Reporting.Tests;

/// <summary>
/// The weekly review from a real PostgreSQL store (.ci/run starts one; AIOPS_POSTGRES overrides the
/// default connection) holding the same runs as the SQLite store: the files must be the same bytes.
/// </summary>
public sealed class WeeklyReviewPostgresTests : IClassFixture<WeeklyReviewTests.ThreeWeeksStore>, IAsyncLifetime
{
    private const string DefaultConnectionString = "Host=127.0.0.1;Port=5432;Username=postgres;Password=postgres;Database=aiops_review_test";

    private readonly WeeklyReviewTests.ThreeWeeksStore _sqlite;
    private string _connectionString = string.Empty;
    private string _database = string.Empty;

    public WeeklyReviewPostgresTests(WeeklyReviewTests.ThreeWeeksStore sqlite)
    {
        _sqlite = sqlite;
    }

    private static NpgsqlConnectionStringBuilder Configured =>
        new(Environment.GetEnvironmentVariable("AIOPS_POSTGRES") is { Length: > 0 } value ? value : DefaultConnectionString);

    [Fact]
    public void Review_WhenTheRunsAreInPostgreSQL_ShouldWriteTheSameFilesAsFromSQLite()
    {
        // Given
        using var output = new TempDirectory();
        using var console = new TestConsole();

        // When
        var exit = Program.Run(["review", "--store", _connectionString, "--week", "2026-W47", "--output", output.Path], console, () => throw new InvalidOperationException("--week was given"));

        // Then
        Assert.True(exit == 0, console.ErrText);
        foreach (var file in (string[])["aiops-policy-review.md", "aiops-policy-review.html"])
        {
            Assert.Equal(File.ReadAllText(Path.Combine(_sqlite.Output, file)), File.ReadAllText(output.Combine(file)));
        }
    }

    public async Task InitializeAsync()
    {
        var configured = Configured;
        _database = $"{configured.Database ?? "aiops_review_test"}_{Guid.NewGuid():N}"[..40];
        var admin = new NpgsqlConnectionStringBuilder(configured.ConnectionString) { Database = "postgres", Pooling = false };
        await using (var connection = new NpgsqlConnection(admin.ConnectionString))
        {
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand($"CREATE DATABASE \"{_database}\"", connection);
            await command.ExecuteNonQueryAsync();
        }

        _connectionString = new NpgsqlConnectionStringBuilder(configured.ConnectionString) { Database = _database, Pooling = false }.ConnectionString;
        await using var store = await HistoryStoreFactory.OpenAsync(_connectionString);
        foreach (var run in WeeklyReviewTests.ThreeWeeksStore.Runs())
        {
            Assert.Equal(RecordOutcome.Recorded, await store.RecordAsync(run));
        }
    }

    public async Task DisposeAsync()
    {
        if (_database.Length == 0)
        {
            return;
        }

        var admin = new NpgsqlConnectionStringBuilder(Configured.ConnectionString) { Database = "postgres", Pooling = false };
        await using var connection = new NpgsqlConnection(admin.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{_database}\" WITH (FORCE)", connection);
        await command.ExecuteNonQueryAsync();
    }
}
