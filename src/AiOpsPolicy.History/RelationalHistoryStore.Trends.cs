// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using System.Globalization;

namespace AiOpsPolicy.History;

/// <content>Coverage by period and group, waiver renewals and the latest run of each policy set.</content>
public abstract partial class RelationalHistoryStore
{
    private const long MillisecondsPerDay = 86_400_000;

    private static readonly int UnixEpochDay = new DateOnly(1970, 1, 1).DayNumber;

    /// <inheritdoc />
    public async Task<IReadOnlyList<CoverageRow>> CoverageAsync(CoverageQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);

        // The database counts per UTC day, group and state (a few thousand rows for a year); the days are folded into
        // weeks or months here, so the SQL needs no date functions and stays the same on both backends. Enforcement
        // points come from control_coverage.enforced_at (migration 5, one row per distinct list), or from
        // control_enforcement for controls recorded before it.
        var (filter, parameters) = RunFilter(query.PolicySet, query.Since, query.Until);
        string Sql(string groupColumn, string join, string extra) => $"""
            SELECT r.recorded_at_ms / {MillisecondsPerDay}, {groupColumn}, c.declared_automated, c.evidenced, COUNT(*)
            FROM runs r
            JOIN control_coverage c ON c.run_id = r.run_id
            {join}
            WHERE {filter}{extra}
            GROUP BY r.recorded_at_ms / {MillisecondsPerDay}{(groupColumn == "NULL" ? string.Empty : ", " + groupColumn)}, c.declared_automated, c.evidenced
            """;
        var counts = new SortedDictionary<(DateOnly Start, string Group), long[]>(Comparer<(DateOnly Start, string Group)>.Create(
            (a, b) => a.Start != b.Start ? a.Start.CompareTo(b.Start) : string.CompareOrdinal(a.Group, b.Group)));
        void Add(System.Data.Common.DbDataReader reader, IEnumerable<string> groups)
        {
            var day = DateOnly.FromDayNumber(UnixEpochDay + (int)ToLong(reader.GetValue(0)));
            var start = query.Period == CoveragePeriod.Month ? new DateOnly(day.Year, day.Month, 1) : WeekStart(day);
            var automated = ToLong(reader.GetValue(2)) != 0;
            var evidenced = ToLong(reader.GetValue(3)) != 0;
            var observations = ToLong(reader.GetValue(4));
            foreach (var group in groups)
            {
                if (!counts.TryGetValue((start, group), out var bucket))
                {
                    bucket = new long[3];
                    counts[(start, group)] = bucket;
                }

                bucket[automated ? (evidenced ? 0 : 1) : 2] += observations;
            }
        }

        await using var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
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

        return [.. counts.Select(kv => new CoverageRow(
            kv.Key.Start,
            query.GroupBy == CoverageGrouping.Week ? null : kv.Key.Group,
            (int)kv.Value.Sum(),
            (int)kv.Value[0],
            (int)kv.Value[1],
            (int)kv.Value[2]))];
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
        // A NULL parameter has no type for PostgreSQL to infer, so the filter is left out instead of made optional in SQL.
        policySet is null
            ? ("r.recorded_at_ms >= @from AND r.recorded_at_ms < @to", Range(since, until))
            : ("r.recorded_at_ms >= @from AND r.recorded_at_ms < @to AND r.policy_set = @policy_set", [.. Range(since, until), ("policy_set", policySet)]);
}
