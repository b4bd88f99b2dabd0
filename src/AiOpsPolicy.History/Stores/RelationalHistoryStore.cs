// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using System.Data.Common;
using System.Globalization;
using AiOpsPolicy.Core.Results;
using AiOpsPolicy.History.Runs;
using AiOpsPolicy.History.Schema;
using AiOpsPolicy.History.Trends;

namespace AiOpsPolicy.History.Stores;

/// <summary>
/// The history store over ADO.NET, shared by the SQLite and PostgreSQL backends: one schema (<see cref="Migrations"/>),
/// one set of SQL statements. Backends supply connections and the few dialect differences (how concurrent migrations
/// are serialized, connection set-up). Each operation opens its own pooled connection, so one instance may be used from
/// several tasks at once.
/// </summary>
public abstract partial class RelationalHistoryStore : IHistoryStore
{
    private const string InsertRun = """
        INSERT INTO runs (run_id, provider, pipeline, commit_sha, environment, recorded_at, recorded_at_ms, engine_version,
                          policy_set, policy_set_version, policy_digest, evidence_digest, decision, waiver_count, score, score_status, gate_statuses)
        VALUES (@run_id, @provider, @pipeline, @commit_sha, @environment, @recorded_at, @recorded_at_ms, @engine_version,
                @policy_set, @policy_set_version, @policy_digest, @evidence_digest, @decision, @waiver_count, @score, @score_status, @gate_statuses)
        ON CONFLICT (run_id) DO NOTHING
        """;

    private readonly TimeProvider _timeProvider;

    /// <summary>Initializes the store.</summary>
    /// <param name="timeProvider">The clock used only for <c>schema_migrations.applied_at</c>.</param>
    protected RelationalHistoryStore(TimeProvider? timeProvider)
    {
        _timeProvider = timeProvider ?? TimeProvider.System;
    }

    /// <summary>How many times a run is tried when the database reports a transient failure (busy, deadlock, timeout).</summary>
    public const int RecordAttempts = 5;

    /// <inheritdoc />
    /// <remarks>
    /// A transient failure (see <see cref="IsTransient"/>) rolls the transaction back and tries again, up to
    /// <see cref="RecordAttempts"/> times with a growing pause: safe because a run is written whole or not at all and a
    /// run id already stored is not stored again.
    /// </remarks>
    public async Task<RecordOutcome> RecordAsync(RunRecord run, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(run);
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await RecordOnceAsync(run, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (attempt < RecordAttempts && IsTransient(e) && !cancellationToken.IsCancellationRequested)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(200 * attempt * attempt), _timeProvider, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>Whether a failure may go away if the same write is tried again (the backend's busy, deadlock and timeout errors).</summary>
    /// <param name="exception">The failure.</param>
    /// <returns><see langword="true"/> to try again.</returns>
    protected virtual bool IsTransient(Exception exception) =>
        exception is TimeoutException or DbException { IsTransient: true } || exception.InnerException is TimeoutException;

    private async Task<RecordOutcome> RecordOnceAsync(RunRecord run, CancellationToken cancellationToken)
    {
        await using var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        var inserted = await ExecuteAsync(connection, transaction, InsertRun, cancellationToken,
            ("run_id", run.RunId), ("provider", run.Provider), ("pipeline", run.Pipeline), ("commit_sha", run.Commit),
            ("environment", run.Environment),
            ("recorded_at", run.RecordedAt.ToString("O", CultureInfo.InvariantCulture)),
            ("recorded_at_ms", run.RecordedAt.ToUnixTimeMilliseconds()),
            ("engine_version", run.EngineVersion), ("policy_set", run.PolicySet), ("policy_set_version", run.PolicySetVersion),
            ("policy_digest", run.PolicyDigest), ("evidence_digest", run.EvidenceDigest), ("decision", run.Decision),
            ("waiver_count", run.WaiverCount), ("score", run.Score), ("score_status", run.ScoreStatus),
            ("gate_statuses", GateStatuses.Encode(run.Gates))).ConfigureAwait(false);
        if (inserted == 0)
        {
            await transaction.RollbackAsync(cancellationToken).ConfigureAwait(false);
            return RecordOutcome.Duplicate;
        }

        var recordedAtMs = run.RecordedAt.ToUnixTimeMilliseconds();
        for (var g = 0; g < run.Gates.Length; g++)
        {
            var gate = run.Gates[g];
            await ExecuteAsync(connection, transaction,
                "INSERT INTO gate_results (run_id, ordinal, gate, severity, status, observed, observed_value, bound, recorded_at_ms, policy_set) VALUES (@run_id, @ordinal, @gate, @severity, @status, @observed, @observed_value, @bound, @recorded_at_ms, @policy_set)",
                cancellationToken,
                ("run_id", run.RunId), ("ordinal", g), ("gate", gate.Gate), ("severity", gate.Severity), ("status", gate.Status),
                ("observed", gate.Observed), ("observed_value", gate.ObservedValue), ("bound", gate.Bound),
                ("recorded_at_ms", recordedAtMs), ("policy_set", run.PolicySet)).ConfigureAwait(false);
            var metrics = gate.Metrics.IsDefault ? [] : gate.Metrics;
            for (var m = 0; m < metrics.Length; m++)
            {
                var metric = metrics[m];
                await ExecuteAsync(connection, transaction,
                    "INSERT INTO metric_results (run_id, gate_ordinal, ordinal, metric, value, numeric_value, numerator, denominator, sample_size, recorded_at_ms, policy_set, gate, gate_status) VALUES (@run_id, @gate_ordinal, @ordinal, @metric, @value, @numeric_value, @numerator, @denominator, @sample_size, @recorded_at_ms, @policy_set, @gate, @gate_status)",
                    cancellationToken,
                    ("run_id", run.RunId), ("gate_ordinal", g), ("ordinal", m), ("metric", metric.Metric), ("value", metric.Value),
                    ("numeric_value", metric.NumericValue), ("numerator", metric.Numerator), ("denominator", metric.Denominator),
                    ("sample_size", metric.SampleSize), ("recorded_at_ms", recordedAtMs), ("policy_set", run.PolicySet),
                    ("gate", gate.Gate), ("gate_status", gate.Status)).ConfigureAwait(false);
            }
        }

        for (var c = 0; c < run.Controls.Length; c++)
        {
            var control = run.Controls[c];
            await ExecuteAsync(connection, transaction,
                "INSERT INTO control_coverage (run_id, ordinal, name, required, declared_automated, evidenced, catalog_ids, owner, enforced_at) VALUES (@run_id, @ordinal, @name, @required, @declared_automated, @evidenced, @catalog_ids, @owner, @enforced_at)",
                cancellationToken,
                ("run_id", run.RunId), ("ordinal", c), ("name", control.Name), ("required", control.Required ? 1 : 0),
                ("declared_automated", control.DeclaredAutomated ? 1 : 0), ("evidenced", control.Evidenced ? 1 : 0),
                ("catalog_ids", string.Join(',', control.CatalogIds.IsDefault ? [] : control.CatalogIds)), ("owner", control.Owner),
                ("enforced_at", EnforcementList.Encode(control.EnforcedAt))).ConfigureAwait(false);
            foreach (var point in (control.EnforcedAt.IsDefault ? [] : control.EnforcedAt).Distinct(StringComparer.Ordinal))
            {
                await ExecuteAsync(connection, transaction,
                    "INSERT INTO control_enforcement (run_id, control_ordinal, enforced_at) VALUES (@run_id, @control_ordinal, @enforced_at)",
                    cancellationToken,
                    ("run_id", run.RunId), ("control_ordinal", c), ("enforced_at", point)).ConfigureAwait(false);
            }
        }

        await AddToCoverageRollupAsync(connection, transaction, run, cancellationToken).ConfigureAwait(false);

        var waivers = run.Waivers.IsDefault ? [] : run.Waivers;
        for (var w = 0; w < waivers.Length; w++)
        {
            var waiver = waivers[w];
            await ExecuteAsync(connection, transaction,
                "INSERT INTO waivers (run_id, ordinal, name, owner, reason, ticket, expires_at, expires_at_ms, gates, expired) VALUES (@run_id, @ordinal, @name, @owner, @reason, @ticket, @expires_at, @expires_at_ms, @gates, @expired)",
                cancellationToken,
                ("run_id", run.RunId), ("ordinal", w), ("name", waiver.Name), ("owner", waiver.Owner), ("reason", waiver.Reason),
                ("ticket", waiver.Ticket), ("expires_at", waiver.Expires.ToString("O", CultureInfo.InvariantCulture)),
                ("expires_at_ms", waiver.Expires.ToUnixTimeMilliseconds()),
                ("gates", string.Join(',', waiver.Gates.IsDefault ? [] : waiver.Gates)), ("expired", waiver.Expired ? 1 : 0)).ConfigureAwait(false);
        }

        var findings = run.Findings.IsDefault ? [] : run.Findings;
        for (var f = 0; f < findings.Length; f++)
        {
            var finding = findings[f];
            await ExecuteAsync(connection, transaction,
                "INSERT INTO findings (run_id, ordinal, name, message, metric_group, owner, status) VALUES (@run_id, @ordinal, @name, @message, @metric_group, @owner, @status)",
                cancellationToken,
                ("run_id", run.RunId), ("ordinal", f), ("name", finding.Name), ("message", finding.Message),
                ("metric_group", finding.Group), ("owner", finding.Owner), ("status", finding.Status)).ConfigureAwait(false);
        }

        if (run.DecisionLog is { } decision)
        {
            await InsertDecisionAsync(connection, transaction, run, decision, cancellationToken).ConfigureAwait(false);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return RecordOutcome.Recorded;
    }

    /// <inheritdoc />
    public async Task<long> CountRunsAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = CreateCommand(connection, null, "SELECT COUNT(*) FROM runs");
        return ToLong(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false));
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<CoveragePoint>> CoverageByWeekAsync(DateTimeOffset since, DateTimeOffset until, CoverageGrouping groupBy = CoverageGrouping.Week, CancellationToken cancellationToken = default)
    {
        var rows = await CoverageAsync(new CoverageQuery(since, until, CoveragePeriod.Week, groupBy), cancellationToken).ConfigureAwait(false);
        return [.. rows.Select(r => new CoveragePoint(r.PeriodStart, r.Group, r.Observations, r.AutomatedAndEvidenced, r.DeclaredOnly, r.NotAutomated))];
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<MetricPoint>> MetricTrendAsync(string name, DateTimeOffset since, DateTimeOffset until, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(name);

        // Three queries rather than one with "metric = @name OR gate = @name": together they return the gate's own
        // value, the metrics named @name, and the other metrics of the gate named @name, each once. Each is one range
        // scan of a covering index that starts with the name and the run time (migration 6 copies the run's time and
        // policy set, and the gate's name and status, into the child rows), so neither runs nor gate_results is visited
        // per row.
        const string GateSql = """
            SELECT g.run_id, g.recorded_at_ms, g.policy_set, g.gate, NULL, g.observed_value, NULL, NULL, CAST(0 AS BIGINT), g.status
            FROM gate_results g
            WHERE g.gate = @name AND g.recorded_at_ms >= @from AND g.recorded_at_ms < @to
            """;
        const string MetricSql = """
            SELECT m.run_id, m.recorded_at_ms, m.policy_set, m.gate, m.metric, m.numeric_value, m.numerator, m.denominator, m.sample_size, m.gate_status
            FROM metric_results m
            WHERE m.metric = @name AND m.recorded_at_ms >= @from AND m.recorded_at_ms < @to
            """;
        const string GateMetricSql = """
            SELECT m.run_id, m.recorded_at_ms, m.policy_set, m.gate, m.metric, m.numeric_value, m.numerator, m.denominator, m.sample_size, m.gate_status
            FROM metric_results m
            WHERE m.gate = @name AND m.recorded_at_ms >= @from AND m.recorded_at_ms < @to AND m.metric <> @name
            """;
        var points = new List<MetricPoint>();
        await using var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        foreach (var sql in new[] { GateSql, MetricSql, GateMetricSql })
        {
            await using var command = CreateCommand(connection, null, sql, [.. Range(since, until), ("name", name)]);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                // Typed getters (every column here is BIGINT, DOUBLE PRECISION or text on both backends): no boxing
                // for the 200,000 points of a gate over a year.
                points.Add(new MetricPoint(
                    reader.GetString(0),
                    DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(1)),
                    reader.GetString(2),
                    reader.GetString(3),
                    reader.IsDBNull(4) ? null : reader.GetString(4),
                    reader.IsDBNull(5) ? null : reader.GetDouble(5),
                    reader.IsDBNull(6) ? null : reader.GetDouble(6),
                    reader.IsDBNull(7) ? null : reader.GetDouble(7),
                    reader.GetInt64(8),
                    reader.GetString(9)));
            }
        }

        // In place, with one comparison: 200,000 points for a gate over a year.
        points.Sort((a, b) =>
        {
            var order = a.RecordedAt.CompareTo(b.RecordedAt);
            order = order != 0 ? order : string.CompareOrdinal(a.RunId, b.RunId);
            order = order != 0 ? order : string.CompareOrdinal(a.Gate, b.Gate);
            return order != 0 ? order : string.CompareOrdinal(a.Metric ?? string.Empty, b.Metric ?? string.Empty);
        });
        return points;
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<GateFlips>> FlippingGatesAsync(DateTimeOffset since, DateTimeOffset until, int top, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(top);

        // One row per run from runs.gate_statuses (migration 5); runs recorded before it are read from gate_results.
        const string VectorSql = """
            SELECT r.policy_set, r.recorded_at_ms, r.run_id, r.gate_statuses
            FROM runs r
            WHERE r.recorded_at_ms >= @from AND r.recorded_at_ms < @to AND r.gate_statuses IS NOT NULL
            """;
        const string RowSql = """
            SELECT r.policy_set, r.recorded_at_ms, r.run_id, g.gate, g.status
            FROM runs r
            JOIN gate_results g ON g.run_id = r.run_id
            WHERE r.recorded_at_ms >= @from AND r.recorded_at_ms < @to AND r.gate_statuses IS NULL
            """;
        var sets = new List<string>();
        var setIds = new Dictionary<string, int>(StringComparer.Ordinal);
        int SetId(string policySet)
        {
            if (!setIds.TryGetValue(policySet, out var id))
            {
                id = sets.Count;
                sets.Add(policySet);
                setIds[policySet] = id;
            }

            return id;
        }

        var runs = new List<(int Set, long At, string RunId, string Vector)>();
        var older = new Dictionary<string, (int Set, long At, List<(string Gate, string Status)> Gates)>(StringComparer.Ordinal);
        await using (var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false))
        {
            await ReadAsync(connection, VectorSql, Range(since, until), reader =>
                runs.Add((SetId(reader.GetString(0)), ToLong(reader.GetValue(1)), reader.GetString(2), reader.GetString(3))),
                cancellationToken).ConfigureAwait(false);
            await ReadAsync(connection, RowSql, Range(since, until), reader =>
            {
                var runId = reader.GetString(2);
                if (!older.TryGetValue(runId, out var run))
                {
                    run = (SetId(reader.GetString(0)), ToLong(reader.GetValue(1)), []);
                    older[runId] = run;
                }

                run.Gates.Add((reader.GetString(3), reader.GetString(4)));
            }, cancellationToken).ConfigureAwait(false);
        }

        runs.AddRange(older.Select(kv => (kv.Value.Set, kv.Value.At, kv.Key, GateStatuses.Encode(kv.Value.Gates))));
        runs.Sort((a, b) => a.At != b.At ? a.At.CompareTo(b.At) : string.CompareOrdinal(a.RunId, b.RunId));

        // One pass over the vectors without allocating per gate: each (policy set, gate) is a slot in flat arrays. A
        // gate at the same position as in the set's previous run is recognised by comparing its name in place (the
        // usual case: the same policies, run after run); otherwise it is looked up by span. A status is compared in
        // place with the slot's last one and only looked up when it changed.
        var gateSlots = new List<Dictionary<string, int>>();
        var previousSlots = new List<List<int>>();
        var statuses = new Dictionary<string, string>(StringComparer.Ordinal);
        var statusLookup = statuses.GetAlternateLookup<ReadOnlySpan<char>>();
        string Status(ReadOnlySpan<char> status)
        {
            if (!statusLookup.TryGetValue(status, out var text))
            {
                text = status.ToString();
                statuses[text] = text;
            }

            return text;
        }

        var slots = new List<(int Set, string Gate)>();
        var last = new List<string>();
        var flips = new List<int>();
        var seen = new List<int>();
        foreach (var run in runs)
        {
            while (gateSlots.Count <= run.Set)
            {
                gateSlots.Add(new Dictionary<string, int>(StringComparer.Ordinal));
                previousSlots.Add([]);
            }

            var gateLookup = gateSlots[run.Set].GetAlternateLookup<ReadOnlySpan<char>>();
            var previous = previousSlots[run.Set];
            var rest = run.Vector.AsSpan();
            for (var position = 0; rest.Length > 0; position++)
            {
                var end = rest.IndexOf(GateStatuses.Record);
                var pair = end < 0 ? rest : rest[..end];
                rest = end < 0 ? [] : rest[(end + 1)..];
                var split = pair.IndexOf(GateStatuses.Unit);
                var gate = pair[..split];
                var status = pair[(split + 1)..];
                int slot;
                if (position < previous.Count && gate.SequenceEqual(slots[previous[position]].Gate))
                {
                    slot = previous[position];
                }
                else if (!gateLookup.TryGetValue(gate, out slot))
                {
                    slot = slots.Count;
                    gateLookup[gate] = slot;
                    slots.Add((run.Set, gate.ToString()));
                    last.Add(Status(status));
                    flips.Add(0);
                    seen.Add(0);
                }

                if (position < previous.Count)
                {
                    previous[position] = slot;
                }
                else
                {
                    previous.Add(slot);
                }

                if (seen[slot]++ > 0 && !status.SequenceEqual(last[slot]))
                {
                    flips[slot]++;
                    last[slot] = Status(status);
                }
            }
        }

        return [.. Enumerable.Range(0, slots.Count)
            .Where(i => flips[i] > 0)
            .Select(i => new GateFlips(sets[slots[i].Set], slots[i].Gate, flips[i], seen[i], last[i]))
            .OrderByDescending(f => f.Flips)
            .ThenBy(f => f.PolicySet, StringComparer.Ordinal)
            .ThenBy(f => f.Gate, StringComparer.Ordinal)
            .Take(top)];
    }

    /// <inheritdoc />
    public virtual ValueTask DisposeAsync()
    {
        GC.SuppressFinalize(this);
        return ValueTask.CompletedTask;
    }

    /// <summary>Applies the migrations not applied yet, in one transaction, serialized against other processes.</summary>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The versions applied by this call (empty when the schema was current).</returns>
    /// <exception cref="InvalidOperationException">The database has a schema version newer than this build knows.</exception>
    public async Task<IReadOnlyList<int>> MigrateAsync(CancellationToken cancellationToken = default)
    {
        // Fast path, without the migration lock: a current schema needs nothing, so opening a store does not queue
        // behind every other process opening it at the same moment (50 gate runs recording at once).
        if (await ReadAppliedVersionsAsync(cancellationToken).ConfigureAwait(false) is { } current)
        {
            CheckNotNewer(current);
            if (Migrations.All.All(m => current.Contains(m.Version)))
            {
                return [];
            }
        }

        await using var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await LockForMigrationAsync(connection, transaction, cancellationToken).ConfigureAwait(false);
        await ExecuteAsync(connection, transaction,
            "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER NOT NULL PRIMARY KEY, description TEXT NOT NULL, applied_at TEXT NOT NULL)",
            cancellationToken).ConfigureAwait(false);
        var applied = new HashSet<int>();
        await using (var command = CreateCommand(connection, transaction, "SELECT version FROM schema_migrations"))
        {
            await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                applied.Add((int)ToLong(reader.GetValue(0)));
            }
        }

        CheckNotNewer(applied);

        var done = new List<int>();
        foreach (var migration in Migrations.All.OrderBy(m => m.Version).Where(m => !applied.Contains(m.Version)))
        {
            foreach (var statement in migration.Statements)
            {
                await ExecuteWithoutTimeoutAsync(connection, transaction, statement, cancellationToken).ConfigureAwait(false);
            }

            await ExecuteAsync(connection, transaction,
                "INSERT INTO schema_migrations (version, description, applied_at) VALUES (@version, @description, @applied_at)",
                cancellationToken,
                ("version", migration.Version), ("description", migration.Description),
                ("applied_at", _timeProvider.GetUtcNow().ToString("O", CultureInfo.InvariantCulture))).ConfigureAwait(false);
            done.Add(migration.Version);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return done;
    }

    private static void CheckNotNewer(HashSet<int> applied)
    {
        var known = Migrations.All.Max(m => m.Version);
        if (applied.Count > 0 && applied.Max() > known)
        {
            throw new InvalidOperationException(
                $"The history database has schema version {applied.Max()}, newer than the {known} this build knows; upgrade aiops-policy.");
        }
    }

    /// <summary>The applied migration versions, read without a transaction; <see langword="null"/> when there is no schema yet.</summary>
    private async Task<HashSet<int>?> ReadAppliedVersionsAsync(CancellationToken cancellationToken)
    {
        await using var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        var applied = new HashSet<int>();
        try
        {
            await using var command = CreateCommand(connection, null, "SELECT version FROM schema_migrations");
            await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                applied.Add((int)ToLong(reader.GetValue(0)));
            }
        }
        catch (DbException)
        {
            // No schema_migrations table yet (or not readable): take the locked path, which creates it.
            return null;
        }

        return applied;
    }

    /// <summary>Opens a connection ready for use (backend settings applied).</summary>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The open connection; the caller disposes it.</returns>
    protected abstract Task<DbConnection> OpenConnectionAsync(CancellationToken cancellationToken);

    /// <summary>Serializes migrations across processes, inside the migration transaction (the dialect difference).</summary>
    /// <param name="connection">The connection.</param>
    /// <param name="transaction">The migration transaction.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>A task that completes when the lock is held.</returns>
    protected abstract Task LockForMigrationAsync(DbConnection connection, DbTransaction transaction, CancellationToken cancellationToken);

    /// <summary>Runs a statement.</summary>
    /// <param name="connection">The connection.</param>
    /// <param name="transaction">The transaction, if any.</param>
    /// <param name="sql">The SQL, with <c>@name</c> parameters.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <param name="parameters">The parameters; <see langword="null"/> values are sent as SQL NULL.</param>
    /// <returns>The number of rows affected.</returns>
    protected static async Task<int> ExecuteAsync(DbConnection connection, DbTransaction? transaction, string sql, CancellationToken cancellationToken, params (string Name, object? Value)[] parameters)
    {
        await using var command = CreateCommand(connection, transaction, sql, parameters);
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Runs a statement with no command timeout: a migration's backfill over a large store (millions of child rows),
    /// or waiting for another process's migration to finish, may take longer than a provider's default 30 s, and
    /// failing half-way would only roll it back to be tried again by the next process.
    /// </summary>
    /// <param name="connection">The connection.</param>
    /// <param name="transaction">The transaction.</param>
    /// <param name="sql">The SQL, without parameters.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The number of rows affected.</returns>
    protected static async Task<int> ExecuteWithoutTimeoutAsync(DbConnection connection, DbTransaction transaction, string sql, CancellationToken cancellationToken)
    {
        await using var command = CreateCommand(connection, transaction, sql);
        command.CommandTimeout = 0;
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    private static DbCommand CreateCommand(DbConnection connection, DbTransaction? transaction, string sql, params (string Name, object? Value)[] parameters)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = transaction;
        foreach (var (name, value) in parameters)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = name;
            parameter.Value = value ?? DBNull.Value;
            command.Parameters.Add(parameter);
        }

        return command;
    }

    private static (string Name, object? Value)[] Range(DateTimeOffset since, DateTimeOffset until) =>
        [("from", since.ToUnixTimeMilliseconds()), ("to", until.ToUnixTimeMilliseconds())];

    private static DateOnly WeekStart(DateOnly day) => day.AddDays(-(((int)day.DayOfWeek + 6) % 7));

    private static long ToLong(object? value) => Convert.ToInt64(value, CultureInfo.InvariantCulture);

    private static double? ToDouble(DbDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : Convert.ToDouble(reader.GetValue(ordinal), CultureInfo.InvariantCulture);
}
