// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using AiOpsPolicy.Core.Evidence;
using DuckDB.NET.Data;

namespace AiOpsPolicy.Warehouse.DuckDb;

/// <summary>
/// Decides whether workflow runs can stay in DuckDB (<see cref="KeptCheck"/>): the columns must be the contract's with
/// the types a query can judge exactly (text, UTC timestamps of at most microsecond precision, whole numbers) and
/// nothing else; then one scan counts rows and rows the contract would refuse, and the ids' hashes are checked for
/// repeats (<see cref="IdHashes"/>): in a scan of their own, or from <see cref="IdHashes.CarryFrom"/> runs partly or
/// wholly in that first scan.
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
    /// <param name="plan">
    /// What the gate will ask (asked after the id scan, so that the policies may compile meanwhile), or null: with a
    /// plan, the scan that counts the refused rows also groups the runs into the classes of the plan's tally
    /// (<see cref="RunClassCounts"/>), and the tally needs no scan of its own.
    /// </param>
    /// <returns>The run count, or null.</returns>
    public static RunsShape? Check(DuckDBConnection connection, DuckDbSource source, Func<PushDownPlan?>? plan = null)
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
        if (plan is null)
        {
            return KeptCheck.Count(connection, source, stepped ? "workflow, step, outcome" : "workflow, outcome", namesValid, rowValid) is { } count ? new RunsShape(count, stepped, transactions) : null;
        }

        // The ids' scans of their own first: they need no plan, and the policies compile while they run. From
        // IdHashes.CarryFrom ids, the grouped scan carries the first pass (IdHashes.Check).
        var keyed = KeptCheck.Keyed(connection, source);
        using var ids = keyed ? null : new IdHashes.Check(connection, source.Relation, DuckDbSession.Scalar(connection, $"SELECT count(*) FROM {source.Relation}"));
        if (ids is not null && !ids.OwnPasses())
        {
            return null;
        }

        var asked = plan();
        long? asOf = asked is null ? null : Micros.Floor(asked.AsOf.UtcTicks);
        var classes = new RunClasses(asked?.RunCriteria ?? [], asOf);

        // The same row conditions on the times' Unix microseconds, which the scan computes once a row for the classes
        // anyway (epoch_us is exact for DuckDB's microsecond timestamps, so `endedAt >= startedAt` is `run_e >= run_s`):
        // written on the columns, DuckDB converted each time four more times a row, a tenth of the scan at 100M runs.
        var rowValidMicros = string.Join(
            " AND ",
            KeptCheck.TimeMicros("run_s"),
            KeptCheck.TimeMicros("run_e"),
            "run_e >= run_s",
            transactions ? "(transactions IS NULL OR (transactions >= 0 AND transactions <= 2147483647))" : "true");
        return Grouped(connection, source, classes, keyed ? $"id IS NOT NULL AND id <> '' AND {rowValidMicros}" : rowValidMicros, namesValid, stepped, transactions, ids is { Carried: true } ? IdHashes.Check.Call : null) is { } rows
            && (ids is null || ids.Finish())
            ? new RunsShape(rows.Sum(r => r.Count), stepped, transactions, asked is null ? null : new RunClassCounts(classes, [.. rows]))
            : null;
    }

    /// <summary>
    /// The one scan of the runs with a plan: they are grouped by workflow, step and outcome as read, and by the stand-ins
    /// of their times (<see cref="RunClasses"/>); each class brings its count, how many of its rows the contract would
    /// refuse (<paramref name="rowValid"/> reads the times as <c>run_s</c> and <c>run_e</c>, their Unix microseconds), whether
    /// its names are valid, and the smallest ids of its runs that may miss. Returns the classes when every
    /// row is valid, else null. Grouping by the names is what the check without a plan does too; the stand-ins only split
    /// those groups further, by the plan's bounds and targets. With <paramref name="sink"/> (the call that feeds the
    /// duplicate check), the same scan hands every row's id hash to it; its aggregate is selected so that no optimizer
    /// drops the call.
    /// </summary>
    private static List<RunClass>? Grouped(DuckDBConnection connection, DuckDbSource source, RunClasses classes, string rowValid, string namesValid, bool stepped, bool transactions, string? sink)
    {
        using var command = connection.CreateCommand();
        command.CommandText = $"""
            SELECT workflow, step, outcome, e, s, d, n, refused, {namesValid} AS named, to_json(ids)::VARCHAR, sunk
            FROM (
                SELECT workflow, step, outcome, {classes.End("run_e")} AS e, {classes.Start("run_s")} AS s, {classes.Duration("(run_e - run_s)")} AS d,
                    count(*) AS n, count(*) FILTER (WHERE NOT ({rowValid})) AS refused, {(sink is null ? "true" : $"bool_and({sink})")} AS sunk,
                    min(id, {DuckDbRuns.Sample}) FILTER (WHERE {classes.MayMiss("(run_e - run_s)", "outcome")}) AS ids
                FROM (SELECT id, workflow, {(stepped ? "step" : "NULL::VARCHAR AS step")}, outcome{(transactions ? ", transactions" : string.Empty)},
                    epoch_us(startedAt) AS run_s, epoch_us(endedAt) AS run_e FROM {source.Relation})
                GROUP BY workflow, step, outcome, e, s, d)
            """;
        using var reader = command.ExecuteReader();
        var rows = new List<RunClass>();
        while (reader.Read())
        {
            if (reader.GetInt64(7) > 0 || !reader.GetBoolean(8))
            {
                return null;
            }

            rows.Add(new RunClass(
                reader.GetString(0),
                reader.IsDBNull(1) ? null : reader.GetString(1),
                reader.GetString(2),
                reader.IsDBNull(3) ? null : reader.GetInt64(3),
                reader.IsDBNull(4) ? null : reader.GetInt64(4),
                reader.IsDBNull(5) ? null : reader.GetInt64(5),
                reader.GetInt64(6),
                reader.IsDBNull(9) ? [] : Micros.Ids(reader.GetString(9))));
        }

        return rows.Sum(r => r.Count) <= int.MaxValue ? rows : null;
    }
}

/// <summary>Workflow runs that can stay in DuckDB.</summary>
/// <param name="Count">How many there are.</param>
/// <param name="HasStep">Whether the source has a step column.</param>
/// <param name="HasTransactions">Whether the source has a transactions column.</param>
/// <param name="Classes">The runs grouped for the gate's plan by the check's scan, or null when the load had no plan.</param>
internal sealed record RunsShape(long Count, bool HasStep, bool HasTransactions, RunClassCounts? Classes = null);
