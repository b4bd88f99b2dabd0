// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using System.Data.Common;
using Microsoft.Data.Sqlite;

namespace AiOpsPolicy.History.Stores;

/// <summary>
/// The history store in a SQLite file (created on first use). The database runs in WAL mode with a busy timeout, and
/// every write takes the write lock up front (<c>BEGIN IMMEDIATE</c>), so concurrent writer processes wait for each
/// other rather than fail.
/// </summary>
public sealed class SqliteHistoryStore : RelationalHistoryStore
{
    /// <summary>How long a connection waits for another writer's lock before failing.</summary>
    public static readonly TimeSpan BusyTimeout = TimeSpan.FromSeconds(60);

    private readonly string _connectionString;

    private SqliteHistoryStore(string connectionString, TimeProvider? timeProvider)
        : base(timeProvider)
    {
        _connectionString = connectionString;
    }

    /// <summary>The full path of the database file.</summary>
    public string Path { get; private init; } = string.Empty;

    /// <summary>Opens (creating if needed) the database file and applies pending migrations.</summary>
    /// <param name="path">The database file path; its directory is created if missing.</param>
    /// <param name="timeProvider">The clock for <c>schema_migrations.applied_at</c>; the system clock by default.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The open store.</returns>
    public static async Task<SqliteHistoryStore> OpenAsync(string path, TimeProvider? timeProvider = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        var fullPath = System.IO.Path.GetFullPath(path);
        var directory = System.IO.Path.GetDirectoryName(fullPath);
        if (!string.IsNullOrEmpty(directory))
        {
            Directory.CreateDirectory(directory);
        }

        var builder = new SqliteConnectionStringBuilder
        {
            DataSource = fullPath,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = true,
            DefaultTimeout = (int)BusyTimeout.TotalSeconds,
        };
        var store = new SqliteHistoryStore(builder.ToString(), timeProvider) { Path = fullPath };
        await store.MigrateAsync(cancellationToken).ConfigureAwait(false);
        return store;
    }

    /// <inheritdoc />
    public override ValueTask DisposeAsync()
    {
        using (var connection = new SqliteConnection(_connectionString))
        {
            SqliteConnection.ClearPool(connection);
        }

        return base.DisposeAsync();
    }

    /// <inheritdoc />
    protected override async Task<DbConnection> OpenConnectionAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(_connectionString);
        try
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            await ExecuteAsync(connection, null,
                $"PRAGMA busy_timeout = {(int)BusyTimeout.TotalMilliseconds}; PRAGMA journal_mode = WAL; PRAGMA foreign_keys = ON;",
                cancellationToken).ConfigureAwait(false);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <inheritdoc />
    /// <remarks><c>SQLITE_BUSY</c> and <c>SQLITE_LOCKED</c> that outlast the busy timeout are worth another try.</remarks>
    protected override bool IsTransient(Exception exception) =>
        exception is SqliteException { SqliteErrorCode: 5 or 6 } || base.IsTransient(exception);

    /// <inheritdoc />
    /// <remarks>Microsoft.Data.Sqlite begins transactions with <c>BEGIN IMMEDIATE</c>: the write lock is already held.</remarks>
    protected override Task LockForMigrationAsync(DbConnection connection, DbTransaction transaction, CancellationToken cancellationToken) =>
        Task.CompletedTask;
}
