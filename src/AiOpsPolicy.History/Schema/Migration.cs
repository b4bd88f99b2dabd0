// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using System.Collections.Immutable;

namespace AiOpsPolicy.History.Schema;

/// <summary>One schema migration: portable SQL statements applied in order, once, recorded in <c>schema_migrations</c>.</summary>
/// <param name="Version">The version number; migrations apply in ascending order.</param>
/// <param name="Description">What the migration does.</param>
/// <param name="Statements">The SQL statements, portable between SQLite and PostgreSQL.</param>
public sealed record Migration(int Version, string Description, ImmutableArray<string> Statements);
