// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using DuckDB.NET.Data;

namespace AiOpsPolicy.Warehouse.DuckDb;

/// <summary>
/// Decides whether workflow runs can stay in DuckDB (<see cref="KeptCheck"/>): the columns must be the contract's with
/// the types a query can judge exactly (text, UTC timestamps of at most microsecond precision, whole numbers) and
/// nothing else; then one scan counts rows and rows the contract would refuse, and one more finds repeated ids.
/// </summary>
internal static class RunsCheck
{
    private static readonly HashSet<string> Texts = new(StringComparer.Ordinal) { "id", "workflow", "step", "outcome" };

    private static readonly string[] Required = ["id", "workflow", "startedAt", "endedAt", "outcome"];

    /// <summary>The time columns, which a Parquet file must not hold in nanoseconds (DuckDB would round them).</summary>
    public static readonly string[] Times = ["startedAt", "endedAt"];

    /// <summary>Checks the source; returns how many runs it holds when they can stay, or null.</summary>
    /// <param name="connection">A session over the source.</param>
    /// <param name="source">The source.</param>
    /// <returns>The run count, or null.</returns>
    public static RunsShape? Check(DuckDBConnection connection, DuckDbSource source)
    {
        var names = KeptCheck.Columns(connection, source, Required, static (name, type) => name switch
        {
            _ when Texts.Contains(name) => type == "VARCHAR",
            "startedAt" or "endedAt" => type == "TIMESTAMP WITH TIME ZONE",
            "transactions" => KeptCheck.WholeNumbers.Contains(type),
            _ => false,
        });
        if (names is null)
        {
            return null;
        }

        var stepped = names.Contains("step");
        var transactions = names.Contains("transactions");
        var rowValid = string.Join(
            " AND ",
            KeptCheck.Time("startedAt"),
            KeptCheck.Time("endedAt"),
            "endedAt >= startedAt",
            transactions ? "(transactions IS NULL OR (transactions >= 0 AND transactions <= 2147483647))" : "true");
        var namesValid = string.Join(
            " AND ",
            $"workflow IS NOT NULL AND regexp_full_match(workflow, '{KeptCheck.KebabCase}')",
            stepped ? "(step IS NULL OR length(step) > 0)" : "true",
            $"outcome IS NOT NULL AND regexp_full_match(outcome, '{KeptCheck.KebabCase}')");
        return KeptCheck.Count(connection, source, stepped ? "workflow, step, outcome" : "workflow, outcome", namesValid, rowValid) is { } count ? new RunsShape(count, stepped, transactions) : null;
    }
}

/// <summary>Workflow runs that can stay in DuckDB.</summary>
/// <param name="Count">How many there are.</param>
/// <param name="HasStep">Whether the source has a step column.</param>
/// <param name="HasTransactions">Whether the source has a transactions column.</param>
internal sealed record RunsShape(long Count, bool HasStep, bool HasTransactions);
