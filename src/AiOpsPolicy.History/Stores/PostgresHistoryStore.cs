// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using System.Data.Common;
using Npgsql;

namespace AiOpsPolicy.History.Stores;

/// <summary>
/// The history store in a PostgreSQL database. Runs are written under READ COMMITTED; a concurrent insert of the same
/// run id waits for the first and then does nothing. Migrations are serialized by a transaction-scoped advisory lock.
/// </summary>
public sealed class PostgresHistoryStore : RelationalHistoryStore
{
    /// <summary>The advisory lock key that serializes migrations ("AIOP").</summary>
    public const long MigrationLockKey = 0x41494F50;

    /// <summary>The connect timeout used unless the connection string sets one.</summary>
    public static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(60);

    private readonly NpgsqlDataSource _dataSource;

    private PostgresHistoryStore(NpgsqlDataSource dataSource, TimeProvider? timeProvider)
        : base(timeProvider)
    {
        _dataSource = dataSource;
    }

    /// <summary>Connects and applies pending migrations.</summary>
    /// <param name="connectionString">A key-value connection string (<c>Host=...;Database=...</c>) or a <c>postgres://</c> URL.</param>
    /// <param name="timeProvider">The clock for <c>schema_migrations.applied_at</c>; the system clock by default.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The open store.</returns>
    public static async Task<PostgresHistoryStore> OpenAsync(string connectionString, TimeProvider? timeProvider = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        var store = new PostgresHistoryStore(NpgsqlDataSource.Create(WithDefaults(PostgresConnectionString.Normalize(connectionString))), timeProvider);
        try
        {
            await store.MigrateAsync(cancellationToken).ConfigureAwait(false);
            return store;
        }
        catch
        {
            await store.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>
    /// Raises the connect timeout to <see cref="ConnectTimeout"/> unless the connection string sets one: when many gate
    /// processes start at once, the server may take longer than Npgsql's default 15 s to accept them all.
    /// </summary>
    /// <param name="connectionString">A key-value connection string.</param>
    /// <returns>The connection string with the default applied.</returns>
    public static string WithDefaults(string connectionString)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        if (!new System.Data.Common.DbConnectionStringBuilder { ConnectionString = connectionString }.ContainsKey("Timeout"))
        {
            builder.Timeout = (int)ConnectTimeout.TotalSeconds;
        }

        return builder.ConnectionString;
    }

    /// <inheritdoc />
    public override async ValueTask DisposeAsync()
    {
        await _dataSource.DisposeAsync().ConfigureAwait(false);
        await base.DisposeAsync().ConfigureAwait(false);
    }

    /// <inheritdoc />
    protected override async Task<DbConnection> OpenConnectionAsync(CancellationToken cancellationToken) =>
        await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);

    /// <inheritdoc />
    protected override async Task LockForMigrationAsync(DbConnection connection, DbTransaction transaction, CancellationToken cancellationToken) =>
        await ExecuteWithoutTimeoutAsync(connection, transaction, $"SELECT pg_advisory_xact_lock({MigrationLockKey})", cancellationToken).ConfigureAwait(false);
}
