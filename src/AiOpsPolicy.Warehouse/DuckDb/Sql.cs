// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using System.Globalization;

namespace AiOpsPolicy.Warehouse.DuckDb;

/// <summary>
/// SQL text for values that come from outside the query: workflow and step names and outcomes from policy text,
/// paths and table names from the operator. Every one is written as a quoted literal or identifier (a quote
/// doubled), never spliced; text holding a NUL is refused, since DuckDB's API would cut the statement at it.
/// </summary>
internal static class Sql
{
    /// <summary>A string literal.</summary>
    /// <param name="value">The text.</param>
    /// <returns>The literal.</returns>
    public static string Text(string value) => "'" + Checked(value).Replace("'", "''", StringComparison.Ordinal) + "'";

    /// <summary>A string literal or NULL, typed VARCHAR.</summary>
    /// <param name="value">The text, or null.</param>
    /// <returns>The literal.</returns>
    public static string TextOrNull(string? value) => value is null ? "NULL::VARCHAR" : Text(value) + "::VARCHAR";

    /// <summary>A whole number typed BIGINT, or NULL.</summary>
    /// <param name="value">The number, or null.</param>
    /// <returns>The literal.</returns>
    public static string Number(long? value) => value is { } v ? v.ToString(CultureInfo.InvariantCulture) + "::BIGINT" : "NULL::BIGINT";

    /// <summary>A boolean literal.</summary>
    /// <param name="value">The value.</param>
    /// <returns>The literal.</returns>
    public static string Boolean(bool value) => value ? "true" : "false";

    /// <summary>A quoted identifier.</summary>
    /// <param name="name">The name.</param>
    /// <returns>The identifier.</returns>
    public static string Name(string name) => "\"" + Checked(name).Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    private static string Checked(string value) =>
        value.Contains('\0', StringComparison.Ordinal) ? throw new ArgumentException("text holding a NUL character cannot be written into a query", nameof(value)) : value;
}
