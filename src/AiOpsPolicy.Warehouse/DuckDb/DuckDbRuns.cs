// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using System.Globalization;
using System.Text;
using AiOpsPolicy.Core.Evidence;

namespace AiOpsPolicy.Warehouse.DuckDb;

/// <summary>
/// Workflow runs kept in DuckDB (a Parquet file, or a table of a store), checked by <see cref="RunsCheck"/>. Tallies
/// for every SLA criterion of a run come from one query that joins the runs with the criteria on workflow and step,
/// as the in-memory pass routes each run by lookup; the rows themselves are fetched only when an expression
/// enumerates them, up to <see cref="FetchLimit"/>. Times are compared in Unix microseconds, DuckDB's precision, with
/// each bound rounded so that the comparison in ticks the in-memory pass makes gives the same answer.
/// </summary>
internal sealed class DuckDbRuns : IPushedEvidence
{
    private readonly DuckDbSource _source;
    private readonly RunsShape _shape;

    /// <summary>The last instant (Unix microseconds) a run may end at to be seen, or null for every run.</summary>
    private readonly long? _asOfMicros;

    public DuckDbRuns(DuckDbSource source, RunsShape shape, string display, string? collectedAt, int fetchLimit, long? asOfMicros = null)
    {
        _source = source;
        _shape = shape;
        Display = display;
        CollectedAt = collectedAt;
        FetchLimit = fetchLimit;
        _asOfMicros = asOfMicros;
    }

    /// <inheritdoc/>
    public EvidenceKind Kind => EvidenceKind.WorkflowRuns;

    /// <inheritdoc/>
    public string Display { get; }

    /// <inheritdoc/>
    public string? CollectedAt { get; }

    /// <inheritdoc/>
    public long Count => _shape.Count;

    /// <inheritdoc/>
    public int FetchLimit { get; }

    /// <summary>The runs with the columns every query reads: a missing step column reads as whole runs.</summary>
    private string Runs => $"(SELECT id, workflow, {(_shape.HasStep ? "step" : "NULL::VARCHAR AS step")}, startedAt, endedAt, outcome, {(_shape.HasTransactions ? "transactions::BIGINT" : "NULL::BIGINT")} AS transactions, {_source.LoadOrder} AS load_order FROM {_source.Relation}{(_asOfMicros is { } asOf ? $" WHERE epoch_us(endedAt) <= {asOf}" : string.Empty)})";

    /// <inheritdoc/>
    /// <remarks>A run that had not ended by then is left out, as <see cref="WorkflowRun.AsOf"/> leaves it out: ended ticks &lt;= as-of ticks, in whole microseconds.</remarks>
    public IPushedEvidence AsOf(DateTimeOffset asOf) =>
        new DuckDbRuns(_source, _shape, Display, CollectedAt, FetchLimit, Micros.Floor(asOf.UtcTicks));

    /// <inheritdoc/>
    public IReadOnlyList<RunTally> TallyRuns(IReadOnlyList<RunCriterion> criteria)
    {
        var tallies = Enumerable.Repeat(new RunTally(0, 0, []), criteria.Count).ToArray();
        if (criteria.Count == 0)
        {
            return tallies;
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
        // The runs are NOT MATERIALIZED: referenced by two branches, DuckDB would otherwise keep every run in memory
        // (spilling past its limit) for the second; two streaming scans are cheaper (at 10M runs 4.0 s of CPU and a
        // peak of 158 MB against 5.6 s and 1.1 GB). The branch of pooled steps is there only when a criterion pools them.
        const string Placed = "(CASE WHEN c.by_start THEN r.s ELSE r.e END) >= c.start_us AND (CASE WHEN c.by_start THEN r.s ELSE r.e END) < c.end_us";
        var pooled = criteria.Any(c => c.AnyStep) ? $"""
                UNION ALL
                SELECT c.entry, NULL, false
                FROM r JOIN c ON r.workflow = c.workflow AND r.stepped AND c.any_step
                WHERE {Placed}
            """ : string.Empty;
        var sql = $"""
            WITH c(entry, workflow, stepped, step, start_us, end_us, time_us, quality, any_step, by_start) AS (VALUES {values}),
            r AS NOT MATERIALIZED (SELECT id, workflow, step IS NOT NULL AS stepped, coalesce(step, '') AS step, epoch_us(startedAt) AS s, epoch_us(endedAt) AS e, outcome FROM {Runs}),
            m AS (
                SELECT c.entry, r.id, coalesce(r.e - r.s > c.time_us, false) OR coalesce(r.outcome <> c.quality, false) AS missed
                FROM r JOIN c ON r.workflow = c.workflow AND r.stepped = c.stepped AND r.step = c.step AND NOT c.any_step
                WHERE {Placed}
            {pooled})
            SELECT entry, count(*), count(*) FILTER (WHERE missed), to_json(min(id, {Sample}) FILTER (WHERE missed))::VARCHAR
            FROM m GROUP BY entry
            """;
        using var connection = _source.Open();
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
    public EvidenceRecord[]? Fetch(out long count)
    {
        using var connection = _source.Open();
        count = DuckDbSession.Scalar(connection, $"SELECT count(*) FROM {Runs}");
        if (count > FetchLimit)
        {
            return null;
        }

        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT id, workflow, step, epoch_us(startedAt), epoch_us(endedAt), outcome, transactions FROM {Runs} ORDER BY load_order";
        using var reader = command.ExecuteReader();
        var records = new List<EvidenceRecord>((int)count);
        while (reader.Read())
        {
            records.Add(new WorkflowRun
            {
                Id = reader.GetString(0),
                Workflow = reader.GetString(1),
                Step = reader.IsDBNull(2) ? null : reader.GetString(2),
                StartedAt = Micros.Instant(reader.GetInt64(3)),
                EndedAt = Micros.Instant(reader.GetInt64(4)),
                Outcome = reader.GetString(5),
                TransactionsStated = reader.IsDBNull(6) ? null : checked((int)reader.GetInt64(6)),
            });
        }

        return [.. records];
    }

    /// <inheritdoc/>
    public IEvidenceRows Rows() => _source.Table is not null
        ? new DuckDbRows(_source, EvidenceKinds.Name(Kind), CollectedAt)
        : ParquetEvidenceFormat.Instance.Open(_source.FullPath);

    /// <summary>How many failing ids a tally brings back: the explanations' sample.</summary>
    internal const int Sample = 5;
}
