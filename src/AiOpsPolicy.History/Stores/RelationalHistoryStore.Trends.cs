// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using System.Data.Common;
using System.Globalization;
using AiOpsPolicy.Core.Results;
using AiOpsPolicy.History.Runs;
using AiOpsPolicy.History.Schema;
using AiOpsPolicy.History.Trends;

namespace AiOpsPolicy.History.Stores;

/// <content>Coverage by period and group, waiver renewals and the latest run of each policy set.</content>
public abstract partial class RelationalHistoryStore
{
    private const long MillisecondsPerDay = 86_400_000;

    private static readonly int UnixEpochDay = new DateOnly(1970, 1, 1).DayNumber;

    /// <inheritdoc />
    /// <remarks>
    /// Whole UTC days in the range are read from <c>coverage_daily</c> (migration 6: a few rows per day, policy set and
    /// group, maintained by <see cref="RecordAsync"/>); the partial days at either end, if any, are counted from the
    /// detailed rows. The days are folded into weeks or months here, so the SQL needs no date functions and stays the
    /// same on both backends.
    /// </remarks>
    public async Task<IReadOnlyList<CoverageRow>> CoverageAsync(CoverageQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);

        var from = query.Since.ToUnixTimeMilliseconds();
        var to = query.Until.ToUnixTimeMilliseconds();
        var counts = new SortedDictionary<(DateOnly Start, string Group), long[]>(Comparer<(DateOnly Start, string Group)>.Create(
            (a, b) => a.Start != b.Start ? a.Start.CompareTo(b.Start) : string.CompareOrdinal(a.Group, b.Group)));
        void Add(long dayNumber, IEnumerable<string> groups, long automatedAndEvidenced, long declaredOnly, long notAutomated)
        {
            var day = DateOnly.FromDayNumber(UnixEpochDay + (int)dayNumber);
            var start = query.Period == CoveragePeriod.Month ? new DateOnly(day.Year, day.Month, 1) : WeekStart(day);
            foreach (var group in groups)
            {
                if (!counts.TryGetValue((start, group), out var bucket))
                {
                    bucket = new long[3];
                    counts[(start, group)] = bucket;
                }

                bucket[0] += automatedAndEvidenced;
                bucket[1] += declaredOnly;
                bucket[2] += notAutomated;
            }
        }

        // Whole days: [firstDay, endDay). Integer division truncates toward zero in C#, SQLite and PostgreSQL alike, so
        // the roll-up is used only for days after 1970; anything else is counted from the detailed rows.
        var firstDay = from >= 0 ? (from + MillisecondsPerDay - 1) / MillisecondsPerDay : long.MaxValue;
        var endDay = to >= 0 ? to / MillisecondsPerDay : long.MinValue;
        await using var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        if (firstDay < endDay)
        {
            await CountFromRollupAsync(connection, query, firstDay, endDay, Add, cancellationToken).ConfigureAwait(false);
            if (from < firstDay * MillisecondsPerDay)
            {
                await CountFromDetailAsync(connection, query, from, firstDay * MillisecondsPerDay, Add, cancellationToken).ConfigureAwait(false);
            }

            if (endDay * MillisecondsPerDay < to)
            {
                await CountFromDetailAsync(connection, query, endDay * MillisecondsPerDay, to, Add, cancellationToken).ConfigureAwait(false);
            }
        }
        else if (from < to)
        {
            await CountFromDetailAsync(connection, query, from, to, Add, cancellationToken).ConfigureAwait(false);
        }

        return [.. counts.Select(kv => new CoverageRow(
            kv.Key.Start,
            query.GroupBy == CoverageGrouping.Week ? null : kv.Key.Group,
            (int)kv.Value.Sum(),
            (int)kv.Value[0],
            (int)kv.Value[1],
            (int)kv.Value[2]))];
    }

    private static async Task CountFromRollupAsync(DbConnection connection, CoverageQuery query, long firstDay, long endDay, CoverageSink add, CancellationToken cancellationToken)
    {
        var dimension = query.GroupBy switch
        {
            CoverageGrouping.Team => CoverageDimension.Team,
            CoverageGrouping.EnforcementPoint => CoverageDimension.Point,
            _ => CoverageDimension.All,
        };
        (string Name, object? Value)[] parameters = [("dimension", dimension), ("first_day", firstDay), ("end_day", endDay)];
        var setFilter = string.Empty;
        if (query.PolicySet is not null)
        {
            setFilter = " AND policy_set = @policy_set";
            parameters = [.. parameters, ("policy_set", query.PolicySet)];
        }

        await ReadAsync(connection, $"""
            SELECT day, grp, SUM(automated_evidenced), SUM(declared_only), SUM(not_automated)
            FROM coverage_daily
            WHERE dimension = @dimension AND day >= @first_day AND day < @end_day{setFilter}
            GROUP BY day, grp
            """, parameters, reader => add(
                ToLong(reader.GetValue(0)), [reader.GetString(1)], ToLong(reader.GetValue(2)), ToLong(reader.GetValue(3)), ToLong(reader.GetValue(4))),
            cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Counts from the detailed rows, per UTC day, group and state. Enforcement points come from
    /// <c>control_coverage.enforced_at</c> (migration 5, one row per distinct list), or from <c>control_enforcement</c>
    /// for controls recorded before it.
    /// </summary>
    private static async Task CountFromDetailAsync(DbConnection connection, CoverageQuery query, long from, long to, CoverageSink add, CancellationToken cancellationToken)
    {
        var (filter, parameters) = RunFilter(query.PolicySet, from, to);
        string Sql(string groupColumn, string join, string extra) => $"""
            SELECT r.recorded_at_ms / {MillisecondsPerDay}, {groupColumn}, c.declared_automated, c.evidenced, COUNT(*)
            FROM runs r
            JOIN control_coverage c ON c.run_id = r.run_id
            {join}
            WHERE {filter}{extra}
            GROUP BY r.recorded_at_ms / {MillisecondsPerDay}{(groupColumn == "NULL" ? string.Empty : ", " + groupColumn)}, c.declared_automated, c.evidenced
            """;
        void Add(DbDataReader reader, IEnumerable<string> groups)
        {
            var automated = ToLong(reader.GetValue(2)) != 0;
            var evidenced = ToLong(reader.GetValue(3)) != 0;
            var observations = ToLong(reader.GetValue(4));
            add(ToLong(reader.GetValue(0)), groups,
                automated && evidenced ? observations : 0, automated && !evidenced ? observations : 0, automated ? 0 : observations);
        }

        switch (query.GroupBy)
        {
            case CoverageGrouping.EnforcementPoint:
                await ReadAsync(connection, Sql("c.enforced_at", string.Empty, " AND c.enforced_at IS NOT NULL"), parameters, reader =>
                {
                    var points = EnforcementList.Decode(reader.GetString(1));
                    Add(reader, points.Length == 0 ? [CoverageQuery.Unspecified] : points);
                }, cancellationToken).ConfigureAwait(false);
                await ReadAsync(connection, Sql("e.enforced_at", "LEFT JOIN control_enforcement e ON e.run_id = c.run_id AND e.control_ordinal = c.ordinal", " AND c.enforced_at IS NULL"), parameters,
                    reader => Add(reader, [reader.IsDBNull(1) ? CoverageQuery.Unspecified : reader.GetString(1)]), cancellationToken).ConfigureAwait(false);
                break;
            case CoverageGrouping.Team:
                await ReadAsync(connection, Sql("c.owner", string.Empty, string.Empty), parameters,
                    reader => Add(reader, [reader.IsDBNull(1) ? CoverageQuery.Unowned : reader.GetString(1)]), cancellationToken).ConfigureAwait(false);
                break;
            default:
                await ReadAsync(connection, Sql("NULL", string.Empty, string.Empty), parameters, reader => Add(reader, [string.Empty]), cancellationToken).ConfigureAwait(false);
                break;
        }
    }

    /// <summary>
    /// Adds a run's controls to <c>coverage_daily</c>, inside its recording transaction: one upsert per dimension and
    /// group, in a fixed order so that concurrent recorders of the same day lock the rows in the same order.
    /// </summary>
    private static async Task AddToCoverageRollupAsync(DbConnection connection, DbTransaction transaction, RunRecord run, CancellationToken cancellationToken)
    {
        var controls = run.Controls.IsDefault ? [] : run.Controls;
        var counts = new SortedDictionary<(string Dimension, string Group), long[]>(Comparer<(string Dimension, string Group)>.Create(
            (a, b) => a.Dimension != b.Dimension ? string.CompareOrdinal(a.Dimension, b.Dimension) : string.CompareOrdinal(a.Group, b.Group)));
        foreach (var control in controls)
        {
            var state = control.DeclaredAutomated ? (control.Evidenced ? 0 : 1) : 2;
            var points = EnforcementList.Decode(EnforcementList.Encode(control.EnforcedAt));
            foreach (var key in new[] { (CoverageDimension.All, string.Empty), (CoverageDimension.Team, control.Owner ?? CoverageQuery.Unowned) }
                .Concat((points.Length == 0 ? [CoverageQuery.Unspecified] : points).Select(p => (CoverageDimension.Point, p))))
            {
                if (!counts.TryGetValue(key, out var bucket))
                {
                    bucket = new long[3];
                    counts[key] = bucket;
                }

                bucket[state]++;
            }
        }

        var day = run.RecordedAt.ToUnixTimeMilliseconds() / MillisecondsPerDay;
        foreach (var ((dimension, group), bucket) in counts)
        {
            await ExecuteAsync(connection, transaction, """
                INSERT INTO coverage_daily (dimension, day, policy_set, grp, automated_evidenced, declared_only, not_automated)
                VALUES (@dimension, @day, @policy_set, @grp, @automated_evidenced, @declared_only, @not_automated)
                ON CONFLICT (dimension, day, policy_set, grp) DO UPDATE SET
                    automated_evidenced = coverage_daily.automated_evidenced + excluded.automated_evidenced,
                    declared_only = coverage_daily.declared_only + excluded.declared_only,
                    not_automated = coverage_daily.not_automated + excluded.not_automated
                """, cancellationToken,
                ("dimension", dimension), ("day", day), ("policy_set", run.PolicySet), ("grp", group),
                ("automated_evidenced", bucket[0]), ("declared_only", bucket[1]), ("not_automated", bucket[2])).ConfigureAwait(false);
        }
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<WaiverRenewals>> WaiverRenewalsAsync(DateTimeOffset since, DateTimeOffset until, string? policySet = null, CancellationToken cancellationToken = default)
    {
        var (filter, parameters) = RunFilter(policySet, since, until);
        var sql = $"""
            SELECT r.policy_set, r.recorded_at_ms, r.run_id, w.name, w.owner, w.ticket, w.expires_at_ms, w.gates
            FROM waivers w
            JOIN runs r ON r.run_id = w.run_id
            WHERE {filter}
            """;
        var seen = new List<(string PolicySet, long At, string RunId, string Name, string Owner, string Ticket, long Expires, string Gate)>();
        await using var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await ReadAsync(connection, sql, parameters, reader =>
        {
            foreach (var gate in SplitList(reader.GetString(7)))
            {
                seen.Add((reader.GetString(0), ToLong(reader.GetValue(1)), reader.GetString(2), reader.GetString(3), reader.GetString(4),
                    reader.GetString(5), ToLong(reader.GetValue(6)), gate));
            }
        }, cancellationToken).ConfigureAwait(false);

        var result = new List<WaiverRenewals>();
        foreach (var gate in seen.GroupBy(s => (s.PolicySet, s.Gate)))
        {
            var ordered = gate.OrderBy(s => s.At).ThenBy(s => s.RunId, StringComparer.Ordinal).ToList();
            var versions = ordered.Select(s => (s.Name, s.Expires)).Distinct().Count();
            var last = ordered[^1];
            var current = ordered
                .Where(s => s.At == last.At && string.Equals(s.RunId, last.RunId, StringComparison.Ordinal))
                .OrderByDescending(s => s.Expires)
                .ThenBy(s => s.Name, StringComparer.Ordinal)
                .First();
            result.Add(new WaiverRenewals(
                gate.Key.PolicySet,
                gate.Key.Gate,
                versions,
                versions - 1,
                DateTimeOffset.FromUnixTimeMilliseconds(ordered[0].At),
                DateTimeOffset.FromUnixTimeMilliseconds(last.At),
                current.Name,
                DateTimeOffset.FromUnixTimeMilliseconds(current.Expires),
                current.Owner,
                current.Ticket));
        }

        return [.. result
            .OrderByDescending(r => r.Renewals)
            .ThenBy(r => r.PolicySet, StringComparer.Ordinal)
            .ThenBy(r => r.Gate, StringComparer.Ordinal)];
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<RunRecord>> LatestRunsAsync(string? policySet, DateTimeOffset since, DateTimeOffset until, CancellationToken cancellationToken = default)
    {
        var (filter, parameters) = RunFilter(policySet, since, until);
        var latest = new List<(string PolicySet, long At)>();
        var runIds = new List<string>();
        await using (var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false))
        {
            await ReadAsync(connection, $"SELECT r.policy_set, MAX(r.recorded_at_ms) FROM runs r WHERE {filter} GROUP BY r.policy_set", parameters,
                reader => latest.Add((reader.GetString(0), ToLong(reader.GetValue(1)))), cancellationToken).ConfigureAwait(false);
            foreach (var (set, at) in latest)
            {
                await ReadAsync(connection,
                    "SELECT r.run_id FROM runs r WHERE r.policy_set = @policy_set AND r.recorded_at_ms = @at ORDER BY r.run_id DESC LIMIT 1",
                    [("policy_set", set), ("at", at)], reader => runIds.Add(reader.GetString(0)), cancellationToken).ConfigureAwait(false);
            }
        }

        if (runIds.Count == 0)
        {
            return [];
        }

        var idFilter = "r.run_id IN (" + string.Join(", ", runIds.Select((_, i) => "@id" + i.ToString(CultureInfo.InvariantCulture))) + ")";
        var runs = await LoadWhereAsync(idFilter, [.. runIds.Select((id, i) => ("id" + i.ToString(CultureInfo.InvariantCulture), (object?)id))], cancellationToken).ConfigureAwait(false);
        return [.. runs.OrderBy(r => r.PolicySet, StringComparer.Ordinal)];
    }

    /// <summary>The filter on <c>runs r</c> for a range and an optional policy set, and its parameters.</summary>
    private static (string Filter, (string Name, object? Value)[] Parameters) RunFilter(string? policySet, DateTimeOffset since, DateTimeOffset until) =>
        RunFilter(policySet, since.ToUnixTimeMilliseconds(), until.ToUnixTimeMilliseconds());

    /// <summary>The filter on <c>runs r</c> for a range in Unix milliseconds and an optional policy set, and its parameters.</summary>
    private static (string Filter, (string Name, object? Value)[] Parameters) RunFilter(string? policySet, long from, long to) =>
        // A NULL parameter has no type for PostgreSQL to infer, so the filter is left out instead of made optional in SQL.
        policySet is null
            ? ("r.recorded_at_ms >= @from AND r.recorded_at_ms < @to", [("from", from), ("to", to)])
            : ("r.recorded_at_ms >= @from AND r.recorded_at_ms < @to AND r.policy_set = @policy_set", [("from", from), ("to", to), ("policy_set", policySet)]);

    /// <summary>Receives counts for one UTC day (days since 1970-01-01) and the groups they belong to.</summary>
    private delegate void CoverageSink(long dayNumber, IEnumerable<string> groups, long automatedAndEvidenced, long declaredOnly, long notAutomated);
}
