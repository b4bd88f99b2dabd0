// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

namespace AiOpsPolicy.Sources.Output;

/// <summary>
/// One evidence record as a collector produces it: its fields in the order they are written, and the key
/// that orders records in the file (so the same data always gives the same bytes). Values are text,
/// whole numbers, numbers, booleans, instants (written as ISO 8601 UTC) or durations (written in seconds).
/// </summary>
/// <param name="SortKey">Orders records in the file (ordinal).</param>
/// <param name="Fields">The fields, by camelCase name; a null value is left out.</param>
public sealed record OutputRecord(string SortKey, IReadOnlyList<KeyValuePair<string, object?>> Fields);
