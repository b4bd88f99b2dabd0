// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using System.Data.Common;
using System.Globalization;
using System.Text;
using AiOpsPolicy.Core.Evidence;

namespace AiOpsPolicy.Warehouse.DuckDb;

/// <summary>
/// Workflow runs kept in DuckDB (a Parquet file, or a table of a store), checked by <see cref="RunsCheck"/>. Tallies
/// for every SLA criterion of a run come from one query that joins the runs with the criteria on workflow and step,
/// as the in-memory pass routes each run by lookup; the rows themselves are fetched only when an expression
/// enumerates them, up to <see cref="DuckDbKept.FetchLimit"/>. Times are compared in Unix microseconds, DuckDB's precision, with
/// each bound rounded so that the comparison in ticks the in-memory pass makes gives the same answer.
/// </summary>
internal sealed class DuckDbRuns : DuckDbKept, IPushedEvidence
{
    private readonly RunsShape _shape;

    public DuckDbRuns(DuckDbSource source, RunsShape shape, string display, string? collectedAt, int fetchLimit, long? asOfMicros = null)
        : base(source, shape.Count, display, collectedAt, fetchLimit, asOfMicros)
    {
        _shape = shape;
    }

    /// <inheritdoc/>
    public override EvidenceKind Kind => EvidenceKind.WorkflowRuns;

    /// <summary>Gets the runs grouped for the gate's plan by the check's scan, or null when the load had no plan.</summary>
    internal RunClassCounts? Classes => _shape.Classes;

    /// <inheritdoc/>
    /// <remarks>The runs with the columns every query reads: a missing step column reads as whole runs.</remarks>
    protected override string Relation => $"(SELECT id, workflow, {(_shape.HasStep ? "step" : "NULL::VARCHAR AS step")}, startedAt, endedAt, outcome, {(_shape.HasTransactions ? "transactions::BIGINT" : "NULL::BIGINT")} AS transactions, {Source.LoadOrder} AS load_order FROM {Source.Relation}{(AsOfMicros is { } asOf ? $" WHERE epoch_us(endedAt) <= {asOf}" : string.Empty)})";

    /// <inheritdoc/>
    protected override string Fetched => "id, workflow, step, epoch_us(startedAt), epoch_us(endedAt), outcome, transactions";

    /// <inheritdoc/>
    /// <remarks>A run that had not ended by then is left out, as <see cref="WorkflowRun.AsOf"/> leaves it out: ended ticks &lt;= as-of ticks, in whole microseconds.</remarks>
    public override IPushedEvidence AsOf(DateTimeOffset asOf) =>
        new DuckDbRuns(Source, _shape, Display, CollectedAt, FetchLimit, Micros.Floor(asOf.UtcTicks));

    /// <inheritdoc/>
    /// <remarks>When the check's scan already grouped the runs for the gate's plan and those classes answer these criteria, the tally is computed from them, with no scan.</remarks>
    public IReadOnlyList<RunTally> TallyRuns(IReadOnlyList<RunCriterion> criteria)
    {
        var tallies = Enumerable.Repeat(new RunTally(0, 0, []), criteria.Count).ToArray();
        if (criteria.Count == 0)
        {
            return tallies;
        }

        if (_shape.Classes is { } grouped && grouped.Answers(criteria, AsOfMicros))
        {
            return grouped.Tally(criteria, AsOfMicros);
        }

        var values = new StringBuilder();
        for (var i = 0; i < criteria.Count; i++)
        {
            var c = criteria[i];
            values.Append(i == 0 ? string.Empty : ", ").Append(CultureInfo.InvariantCulture, $"({i}, {Sql.Text(c.Workflow)}, {Sql.Boolean(c.Step is not null)}, {Sql.Text(c.Step ?? string.Empty)}, ")
                .Append(CultureInfo.InvariantCulture, $"{Sql.Number(Micros.Ceiling(c.StartTicks))}, {Sql.Number(Micros.Ceiling(c.EndTicks))}, ")
                .Append(CultureInfo.InvariantCulture, $"{Sql.Number(c.TimeTicks is { } t ? Micros.FloorDiv(t, 10) : null)}, {Sql.TextOrNull(c.Quality)}, {Sql.Boolean(c.AnyStep)}, {Sql.Boolean(c.ByStart)})");
        }

        // A run is placed by its end (or start) in [start, end); it misses when it took longer than the time target
        // (ticks > T exactly when microseconds > floor(T / 10)) or its outcome is not the quality target.
        // The runs are not joined with the criteria one by one (a run in two windows of its scope is two rows of that
        // join, and each more window one more). They are first grouped, in one streaming scan, into classes within which
        // every criterion answers alike: the workflow and step, and in place of each time the value that stands for it
        // against the criteria's own bounds (RunClasses). Only the classes (a few thousand rows) are joined with the
        // criteria, by the same conditions as the runs were; each class brings its count and its five smallest ids that
        // may miss, and the five smallest of a criterion's missed classes' are its five smallest missed ids. Grouping
        // on the step as read and filtering on nothing measured cheapest (at 10M runs and the 200-gate set, 2.7 s of
        // CPU against 3.1 s with the workflows filtered and the step made comparable first; the join it replaces 2.8 s).
        var classes = new RunClasses(criteria);
        const string Placed = "(CASE WHEN c.by_start THEN k.s ELSE k.e END) >= c.start_us AND (CASE WHEN c.by_start THEN k.s ELSE k.e END) < c.end_us";
        const string Missed = "coalesce(k.d > c.time_us, false) OR (c.quality IS NOT NULL AND k.outcome IS DISTINCT FROM c.quality)";
        var pooled = criteria.Any(c => c.AnyStep) ? $"""
                UNION ALL
                SELECT c.entry, k.n, false, NULL
                FROM k JOIN c ON k.workflow = c.workflow AND k.stepped AND c.any_step
                WHERE {Placed}
            """ : string.Empty;
        var sql = $"""
            WITH c(entry, workflow, stepped, step, start_us, end_us, time_us, quality, any_step, by_start) AS (VALUES {values}),
            r AS (SELECT id AS run_id, workflow AS run_workflow, step AS run_step, epoch_us(startedAt) AS run_s, epoch_us(endedAt) AS run_e, outcome AS run_outcome FROM {Relation}),
            g AS MATERIALIZED (
                SELECT run_workflow AS workflow, run_step AS run_step, {classes.End("run_e")} AS e, {classes.Start("run_s")} AS s,
                    {classes.Duration("(run_e - run_s)")} AS d, {classes.Outcome("run_outcome")} AS outcome, count(*) AS n,
                    min(run_id, {Sample}) FILTER (WHERE {classes.MayMiss("(run_e - run_s)", "run_outcome")}) AS ids
                FROM r GROUP BY ALL),
            k AS (SELECT workflow, run_step IS NOT NULL AS stepped, coalesce(run_step, '') AS step, e, s, d, outcome, n, ids FROM g),
            m AS (
                SELECT c.entry, k.n, {Missed} AS missed, k.ids
                FROM k JOIN c ON k.workflow = c.workflow AND k.stepped = c.stepped AND k.step = c.step AND NOT c.any_step
                WHERE {Placed}
            {pooled})
            SELECT entry, sum(n)::BIGINT, coalesce(sum(n) FILTER (WHERE missed), 0)::BIGINT,
                to_json(list_sort(flatten(list(ids) FILTER (WHERE missed AND ids IS NOT NULL)))[1:{Sample}])::VARCHAR
            FROM m GROUP BY entry
            """;
        using var connection = Source.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            tallies[Convert.ToInt32(reader.GetValue(0), CultureInfo.InvariantCulture)] = new RunTally(reader.GetInt64(1), reader.GetInt64(2), reader.IsDBNull(3) ? [] : Micros.Ids(reader.GetString(3)));
        }

        return tallies;
    }

    /// <inheritdoc/>
    protected override EvidenceRecord Record(DbDataReader reader) => new WorkflowRun
    {
        Id = reader.GetString(0),
        Workflow = reader.GetString(1),
        Step = reader.IsDBNull(2) ? null : reader.GetString(2),
        StartedAt = Micros.Instant(reader.GetInt64(3)),
        EndedAt = Micros.Instant(reader.GetInt64(4)),
        Outcome = reader.GetString(5),
        TransactionsStated = reader.IsDBNull(6) ? null : checked((int)reader.GetInt64(6)),
    };

    /// <summary>How many failing ids a tally brings back: the explanations' sample.</summary>
    internal const int Sample = 5;
}
