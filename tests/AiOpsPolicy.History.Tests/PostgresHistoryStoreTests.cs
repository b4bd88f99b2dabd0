// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using Npgsql;
using Xunit.Abstractions;

namespace AiOpsPolicy.History.Tests;

/// <summary>
/// Runs against a real PostgreSQL (.ci/run starts one): AIOPS_POSTGRES, or the default below. Each test creates its own
/// database (the configured name plus a suffix) and drops it afterwards. An unreachable server fails the tests.
/// </summary>
public sealed class PostgresHistoryStoreTests(ITestOutputHelper output) : HistoryStoreContractTests(output)
{
    public const string DefaultConnectionString = "Host=127.0.0.1;Port=5432;Username=postgres;Password=postgres;Database=aiops_history_test";

    private string _connectionString = string.Empty;

    private string _database = string.Empty;

    protected override string Backend => "postgres";

    private static NpgsqlConnectionStringBuilder Configured =>
        new(Environment.GetEnvironmentVariable("AIOPS_POSTGRES") is { Length: > 0 } value ? value : DefaultConnectionString);

    public override async Task InitializeAsync()
    {
        var configured = Configured;
        _database = $"{configured.Database ?? "aiops_history_test"}_{Guid.NewGuid():N}"[..40];
        var admin = new NpgsqlConnectionStringBuilder(configured.ConnectionString) { Database = "postgres", Pooling = false };
        try
        {
            await using var connection = new NpgsqlConnection(admin.ConnectionString);
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand($"CREATE DATABASE \"{_database}\"", connection);
            await command.ExecuteNonQueryAsync();
        }
        catch (Exception e) when (e is NpgsqlException or TimeoutException)
        {
            throw new InvalidOperationException(
                $"PostgreSQL is not reachable at {configured.Host}:{configured.Port} as {configured.Username} ({e.Message}). "
                + "Start it as .ci/run does (see docs/history.md) or point AIOPS_POSTGRES at a server.",
                e);
        }

        _connectionString = new NpgsqlConnectionStringBuilder(configured.ConnectionString) { Database = _database }.ConnectionString;
    }

    public override async Task DisposeAsync()
    {
        if (_connectionString.Length == 0)
        {
            return;
        }

        var admin = new NpgsqlConnectionStringBuilder(Configured.ConnectionString) { Database = "postgres", Pooling = false };
        await using var connection = new NpgsqlConnection(admin.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{_database}\" WITH (FORCE)", connection);
        await command.ExecuteNonQueryAsync();
    }

    protected override async Task<IHistoryStore> OpenStoreAsync() => await HistoryStoreFactory.OpenAsync(_connectionString);

    protected override async Task ExecuteRawAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(_connectionString) { Pooling = false }.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
