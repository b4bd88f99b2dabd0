// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using Npgsql;

namespace AiOpsPolicy.Testing;

/// <summary>
/// A fresh PostgreSQL database for one test, dropped (with its connections) on dispose. The server is
/// <c>AIOPS_POSTGRES</c>, else <see cref="DefaultConnectionString"/>: the one .ci/run starts
/// (docs/history.md). An unreachable server fails the test and says how to start one.
/// </summary>
public sealed class PostgresTestDatabase : IAsyncDisposable
{
    /// <summary>The server .ci/run starts: 127.0.0.1:5432, user and password postgres.</summary>
    public const string DefaultConnectionString = "Host=127.0.0.1;Port=5432;Username=postgres;Password=postgres;Database=aiops_history_test";

    private const int MaxNameLength = 40;

    private PostgresTestDatabase(string name, string connectionString)
    {
        Name = name;
        ConnectionString = connectionString;
    }

    /// <summary>Gets the database's name: the prefix given and a random suffix.</summary>
    public string Name { get; }

    /// <summary>Gets a connection string to the database.</summary>
    public string ConnectionString { get; }

    private static NpgsqlConnectionStringBuilder Configured =>
        new(Environment.GetEnvironmentVariable("AIOPS_POSTGRES") is { Length: > 0 } value ? value : DefaultConnectionString);

    /// <summary>Creates a database on the configured server.</summary>
    /// <param name="prefix">The start of its name, saying which tests made it.</param>
    /// <param name="configure">Changes to the connection string the test connects with (pooling, pool size).</param>
    /// <returns>The database.</returns>
    public static async Task<PostgresTestDatabase> CreateAsync(string prefix, Action<NpgsqlConnectionStringBuilder>? configure = null)
    {
        var configured = Configured;
        var name = $"{prefix}_{Guid.NewGuid():N}";
        name = name[..Math.Min(name.Length, MaxNameLength)];
        try
        {
            await AdminAsync($"CREATE DATABASE \"{name}\"");
        }
        catch (Exception e) when (e is NpgsqlException or TimeoutException)
        {
            throw new InvalidOperationException(
                $"PostgreSQL is not reachable at {configured.Host}:{configured.Port} as {configured.Username} ({e.Message}). "
                + "Start it as .ci/run does (see docs/history.md) or point AIOPS_POSTGRES at a server.",
                e);
        }

        var builder = new NpgsqlConnectionStringBuilder(configured.ConnectionString) { Database = name };
        configure?.Invoke(builder);
        return new PostgresTestDatabase(name, builder.ConnectionString);
    }

    /// <summary>Runs SQL in this database, on a connection of its own (no pool).</summary>
    /// <param name="sql">The statement.</param>
    /// <returns>A task.</returns>
    public async Task ExecuteAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(ConnectionString) { Pooling = false }.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync() => await AdminAsync($"DROP DATABASE IF EXISTS \"{Name}\" WITH (FORCE)");

    private static async Task AdminAsync(string sql)
    {
        // A generous connect timeout (Npgsql's default is 15 s): on a loaded two-core runner, test assemblies creating and
        // dropping databases at once can keep the server from answering a new connection for longer than that.
        var admin = new NpgsqlConnectionStringBuilder(Configured.ConnectionString) { Database = "postgres", Pooling = false, Timeout = 60, CommandTimeout = 120 };
        await using var connection = new NpgsqlConnection(admin.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
