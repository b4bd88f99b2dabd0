// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using AiOpsPolicy.Core.Text;

namespace AiOpsPolicy.Core.Configuration;

/// <summary>A history store the operator declared under a name.</summary>
/// <param name="Name">The name a PolicySet writes as <c>spec.history.store</c>.</param>
/// <param name="Kind">SQLite or PostgreSQL.</param>
/// <param name="Target">The full SQLite path, or the PostgreSQL connection string (it may hold credentials: never shown).</param>
/// <param name="Location">Where the operator configuration declares it.</param>
public sealed record HistoryStoreTarget(string Name, HistoryStoreKind Kind, string Target, SourceLocation Location);
