// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using DuckDB.NET.Data;

namespace AiOpsPolicy.Warehouse.DuckDb;

/// <summary>
/// Decides whether agent runs can stay in DuckDB (<see cref="KeptCheck"/>): the columns must be the contract's with
/// the types a query can judge exactly (text, UTC timestamps of at most microsecond precision, booleans) and nothing
/// else; then one scan counts rows and rows the contract would refuse (a workflow that is not kebab-case, a start after
/// the completion, ...), and one more finds repeated ids.
/// </summary>
internal static class AgentRunsCheck
{
    private static readonly string[] Required = ["id", "workflow", "completedAt", "correct", "humanIntervened"];

    /// <summary>The time columns, which a Parquet file must not hold in nanoseconds (DuckDB would round them).</summary>
    public static readonly string[] Times = ["startedAt", "completedAt"];

    /// <summary>Checks the source; returns how many runs it holds when they can stay, or null.</summary>
    /// <param name="connection">A session over the source.</param>
    /// <param name="source">The source.</param>
    /// <returns>The runs' shape, or null.</returns>
    public static AgentRunsShape? Check(DuckDBConnection connection, DuckDbSource source)
    {
        var names = KeptCheck.Columns(connection, source, Required, static (name, type) => name switch
        {
            "id" or "workflow" => type == "VARCHAR",
            "startedAt" or "completedAt" => type == "TIMESTAMP WITH TIME ZONE",
            "correct" or "humanIntervened" => type == "BOOLEAN",
            _ => false,
        });
        if (names is null)
        {
            return null;
        }

        var started = names.Contains("startedAt");
        var rowValid = string.Join(
            " AND ",
            started ? KeptCheck.Time("startedAt", optional: true) : "true",
            KeptCheck.Time("completedAt"),
            started ? "(startedAt IS NULL OR completedAt >= startedAt)" : "true",
            "correct IS NOT NULL",
            "humanIntervened IS NOT NULL");
        return KeptCheck.Count(connection, source, "workflow", $"workflow IS NOT NULL AND regexp_full_match(workflow, '{KeptCheck.KebabCase}')", rowValid) is { } count ? new AgentRunsShape(count, started) : null;
    }
}

/// <summary>Agent runs that can stay in DuckDB.</summary>
/// <param name="Count">How many there are.</param>
/// <param name="HasStart">Whether the source has a startedAt column.</param>
internal sealed record AgentRunsShape(long Count, bool HasStart);
