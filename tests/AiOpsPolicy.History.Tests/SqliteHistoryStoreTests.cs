// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using AiOpsPolicy.History.Stores;
using Xunit.Abstractions;

namespace AiOpsPolicy.History.Tests;

public sealed class SqliteHistoryStoreTests(ITestOutputHelper output) : HistoryStoreContractTests(output)
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "aiops-history-" + Guid.NewGuid().ToString("N"));

    protected override string Backend => "sqlite";

    private string DatabasePath => Path.Combine(_directory, "nested", "history.db");

    public override Task InitializeAsync() => Task.CompletedTask;

    public override Task DisposeAsync()
    {
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }

        return Task.CompletedTask;
    }

    protected override async Task<IHistoryStore> OpenStoreAsync() => await HistoryStoreFactory.OpenAsync(DatabasePath);

    protected override async Task ExecuteRawAsync(string sql)
    {
        await using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={DatabasePath};Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }

    [Fact]
    public async Task OpenAsync_WhenFileIsMissing_ShouldCreateItInWalMode()
    {
        // Given
        Assert.False(File.Exists(DatabasePath));

        // When
        await using var store = await SqliteHistoryStore.OpenAsync(DatabasePath);

        // Then
        Assert.True(File.Exists(DatabasePath));
        await using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={DatabasePath}");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode";
        Assert.Equal("wal", (string?)await command.ExecuteScalarAsync());
    }
}
