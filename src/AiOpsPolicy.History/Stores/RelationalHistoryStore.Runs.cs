// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using System.Collections.Immutable;
using System.Data.Common;
using System.Globalization;
using AiOpsPolicy.History.Runs;

namespace AiOpsPolicy.History.Stores;

/// <content>Reading whole runs back: one query per table over the same range, stitched together by run id.</content>
public abstract partial class RelationalHistoryStore
{
    /// <inheritdoc />
    public Task<IReadOnlyList<RunRecord>> LoadRunsAsync(string? policySet, DateTimeOffset since, DateTimeOffset until, CancellationToken cancellationToken = default)
    {
        var (filter, parameters) = RunFilter(policySet, since, until);
        return LoadWhereAsync(filter, parameters, cancellationToken);
    }

    /// <summary>Reads back whole the runs a filter on <c>runs r</c> selects.</summary>
    private async Task<IReadOnlyList<RunRecord>> LoadWhereAsync(string runFilter, (string Name, object? Value)[] parameters, CancellationToken cancellationToken)
    {
        await using var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);

        var runs = new List<RunRecord>();
        await ReadAsync(connection, $"""
            SELECT r.run_id, r.provider, r.pipeline, r.commit_sha, r.environment, r.recorded_at, r.engine_version, r.policy_set,
                   r.policy_set_version, r.policy_digest, r.evidence_digest, r.decision, r.waiver_count, r.score, r.score_status
            FROM runs r WHERE {runFilter}
            """, parameters, reader => runs.Add(new RunRecord
        {
            RunId = reader.GetString(0),
            Provider = Text(reader, 1),
            Pipeline = Text(reader, 2),
            Commit = Text(reader, 3),
            Environment = Text(reader, 4),
            RecordedAt = DateTimeOffset.Parse(reader.GetString(5), CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind),
            EngineVersion = reader.GetString(6),
            PolicySet = reader.GetString(7),
            PolicySetVersion = Text(reader, 8),
            PolicyDigest = reader.GetString(9),
            EvidenceDigest = reader.GetString(10),
            Decision = reader.GetString(11),
            WaiverCount = (int)ToLong(reader.GetValue(12)),
            Score = ToDouble(reader, 13),
            ScoreStatus = Text(reader, 14),
        }), cancellationToken).ConfigureAwait(false);
        if (runs.Count == 0)
        {
            return [];
        }

        var metrics = new Dictionary<(string RunId, int Gate), List<(int Ordinal, MetricRecord Metric)>>();
        await ReadAsync(connection, $"""
            SELECT m.run_id, m.gate_ordinal, m.ordinal, m.metric, m.value, m.numeric_value, m.numerator, m.denominator, m.sample_size
            FROM runs r JOIN metric_results m ON m.run_id = r.run_id WHERE {runFilter}
            """, parameters, reader =>
        {
            var key = (reader.GetString(0), (int)ToLong(reader.GetValue(1)));
            if (!metrics.TryGetValue(key, out var list))
            {
                list = [];
                metrics[key] = list;
            }

            list.Add(((int)ToLong(reader.GetValue(2)), new MetricRecord(
                reader.GetString(3), reader.GetString(4), ToDouble(reader, 5), ToDouble(reader, 6), ToDouble(reader, 7), ToLong(reader.GetValue(8)))));
        }, cancellationToken).ConfigureAwait(false);

        var gates = new Children<GateRecord>();
        await ReadAsync(connection, $"""
            SELECT g.run_id, g.ordinal, g.gate, g.severity, g.status, g.observed, g.observed_value, g.bound
            FROM runs r JOIN gate_results g ON g.run_id = r.run_id WHERE {runFilter}
            """, parameters, reader =>
        {
            var runId = reader.GetString(0);
            var ordinal = (int)ToLong(reader.GetValue(1));
            var gateMetrics = metrics.TryGetValue((runId, ordinal), out var list)
                ? list.Count == 1 ? [list[0].Metric] : [.. list.OrderBy(m => m.Ordinal).Select(m => m.Metric)]
                : ImmutableArray<MetricRecord>.Empty;
            gates.Add(runId, ordinal, new GateRecord(
                reader.GetString(2), reader.GetString(3), reader.GetString(4), Text(reader, 5), ToDouble(reader, 6), Text(reader, 7), gateMetrics));
        }, cancellationToken).ConfigureAwait(false);

        var enforcement = new Dictionary<(string RunId, int Control), List<string>>();
        await ReadAsync(connection, $"""
            SELECT e.run_id, e.control_ordinal, e.enforced_at
            FROM runs r JOIN control_enforcement e ON e.run_id = r.run_id WHERE {runFilter}
            """, parameters, reader =>
        {
            var key = (reader.GetString(0), (int)ToLong(reader.GetValue(1)));
            if (!enforcement.TryGetValue(key, out var list))
            {
                list = [];
                enforcement[key] = list;
            }

            list.Add(reader.GetString(2));
        }, cancellationToken).ConfigureAwait(false);

        var controls = new Children<ControlRecord>();
        await ReadAsync(connection, $"""
            SELECT c.run_id, c.ordinal, c.name, c.required, c.declared_automated, c.evidenced, c.catalog_ids, c.owner
            FROM runs r JOIN control_coverage c ON c.run_id = r.run_id WHERE {runFilter}
            """, parameters, reader =>
        {
            var runId = reader.GetString(0);
            var ordinal = (int)ToLong(reader.GetValue(1));
            var points = enforcement.TryGetValue((runId, ordinal), out var list)
                ? list.Order(StringComparer.Ordinal).ToImmutableArray()
                : [];
            controls.Add(runId, ordinal, new ControlRecord(
                reader.GetString(2), ToLong(reader.GetValue(3)) != 0, ToLong(reader.GetValue(4)) != 0, ToLong(reader.GetValue(5)) != 0,
                points, SplitList(reader.GetString(6)), Text(reader, 7)));
        }, cancellationToken).ConfigureAwait(false);

        var waivers = new Children<WaiverRecord>();
        await ReadAsync(connection, $"""
            SELECT w.run_id, w.ordinal, w.name, w.owner, w.reason, w.ticket, w.expires_at, w.gates, w.expired
            FROM runs r JOIN waivers w ON w.run_id = r.run_id WHERE {runFilter}
            """, parameters, reader => waivers.Add(reader.GetString(0), (int)ToLong(reader.GetValue(1)), new WaiverRecord(
                reader.GetString(2), reader.GetString(3), reader.GetString(4), reader.GetString(5),
                DateTimeOffset.Parse(reader.GetString(6), CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind),
                SplitList(reader.GetString(7)), ToLong(reader.GetValue(8)) != 0)), cancellationToken).ConfigureAwait(false);

        var findings = new Children<FindingRecord>();
        await ReadAsync(connection, $"""
            SELECT f.run_id, f.ordinal, f.name, f.message, f.metric_group, f.owner, f.status
            FROM runs r JOIN findings f ON f.run_id = r.run_id WHERE {runFilter}
            """, parameters, reader => findings.Add(reader.GetString(0), (int)ToLong(reader.GetValue(1)), new FindingRecord(
                reader.GetString(2), reader.GetString(3), Text(reader, 4), Text(reader, 5), Text(reader, 6) ?? FindingRecord.Found)), cancellationToken).ConfigureAwait(false);

        return [.. runs
            .Select(run => run with
            {
                Gates = gates.For(run.RunId),
                Controls = controls.For(run.RunId),
                Waivers = waivers.For(run.RunId),
                Findings = findings.For(run.RunId),
            })
            .OrderBy(run => run.RecordedAt)
            .ThenBy(run => run.RunId, StringComparer.Ordinal)];
    }

    private static async Task ReadAsync(DbConnection connection, string sql, (string Name, object? Value)[] parameters, Action<DbDataReader> row, CancellationToken cancellationToken)
    {
        await using var command = CreateCommand(connection, null, sql, parameters);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            row(reader);
        }
    }

    private static string? Text(DbDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);

    private static ImmutableArray<string> SplitList(string value) =>
        value.Length == 0 ? [] : [.. value.Split(',')];

    /// <summary>Child rows of each run, kept in ordinal order whatever order the database returns them in.</summary>
    private sealed class Children<T>
    {
        private readonly Dictionary<string, SortedList<int, T>> _byRun = new(StringComparer.Ordinal);

        public void Add(string runId, int ordinal, T item)
        {
            if (!_byRun.TryGetValue(runId, out var list))
            {
                list = [];
                _byRun[runId] = list;
            }

            list.Add(ordinal, item);
        }

        public ImmutableArray<T> For(string runId) => _byRun.TryGetValue(runId, out var list) ? [.. list.Values] : [];
    }
}
