// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using System.Data.Common;
using System.Globalization;
using System.Text;
using AiOpsPolicy.Core.Evidence;

namespace AiOpsPolicy.Warehouse.DuckDb;

/// <summary>
/// Agent runs kept in DuckDB (a Parquet file, or a table of a store), checked by <see cref="AgentRunsCheck"/>. Agent
/// success for every criterion of a run comes from one query: a count of the runs placed in each window (by their
/// completion or their start), the wrong and rescued ones among them, the runs that could not be placed by a start
/// they lack, and the smallest failed ids; the rows themselves are fetched only when an expression enumerates them, up
/// to <see cref="DuckDbKept.FetchLimit"/>. Times are compared in Unix microseconds with each bound rounded as in
/// <see cref="Micros"/>, so the answers are the in-memory pass's.
/// </summary>
internal sealed class DuckDbAgentRuns : DuckDbKept, IPushedEvidence
{
    private readonly AgentRunsShape _shape;

    public DuckDbAgentRuns(DuckDbSource source, AgentRunsShape shape, string display, string? collectedAt, int fetchLimit, long? asOfMicros = null)
        : base(source, shape.Count, display, collectedAt, fetchLimit, asOfMicros)
    {
        _shape = shape;
    }

    /// <inheritdoc/>
    public override EvidenceKind Kind => EvidenceKind.AgentRuns;

    /// <inheritdoc/>
    /// <remarks>The runs with the columns every query reads, in microseconds: a missing startedAt column reads as no start.</remarks>
    protected override string Relation => $"(SELECT id, workflow, {(_shape.HasStart ? "epoch_us(startedAt)" : "NULL::BIGINT")} AS s, epoch_us(completedAt) AS e, correct, humanIntervened AS human, {Source.LoadOrder} AS load_order FROM {Source.Relation}{(AsOfMicros is { } asOf ? $" WHERE epoch_us(completedAt) <= {asOf}" : string.Empty)})";

    /// <inheritdoc/>
    protected override string Fetched => "id, workflow, s, e, correct, human";

    /// <inheritdoc/>
    /// <remarks>A run that had not completed by then is left out, as <see cref="AgentRun.AsOf"/> leaves it out: completed ticks &lt;= as-of ticks, in whole microseconds.</remarks>
    public override IPushedEvidence AsOf(DateTimeOffset asOf) =>
        new DuckDbAgentRuns(Source, _shape, Display, CollectedAt, FetchLimit, Micros.Floor(asOf.UtcTicks));

    /// <inheritdoc/>
    public IReadOnlyList<AgentTally> TallyAgentRuns(IReadOnlyList<AgentCriterion> criteria)
    {
        var tallies = Enumerable.Repeat(new AgentTally(0, 0, 0, 0, []), criteria.Count).ToArray();
        if (criteria.Count == 0)
        {
            return tallies;
        }

        var values = new StringBuilder();
        for (var i = 0; i < criteria.Count; i++)
        {
            var c = criteria[i];
            values.Append(i == 0 ? string.Empty : ", ")
                .Append(CultureInfo.InvariantCulture, $"({i}, {Sql.TextOrNull(c.Workflow)}, {Sql.Number(Micros.Ceiling(c.StartTicks))}, {Sql.Number(Micros.Ceiling(c.EndTicks))}, {Sql.Boolean(c.ByStart)})");
        }

        // A criterion of one workflow joins its runs by lookup (a hash join); one of every workflow takes every run. A
        // run is placed by its completion (or its start) in [start, end); placed by a start it does not have, it is
        // counted apart when it completed in the window, as the in-memory pass notes it.
        // As for workflow runs, the runs are NOT MATERIALIZED (two streaming scans rather than every run kept in memory),
        // and each branch is there only when a criterion needs it.
        const string Columns = "c.entry, c.start_us, c.end_us, r.id, r.e, CASE WHEN c.by_start THEN r.s ELSE r.e END AS placed, r.correct, r.human";
        var branches = new List<string>(2);
        if (criteria.Any(c => c.Workflow is not null))
        {
            branches.Add($"SELECT {Columns} FROM r JOIN c ON r.workflow = c.workflow");
        }

        if (criteria.Any(c => c.Workflow is null))
        {
            branches.Add($"SELECT {Columns} FROM r CROSS JOIN (SELECT * FROM c WHERE c.workflow IS NULL) AS c");
        }

        var sql = $"""
            WITH c(entry, workflow, start_us, end_us, by_start) AS (VALUES {values}),
            r AS NOT MATERIALIZED (SELECT id, workflow, s, e, correct, human FROM {Relation}),
            j AS ({string.Join(" UNION ALL ", branches)}),
            m AS (
                SELECT entry, id, placed IS NOT NULL AND placed >= start_us AND placed < end_us AS listed, placed IS NULL AND e >= start_us AND e < end_us AS unplaced, correct, human
                FROM j)
            SELECT entry, count(*) FILTER (WHERE listed), count(*) FILTER (WHERE listed AND NOT correct), count(*) FILTER (WHERE listed AND correct AND human),
                count(*) FILTER (WHERE unplaced), to_json(min(id, {DuckDbRuns.Sample}) FILTER (WHERE listed AND (NOT correct OR human)))::VARCHAR
            FROM m WHERE listed OR unplaced GROUP BY entry
            """;
        using var connection = Source.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            tallies[Convert.ToInt32(reader.GetValue(0), CultureInfo.InvariantCulture)] = new AgentTally(
                reader.GetInt64(1), reader.GetInt64(2), reader.GetInt64(3), reader.GetInt64(4), reader.IsDBNull(5) ? [] : Micros.Ids(reader.GetString(5)));
        }

        return tallies;
    }

    /// <inheritdoc/>
    protected override EvidenceRecord Record(DbDataReader reader) => new AgentRun
    {
        Id = reader.GetString(0),
        Workflow = reader.GetString(1),
        StartedAt = reader.IsDBNull(2) ? null : Micros.Instant(reader.GetInt64(2)),
        CompletedAt = Micros.Instant(reader.GetInt64(3)),
        Correct = reader.GetBoolean(4),
        HumanIntervened = reader.GetBoolean(5),
    };
}
