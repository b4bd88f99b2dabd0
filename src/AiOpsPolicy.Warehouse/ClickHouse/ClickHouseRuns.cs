// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using System.Globalization;
using System.Text;
using AiOpsPolicy.Core.Evidence;

namespace AiOpsPolicy.Warehouse.ClickHouse;

/// <summary>
/// Workflow runs kept in ClickHouse (a table, or a <c>Distributed</c> table over shards), checked by
/// <see cref="ClickHouseRunsCheck"/>. SLA tallies for every criterion come from one statement, as from DuckDB
/// (<see cref="DuckDb.DuckDbRuns"/>): each run is joined with the criteria on workflow and on a key (its step, or
/// "any step" as well when it has one), filtered to each criterion's window, and grouped by criterion; the first
/// failing ids come from the same join sorted by id, five per criterion. ClickHouse 18.16 has no CTE, no VALUES table
/// and no JOIN ON: the criteria are an array of tuples expanded by <c>arrayJoin</c> and joined <c>USING</c>. Over a
/// <c>Distributed</c> table each shard joins and groups its own runs; only partial aggregates and its sorted failing
/// ids travel. Times are compared in Unix microseconds with each bound rounded as DuckDB's are, so the comparison in
/// ticks the in-memory pass makes gives the same answer.
/// </summary>
internal sealed class ClickHouseRuns : IPushedEvidence
{
    /// <summary>Unix epoch in .NET ticks.</summary>
    private static readonly long EpochTicks = DateTimeOffset.UnixEpoch.UtcTicks;

    /// <summary>How many failing ids a tally brings back: the explanations' sample.</summary>
    private const int Sample = 5;

    private readonly ClickHouseTable _table;
    private readonly ClickHouseRunsShape _shape;

    /// <summary>The last instant (Unix microseconds) a run may end at to be seen, or null for every run.</summary>
    private readonly long? _asOfMicros;

    public ClickHouseRuns(ClickHouseTable table, ClickHouseRunsShape shape, string? collectedAt, int fetchLimit, long? asOfMicros = null)
    {
        _table = table;
        _shape = shape;
        CollectedAt = collectedAt;
        FetchLimit = fetchLimit;
        _asOfMicros = asOfMicros;
    }

    /// <inheritdoc/>
    public EvidenceKind Kind => EvidenceKind.WorkflowRuns;

    /// <inheritdoc/>
    public string Display => _table.Display;

    /// <inheritdoc/>
    public string? CollectedAt { get; }

    /// <inheritdoc/>
    public long Count => _shape.Count;

    /// <inheritdoc/>
    public int FetchLimit { get; }

    /// <summary>The condition that leaves out runs not ended by the as-of time.</summary>
    private string Seen => _asOfMicros is { } asOf ? $"{_shape.Ended} <= {ClickHouseSql.Int64(asOf)}" : "1";

    /// <inheritdoc/>
    /// <remarks>A run that had not ended by then is left out, as <see cref="WorkflowRun.AsOf"/> leaves it out: ended ticks &lt;= as-of ticks, in whole microseconds.</remarks>
    public IPushedEvidence AsOf(DateTimeOffset asOf) =>
        new ClickHouseRuns(_table, _shape, CollectedAt, FetchLimit, FloorDiv(asOf.UtcTicks - EpochTicks, 10));

    /// <inheritdoc/>
    public IReadOnlyList<RunTally> TallyRuns(IReadOnlyList<RunCriterion> criteria)
    {
        var counts = new (long Runs, long Missed)[criteria.Count];
        var ids = new List<string>?[criteria.Count];
        if (criteria.Count == 0)
        {
            return [];
        }

        var tuples = new StringBuilder();
        for (var i = 0; i < criteria.Count; i++)
        {
            var c = criteria[i];

            // The join key: "s" and the step ("s" alone for whole runs), or "*" for every step of the workflow.
            var key = c.AnyStep ? "*" : "s" + (c.Step ?? string.Empty);
            tuples.Append(i == 0 ? string.Empty : ", ").Append(CultureInfo.InvariantCulture, $"(toUInt32({i}), {ClickHouseSql.Text(c.Workflow)}, {ClickHouseSql.Text(key)}, ")
                .Append(CultureInfo.InvariantCulture, $"{ClickHouseSql.Int64(CeilDiv(c.StartTicks - EpochTicks, 10))}, {ClickHouseSql.Int64(CeilDiv(c.EndTicks - EpochTicks, 10))}, ")
                .Append(CultureInfo.InvariantCulture, $"{ClickHouseSql.Flag(c.TimeTicks is not null)}, {ClickHouseSql.Int64(c.TimeTicks is { } t ? FloorDiv(t, 10) : 0)}, ")
                .Append(CultureInfo.InvariantCulture, $"{ClickHouseSql.Flag(c.Quality is not null)}, {ClickHouseSql.Text(c.Quality ?? string.Empty)}, {ClickHouseSql.Flag(c.ByStart)})");
        }

        // Each run stands once for its own step (or whole run) and, when it has a step, once more for "any step".
        var step = _shape.HasStep ? "`step`" : "CAST(NULL AS Nullable(String))";
        var keys = $"arrayConcat([concat('s', ifNull({step}, ''))], if(isNull({step}), emptyArrayString(), ['*']))";
        var joined = $"""
            FROM {_table.Relation} ARRAY JOIN {keys} AS aiops_key
            ALL INNER JOIN (SELECT arrayJoin([{tuples}]) AS aiops_c, tupleElement(aiops_c, 1) AS aiops_entry, tupleElement(aiops_c, 2) AS `workflow`, tupleElement(aiops_c, 3) AS aiops_key,
                tupleElement(aiops_c, 4) AS aiops_start, tupleElement(aiops_c, 5) AS aiops_end, tupleElement(aiops_c, 6) AS aiops_timed, tupleElement(aiops_c, 7) AS aiops_time,
                tupleElement(aiops_c, 8) AS aiops_judged, tupleElement(aiops_c, 9) AS aiops_quality, tupleElement(aiops_c, 10) AS aiops_by_start) USING (`workflow`, aiops_key)
            WHERE {Seen} AND if(aiops_by_start, {_shape.Started}, {_shape.Ended}) >= aiops_start AND if(aiops_by_start, {_shape.Started}, {_shape.Ended}) < aiops_end
            """;

        // A run misses when it took longer than the time target (ticks > T exactly when microseconds > floor(T / 10))
        // or its outcome is not the quality target.
        var missed = $"((aiops_timed AND {_shape.Ended} - {_shape.Started} > aiops_time) OR (aiops_judged AND `outcome` != aiops_quality))";
        var sql = $"""
            SELECT aiops_entry, count(), countIf({missed}), '' {joined} GROUP BY aiops_entry
            UNION ALL
            SELECT aiops_entry, toUInt64(0), toUInt64(0), `id` {joined} AND {missed} ORDER BY aiops_entry, `id` LIMIT {Sample} BY aiops_entry
            """;
        using (var rows = ClickHouseHttp.Query(_table.Location, sql))
        {
            while (rows.Next() is { } row)
            {
                var entry = int.Parse(row[0] ?? "0", CultureInfo.InvariantCulture);
                var runs = long.Parse(row[1] ?? "0", CultureInfo.InvariantCulture);
                if (runs > 0)
                {
                    counts[entry] = (runs, long.Parse(row[2] ?? "0", CultureInfo.InvariantCulture));
                }
                else
                {
                    (ids[entry] ??= []).Add(row[3] ?? string.Empty);
                }
            }
        }

        // The halves of a UNION ALL arrive in any order; the five smallest ids (UTF-8 bytes, as ClickHouse compares text) are
        // listed in .NET ordinal order, as the in-memory pass lists them.
        return [.. counts.Select((c, i) => new RunTally(c.Runs, c.Missed, [.. (ids[i] ?? []).Order(StringComparer.Ordinal).Take(Sample)]))];
    }

    /// <inheritdoc/>
    public EvidenceRecord[]? Fetch(out long count)
    {
        count = long.Parse(ClickHouseHttp.QueryAll(_table.Location, $"SELECT count() FROM {_table.Relation} WHERE {Seen}").Single()[0] ?? "0", CultureInfo.InvariantCulture);
        if (count > FetchLimit)
        {
            return null;
        }

        var step = _shape.HasStep ? "`step`" : "NULL";
        var transactions = _shape.HasTransactions ? "toInt64(`transactions`)" : "NULL";
        using var rows = ClickHouseHttp.Query(_table.Location, $"SELECT `id`, `workflow`, {step}, {_shape.Started}, {_shape.Ended}, `outcome`, {transactions} FROM {_table.Relation} WHERE {Seen} ORDER BY {_table.LoadOrder}");
        var records = new List<EvidenceRecord>((int)count);
        while (rows.Next() is { } row)
        {
            records.Add(new WorkflowRun
            {
                Id = row[0] ?? string.Empty,
                Workflow = row[1] ?? string.Empty,
                Step = row[2],
                StartedAt = Instant(row[3]),
                EndedAt = Instant(row[4]),
                Outcome = row[5] ?? string.Empty,
                TransactionsStated = row[6] is { } stated ? int.Parse(stated, CultureInfo.InvariantCulture) : null,
            });
        }

        return [.. records];
    }

    /// <inheritdoc/>
    public IEvidenceRows Rows() => new ClickHouseRows(_table, EvidenceKinds.Name(Kind), CollectedAt);

    private static DateTimeOffset Instant(string? micros) => new(EpochTicks + (long.Parse(micros ?? "0", CultureInfo.InvariantCulture) * 10), TimeSpan.Zero);

    private static long FloorDiv(long value, long by) => value >= 0 ? value / by : -((-value + by - 1) / by);

    private static long CeilDiv(long value, long by) => -FloorDiv(-value, by);
}
