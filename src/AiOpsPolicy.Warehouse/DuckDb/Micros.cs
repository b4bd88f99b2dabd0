// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using System.Collections.Immutable;
using System.Text.Json;

namespace AiOpsPolicy.Warehouse.DuckDb;

/// <summary>
/// Instants as DuckDB holds them (Unix microseconds) against .NET's ticks (100 ns): each bound a query compares with is
/// rounded so that the comparison in microseconds gives the answer the in-memory pass gives in ticks, and the ids a
/// query sends back as JSON are read without splitting text.
/// </summary>
internal static class Micros
{
    /// <summary>Unix epoch in .NET ticks.</summary>
    public static readonly long EpochTicks = DateTimeOffset.UnixEpoch.UtcTicks;

    /// <summary>The first microsecond at or after an instant: <c>ticks &gt;= t</c> exactly when <c>micros &gt;= Ceiling(t)</c> (and likewise <c>&lt;</c>).</summary>
    /// <param name="utcTicks">The instant in UTC ticks.</param>
    /// <returns>Unix microseconds.</returns>
    public static long Ceiling(long utcTicks) => CeilDiv(utcTicks - EpochTicks, 10);

    /// <summary>The last microsecond at or before an instant: <c>ticks &lt;= t</c> exactly when <c>micros &lt;= Floor(t)</c>.</summary>
    /// <param name="utcTicks">The instant in UTC ticks.</param>
    /// <returns>Unix microseconds.</returns>
    public static long Floor(long utcTicks) => FloorDiv(utcTicks - EpochTicks, 10);

    /// <summary>The instant of a count of Unix microseconds.</summary>
    /// <param name="micros">Unix microseconds.</param>
    /// <returns>The UTC instant.</returns>
    public static DateTimeOffset Instant(long micros) => new(EpochTicks + (micros * 10), TimeSpan.Zero);

    /// <summary>The ids of a JSON array DuckDB wrote (<c>to_json</c>): ids may hold any character, so no text splitting.</summary>
    /// <param name="json">The array.</param>
    /// <returns>The ids.</returns>
    public static ImmutableArray<string> Ids(string json)
    {
        using var document = JsonDocument.Parse(json);
        return [.. document.RootElement.EnumerateArray().Select(e => e.GetString() ?? string.Empty)];
    }

    /// <summary>Division rounding towards negative infinity.</summary>
    /// <param name="value">The dividend.</param>
    /// <param name="by">The divisor, positive.</param>
    /// <returns>The quotient.</returns>
    public static long FloorDiv(long value, long by) => value >= 0 ? value / by : -((-value + by - 1) / by);

    /// <summary>Division rounding towards positive infinity.</summary>
    /// <param name="value">The dividend.</param>
    /// <param name="by">The divisor, positive.</param>
    /// <returns>The quotient.</returns>
    public static long CeilDiv(long value, long by) => -FloorDiv(-value, by);
}
