// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

namespace AiOpsPolicy.Core.Configuration;

/// <summary>The backend of a history store.</summary>
public enum HistoryStoreKind
{
    /// <summary>A SQLite file.</summary>
    Sqlite,

    /// <summary>A PostgreSQL database.</summary>
    Postgres,
}
