// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using AiOpsPolicy.History.Stores;

namespace AiOpsPolicy.History;

/// <summary>Opens the history store a target names.</summary>
public static class HistoryStoreFactory
{
    /// <summary>
    /// Opens a store and applies pending migrations: a connection string starting with <c>Host=</c> or a
    /// <c>postgres://</c> URL opens PostgreSQL; anything else is a SQLite file path.
    /// </summary>
    /// <param name="target">A file path or a PostgreSQL connection string.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The open store; dispose it when done.</returns>
    public static async Task<IHistoryStore> OpenAsync(string target, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(target);
        return PostgresConnectionString.IsPostgres(target)
            ? await PostgresHistoryStore.OpenAsync(target, null, cancellationToken).ConfigureAwait(false)
            : await SqliteHistoryStore.OpenAsync(target, null, cancellationToken).ConfigureAwait(false);
    }
}
