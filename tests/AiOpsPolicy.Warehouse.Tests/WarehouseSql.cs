// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using System.Globalization;
using DuckDB.NET.Data;

namespace AiOpsPolicy.Warehouse.Tests;

/// <summary>SQL text and statements the generated warehouses (<see cref="RunsWarehouse"/>, <see cref="AgentRunsWarehouse"/>) are written with.</summary>
internal static class WarehouseSql
{
    /// <summary>An instant as RFC 3339 text in UTC, to the microsecond (DuckDB's precision).</summary>
    /// <param name="time">The instant.</param>
    /// <returns>The text.</returns>
    public static string Time(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture);

    /// <summary>A string literal, or NULL.</summary>
    /// <param name="text">The text.</param>
    /// <returns>The literal.</returns>
    public static string Literal(string? text) => text is null ? "NULL" : "'" + text.Replace("'", "''", StringComparison.Ordinal) + "'";

    /// <summary>Runs statements that return nothing.</summary>
    /// <param name="connection">The connection.</param>
    /// <param name="sql">The statements.</param>
    public static void Execute(DuckDBConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
