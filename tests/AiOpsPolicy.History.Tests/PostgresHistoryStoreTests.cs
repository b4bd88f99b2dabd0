// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using Xunit.Abstractions;

namespace AiOpsPolicy.History.Tests;

/// <summary>
/// Runs against a real PostgreSQL (.ci/run starts one; <see cref="PostgresTestDatabase"/>). Each test creates its own
/// database and drops it afterwards. An unreachable server fails the tests.
/// </summary>
public sealed class PostgresHistoryStoreTests(ITestOutputHelper output) : HistoryStoreContractTests(output)
{
    private PostgresTestDatabase? _database;

    protected override string Backend => "postgres";

    public override async Task InitializeAsync() => _database = await PostgresTestDatabase.CreateAsync("aiops_history_test");

    public override async Task DisposeAsync()
    {
        if (_database is not null)
        {
            await _database.DisposeAsync();
        }
    }

    protected override async Task<IHistoryStore> OpenStoreAsync() => await HistoryStoreFactory.OpenAsync(Database.ConnectionString);

    protected override Task ExecuteRawAsync(string sql) => Database.ExecuteAsync(sql);

    private PostgresTestDatabase Database => _database ?? throw new InvalidOperationException("The database is created in InitializeAsync.");
}
