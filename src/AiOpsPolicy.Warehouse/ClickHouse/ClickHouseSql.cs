// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using System.Globalization;
using System.Text;

namespace AiOpsPolicy.Warehouse.ClickHouse;

/// <summary>
/// SQL text for values that come from outside the query: workflow and step names and outcomes from policy text, the
/// database and table names from the operator. ClickHouse reads backslash escapes inside quotes, so every backslash,
/// quote and control character is escaped, never spliced; the result is always one literal or identifier.
/// </summary>
internal static class ClickHouseSql
{
    /// <summary>A string literal.</summary>
    /// <param name="value">The text.</param>
    /// <returns>The literal.</returns>
    public static string Text(string value) => Quoted(value, '\'');

    /// <summary>A quoted identifier (a database, table or column name).</summary>
    /// <param name="name">The name.</param>
    /// <returns>The identifier.</returns>
    public static string Name(string name) => Quoted(name, '`');

    /// <summary>A whole number typed Int64.</summary>
    /// <param name="value">The number.</param>
    /// <returns>The literal.</returns>
    public static string Int64(long value) => string.Create(CultureInfo.InvariantCulture, $"toInt64({value})");

    /// <summary>A 0/1 flag typed UInt8.</summary>
    /// <param name="value">The value.</param>
    /// <returns>The literal.</returns>
    public static string Flag(bool value) => value ? "toUInt8(1)" : "toUInt8(0)";

    private static string Quoted(string value, char quote)
    {
        var text = new StringBuilder(value.Length + 2).Append(quote);
        foreach (var c in value)
        {
            _ = c switch
            {
                '\\' => text.Append(@"\\"),
                '\0' => text.Append(@"\0"),
                '\n' => text.Append(@"\n"),
                '\r' => text.Append(@"\r"),
                '\t' => text.Append(@"\t"),
                _ when c == quote => text.Append('\\').Append(c),
                _ => text.Append(c),
            };
        }

        return text.Append(quote).ToString();
    }
}
