// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using System.Globalization;
using Npgsql;

namespace AiOpsPolicy.History.Stores;

/// <summary>Turns a <c>postgres://user:password@host:port/database?key=value</c> URL into an Npgsql connection string.</summary>
public static class PostgresConnectionString
{
    /// <summary>Whether <paramref name="target"/> names a PostgreSQL database (a <c>Host=</c> connection string or a <c>postgres://</c> URL).</summary>
    /// <param name="target">A history target.</param>
    /// <returns><see langword="true"/> for PostgreSQL.</returns>
    public static bool IsPostgres(string target) =>
        target.StartsWith("Host=", StringComparison.OrdinalIgnoreCase)
        || target.StartsWith("postgres://", StringComparison.OrdinalIgnoreCase)
        || target.StartsWith("postgresql://", StringComparison.OrdinalIgnoreCase);

    /// <summary>Returns a key-value connection string; URLs are converted, anything else is returned as is.</summary>
    /// <param name="target">A connection string or URL.</param>
    /// <returns>The Npgsql connection string.</returns>
    public static string Normalize(string target)
    {
        ArgumentNullException.ThrowIfNull(target);
        if (!target.StartsWith("postgres://", StringComparison.OrdinalIgnoreCase)
            && !target.StartsWith("postgresql://", StringComparison.OrdinalIgnoreCase))
        {
            return target;
        }

        var uri = new Uri(target);
        var builder = new NpgsqlConnectionStringBuilder { Host = uri.Host };
        if (uri.Port > 0)
        {
            builder.Port = uri.Port;
        }

        if (uri.UserInfo.Length > 0)
        {
            var parts = uri.UserInfo.Split(':', 2);
            builder.Username = Uri.UnescapeDataString(parts[0]);
            if (parts.Length == 2)
            {
                builder.Password = Uri.UnescapeDataString(parts[1]);
            }
        }

        var database = uri.AbsolutePath.Trim('/');
        if (database.Length > 0)
        {
            builder.Database = Uri.UnescapeDataString(database);
        }

        foreach (var pair in uri.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var keyValue = pair.Split('=', 2);
            var key = Uri.UnescapeDataString(keyValue[0]);
            var value = keyValue.Length == 2 ? Uri.UnescapeDataString(keyValue[1]) : string.Empty;
            builder[string.Equals(key, "sslmode", StringComparison.OrdinalIgnoreCase) ? "SSL Mode" : key] =
                value.ToString(CultureInfo.InvariantCulture);
        }

        return builder.ConnectionString;
    }
}
