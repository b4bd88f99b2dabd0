// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

namespace AiOpsPolicy.Core.Model;

/// <summary>The policy set's history setting (<c>spec.history</c>): whether <c>gate</c> records runs, and where.</summary>
/// <param name="Record">Whether <c>gate</c> records every run without <c>--record</c>.</param>
/// <param name="Store">
/// The store: a SQLite file path (relative paths are resolved against the policy folder) or a PostgreSQL connection
/// string without a password; null when not set.
/// </param>
/// <param name="Require">Whether a run that cannot be recorded ends with exit 2 (as <c>--require-record</c>).</param>
public sealed record HistorySettings(bool Record, string? Store, bool Require);
