// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using System.Diagnostics;
using System.Globalization;
using AiOpsPolicy.Core.Results;
using AiOpsPolicy.History;
using AiOpsPolicy.History.Schema;
using AiOpsPolicy.History.Trends;
using Microsoft.Data.Sqlite;
using Npgsql;
using NpgsqlTypes;

namespace AiOpsPolicy.Benchmarks;

/// <summary>
/// <c>history</c>: fills a SQLite file and a PostgreSQL database with N realistic runs (30 gates with one metric each,
/// 10 controls of 4 teams, waivers renewed monthly, spread over a year), then times every query the <c>coverage</c> and
/// <c>history</c> commands answer. Fails when a median is 1 s or more. The fill writes the store's tables directly in
/// large transactions (prepared inserts for SQLite, binary COPY for PostgreSQL): it is set-up, not what is measured.
/// </summary>
internal static class HistoryBenchmark
{
    private const int Gates = 30;

    private const int Controls = 10;

    private const int PolicySets = 5;

    private static readonly DateTimeOffset Start = new(2025, 1, 6, 0, 0, 0, TimeSpan.Zero);

    private static readonly string[] Teams = ["ml-platform", "data-platform", "helpdesk-ai", "sre"];

    public static void Run(int runs, int repeat, bool postgres, List<string> failures)
    {
        Console.WriteLine($"history: {runs:N0} runs over a year ({PolicySets} policy sets, {Gates} gates, {Controls} controls each), {repeat} timed repetition(s) per query");
        var directory = Path.Combine(Path.GetTempPath(), "aiops-history-bench-" + Guid.NewGuid().ToString("N"));
        try
        {
            var sqlite = Path.Combine(directory, "history.db");
            Measure("SQLite", sqlite, runs, repeat, FillSqliteAsync, failures);
            if (postgres)
            {
                var database = CreatePostgresDatabase();
                try
                {
                    Measure("PostgreSQL", database.ConnectionString, runs, repeat, FillPostgresAsync, failures);
                }
                finally
                {
                    DropPostgresDatabase(database.Database ?? string.Empty);
                }
            }
        }
        finally
        {
            if (Directory.Exists(directory))
            {
                Directory.Delete(directory, recursive: true);
            }
        }
    }

    private static void Measure(string backend, string target, int runs, int repeat, Func<string, int, Task> fill, List<string> failures)
    {
        var watch = Stopwatch.StartNew();

        // Opening the store creates the schema (every migration, indexes included) before the fill.
        HistoryStoreFactory.OpenAsync(target).GetAwaiter().GetResult().DisposeAsync().AsTask().GetAwaiter().GetResult();
        fill(target, runs).GetAwaiter().GetResult();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{backend}: filled {runs:N0} runs in {watch.Elapsed.TotalSeconds:F1} s"));

        var end = Start.AddDays(365);
        var week = Start.AddDays(7 * 26);
        var store = HistoryStoreFactory.OpenAsync(target).GetAwaiter().GetResult();
        try
        {
            var count = store.CountRunsAsync().GetAwaiter().GetResult();
            if (count != runs)
            {
                failures.Add($"history {backend}: {count} runs stored, {runs} expected");
            }

            (string Name, Func<Task<int>> Query)[] queries =
            [
                ("coverage by week", async () => (await store.CoverageAsync(new CoverageQuery(Start, end))).Count),
                ("coverage by month", async () => (await store.CoverageAsync(new CoverageQuery(Start, end, CoveragePeriod.Month))).Count),
                ("coverage by week and team", async () => (await store.CoverageAsync(new CoverageQuery(Start, end, GroupBy: CoverageGrouping.Team))).Count),
                ("coverage by week and enforcement point", async () => (await store.CoverageAsync(new CoverageQuery(Start, end, GroupBy: CoverageGrouping.EnforcementPoint))).Count),
                ("coverage by month, one policy set", async () => (await store.CoverageAsync(new CoverageQuery(Start, end, CoveragePeriod.Month, PolicySet: "set-2"))).Count),
                ("metric trend (one metric)", async () => (await store.MetricTrendAsync("metric-03", Start, end)).Count),
                ("gate trend (one gate)", async () => (await store.MetricTrendAsync("gate-07", Start, end)).Count),
                ("flipping gates, top 10", async () => (await store.FlippingGatesAsync(Start, end, 10)).Count),
                ("waiver renewals", async () => (await store.WaiverRenewalsAsync(Start, end)).Count),
                ("latest run per policy set (coverage --catalog)", async () => (await store.LatestRunsAsync(null, Start, end)).Count),
                ("LoadRunsAsync, one week", async () => (await store.LoadRunsAsync(null, week, week.AddDays(7))).Count),
            ];
            Console.WriteLine(Summary.Header);
            Console.WriteLine(Summary.Rule);
            foreach (var (name, query) in queries)
            {
                var rows = 0;
                var summary = Benchmarks.Measure.Repeat($"{backend}: {name}", warmup: 1, runs: repeat, () => Benchmarks.Measure.Time(() => rows = query().GetAwaiter().GetResult()));
                Console.WriteLine(summary.Row + string.Create(CultureInfo.InvariantCulture, $" {rows:N0} rows"));
                if (rows == 0)
                {
                    failures.Add($"history {backend}: '{name}' returned nothing");
                }

                if (summary.Median >= 1000)
                {
                    failures.Add(string.Create(CultureInfo.InvariantCulture, $"history {backend}: '{name}' took {summary.Median:F0} ms (median), not under 1 s"));
                }
            }
        }
        finally
        {
            store.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }
    }

    private static readonly (string Table, string[] Columns, NpgsqlDbType[] Types)[] Tables =
    [
        ("runs", ["run_id", "provider", "pipeline", "commit_sha", "environment", "recorded_at", "recorded_at_ms", "engine_version", "policy_set", "policy_set_version", "policy_digest", "evidence_digest", "decision", "waiver_count", "gate_statuses"],
            [NpgsqlDbType.Varchar, NpgsqlDbType.Varchar, NpgsqlDbType.Text, NpgsqlDbType.Text, NpgsqlDbType.Text, NpgsqlDbType.Text, NpgsqlDbType.Bigint, NpgsqlDbType.Text, NpgsqlDbType.Text, NpgsqlDbType.Text, NpgsqlDbType.Text, NpgsqlDbType.Text, NpgsqlDbType.Text, NpgsqlDbType.Integer, NpgsqlDbType.Text]),
        ("gate_results", ["run_id", "ordinal", "gate", "severity", "status", "observed", "observed_value", "bound", "recorded_at_ms", "policy_set"],
            [NpgsqlDbType.Varchar, NpgsqlDbType.Integer, NpgsqlDbType.Text, NpgsqlDbType.Text, NpgsqlDbType.Text, NpgsqlDbType.Text, NpgsqlDbType.Double, NpgsqlDbType.Text, NpgsqlDbType.Bigint, NpgsqlDbType.Text]),
        ("metric_results", ["run_id", "gate_ordinal", "ordinal", "metric", "value", "numeric_value", "numerator", "denominator", "sample_size", "recorded_at_ms", "policy_set", "gate", "gate_status"],
            [NpgsqlDbType.Varchar, NpgsqlDbType.Integer, NpgsqlDbType.Integer, NpgsqlDbType.Text, NpgsqlDbType.Text, NpgsqlDbType.Double, NpgsqlDbType.Double, NpgsqlDbType.Double, NpgsqlDbType.Bigint, NpgsqlDbType.Bigint, NpgsqlDbType.Text, NpgsqlDbType.Text, NpgsqlDbType.Text]),
        ("control_coverage", ["run_id", "ordinal", "name", "required", "declared_automated", "evidenced", "catalog_ids", "owner", "enforced_at"],
            [NpgsqlDbType.Varchar, NpgsqlDbType.Integer, NpgsqlDbType.Text, NpgsqlDbType.Integer, NpgsqlDbType.Integer, NpgsqlDbType.Integer, NpgsqlDbType.Text, NpgsqlDbType.Text, NpgsqlDbType.Text]),
        ("control_enforcement", ["run_id", "control_ordinal", "enforced_at"],
            [NpgsqlDbType.Varchar, NpgsqlDbType.Integer, NpgsqlDbType.Text]),
        ("waivers", ["run_id", "ordinal", "name", "owner", "reason", "ticket", "expires_at", "expires_at_ms", "gates", "expired"],
            [NpgsqlDbType.Varchar, NpgsqlDbType.Integer, NpgsqlDbType.Text, NpgsqlDbType.Text, NpgsqlDbType.Text, NpgsqlDbType.Text, NpgsqlDbType.Text, NpgsqlDbType.Bigint, NpgsqlDbType.Text, NpgsqlDbType.Integer]),
    ];

    /// <summary>The rows of one table for run <paramref name="i"/> of <paramref name="runs"/>: deterministic, so each table can be generated on its own.</summary>
    private static IEnumerable<object?[]> Rows(string table, int i, int runs)
    {
        var runId = "bench-" + i.ToString("D7", CultureInfo.InvariantCulture);
        var at = Start.AddMilliseconds(365d * 86_400_000 * i / runs);
        var set = i % PolicySets;
        var progress = (double)i / runs;
        var setName = "set-" + set.ToString(CultureInfo.InvariantCulture);

        // A waiver of one gate of the first three policy sets from April to September, renewed each month (a new expiry).
        var waived = set < 3 && at.Month is >= 4 and <= 9;
        var waivedGate = set * 5;
        switch (table)
        {
            case "runs":
                yield return [runId, "github", $"org/repo-{set}/gate", "abc" + (i % 997).ToString(CultureInfo.InvariantCulture), "prod", Iso(at), at.ToUnixTimeMilliseconds(), "0.1.0", "set-" + set.ToString(CultureInfo.InvariantCulture), "1", "sha256:p" + set.ToString(CultureInfo.InvariantCulture), "sha256:e" + i.ToString(CultureInfo.InvariantCulture), Hash(i, 99, 1) < 0.1 ? "blocked" : "allowed", waived ? 1 : 0,
                    string.Join('\u001E', Enumerable.Range(0, Gates).Select(g => Gate(g) + '\u001F' + Status(i, g, waived && g == waivedGate)))];
                break;
            case "gate_results":
                for (var g = 0; g < Gates; g++)
                {
                    var value = Math.Round(Hash(i, g, 2), 4);
                    var status = Status(i, g, waived && g == waivedGate);
                    yield return [runId, g, Gate(g), g % 3 == 0 ? "warn" : "block", status, value.ToString(CultureInfo.InvariantCulture), value, ">= 0.5", at.ToUnixTimeMilliseconds(), setName];
                }

                break;
            case "metric_results":
                for (var g = 0; g < Gates; g++)
                {
                    var value = Math.Round(Hash(i, g, 2), 4);
                    yield return [runId, g, 0, "metric-" + g.ToString("D2", CultureInfo.InvariantCulture), value.ToString(CultureInfo.InvariantCulture), value, Math.Round(value * 200), 200d, 200L,
                        at.ToUnixTimeMilliseconds(), setName, Gate(g), Status(i, g, waived && g == waivedGate)];
                }

                break;
            case "control_coverage":
                for (var c = 0; c < Controls; c++)
                {
                    var automated = c < 8;
                    var evidenced = automated && Hash(i, c, 4) < 0.5 + (0.4 * progress) - (c % 4 == 3 ? 0.3 : 0);
                    yield return [runId, c, "control-" + c.ToString(CultureInfo.InvariantCulture), 1, automated ? 1 : 0, evidenced ? 1 : 0, $"ac-{c + 1},si-{c + 1}", c == 9 ? null : Teams[c % Teams.Length], string.Join('\u001E', Points(c))];
                }

                break;
            case "control_enforcement":
                for (var c = 0; c < Controls; c++)
                {
                    foreach (var point in Points(c))
                    {
                        yield return [runId, c, point];
                    }
                }

                break;
            case "waivers":
                if (waived)
                {
                    var expires = new DateTimeOffset(at.Year, at.Month, 1, 0, 0, 0, TimeSpan.Zero).AddMonths(1);
                    yield return [runId, 0, "waiver-set-" + set.ToString(CultureInfo.InvariantCulture), "sre", "vendor outage", "OPS-" + at.Month.ToString(CultureInfo.InvariantCulture), Iso(expires), expires.ToUnixTimeMilliseconds(), Gate(waivedGate), 0];
                }

                break;
        }
    }

    private static string Status(int i, int g, bool waived) =>
        waived ? "waived" : Hash(i, g, 3) < (g % 7 == 0 ? 0.3 : 0.03) ? "fail" : "pass";

    /// <summary>A control's enforcement points, sorted as the store keeps them; control 8 has none.</summary>
    private static string[] Points(int c) => c == 8 ? [] : c % 3 == 0 ? ["ci", "deploy"] : c % 3 == 1 ? ["deploy"] : ["ci"];

    private static string Gate(int g) => "gate-" + g.ToString("D2", CultureInfo.InvariantCulture);

    private static string Iso(DateTimeOffset at) => at.ToString("O", CultureInfo.InvariantCulture);

    /// <summary>A deterministic number in [0, 1) for (run, item, salt): splitmix64.</summary>
    private static double Hash(int run, int item, int salt)
    {
        var x = unchecked(((ulong)run * 0x9E3779B97F4A7C15UL) ^ ((ulong)item << 32) ^ ((ulong)salt << 56));
        x = unchecked((x ^ (x >> 30)) * 0xBF58476D1CE4E5B9UL);
        x = unchecked((x ^ (x >> 27)) * 0x94D049BB133111EBUL);
        x ^= x >> 31;
        return (x >> 11) * (1.0 / (1UL << 53));
    }

    private static async Task FillSqliteAsync(string path, int runs)
    {
        await using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
        await connection.OpenAsync();
        await using (var pragma = connection.CreateCommand())
        {
            pragma.CommandText = "PRAGMA journal_mode = WAL; PRAGMA synchronous = OFF;";
            await pragma.ExecuteNonQueryAsync();
        }

        // Secondary indexes are dropped for the fill and built again afterwards, from their own definitions: one sort
        // per index instead of 3 million scattered inserts.
        var indexes = new List<(string Name, string Sql)>();
        await using (var list = connection.CreateCommand())
        {
            list.CommandText = "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL";
            await using var reader = await list.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                indexes.Add((reader.GetString(0), reader.GetString(1)));
            }
        }

        await ExecuteSqliteAsync(connection, indexes.Select(i => $"DROP INDEX {i.Name}"));

        const int Batch = 5_000;
        for (var first = 0; first < runs; first += Batch)
        {
            await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync();
            foreach (var (table, columns, _) in Tables)
            {
                await using var command = connection.CreateCommand();
                command.Transaction = transaction;
                command.CommandText = $"INSERT INTO {table} ({string.Join(", ", columns)}) VALUES ({string.Join(", ", columns.Select(c => "@" + c))})";
                var parameters = columns.Select(c => command.Parameters.Add(new SqliteParameter { ParameterName = "@" + c })).ToArray();
                command.Prepare();
                for (var i = first; i < Math.Min(first + Batch, runs); i++)
                {
                    foreach (var row in Rows(table, i, runs))
                    {
                        for (var k = 0; k < row.Length; k++)
                        {
                            parameters[k].Value = row[k] ?? DBNull.Value;
                        }

                        await command.ExecuteNonQueryAsync();
                    }
                }
            }

            await transaction.CommitAsync();
        }

        await ExecuteSqliteAsync(connection, [.. indexes.Select(i => i.Sql), .. Migrations.CoverageRollupBackfill, "ANALYZE"]);
    }

    private static async Task ExecuteSqliteAsync(SqliteConnection connection, IEnumerable<string> statements)
    {
        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync();
        foreach (var sql in statements)
        {
            await using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = sql;
            command.CommandTimeout = 0;
            await command.ExecuteNonQueryAsync();
        }

        await transaction.CommitAsync();
    }

    private static async Task FillPostgresAsync(string connectionString, int runs)
    {
        await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(connectionString) { CommandTimeout = 0 }.ConnectionString);
        await connection.OpenAsync();

        // As for SQLite: secondary indexes are built once after the fill, from their own definitions. Foreign keys are
        // not checked row by row during the fill when the role may skip triggers (the generated rows satisfy them).
        var indexes = new List<(string Name, string Sql)>();
        await using (var list = new NpgsqlCommand("SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = current_schema() AND indexname LIKE 'ix\\_%'", connection))
        await using (var reader = await list.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                indexes.Add((reader.GetString(0), reader.GetString(1)));
            }
        }

        await ExecutePostgresAsync(connection, indexes.Select(i => $"DROP INDEX {i.Name}"));
        try
        {
            await ExecutePostgresAsync(connection, ["SET session_replication_role = replica"]);
        }
        catch (PostgresException)
        {
            // Not a superuser: the foreign keys are checked row by row, which is slower but still correct.
        }

        foreach (var (table, columns, types) in Tables)
        {
            await using var writer = await connection.BeginBinaryImportAsync($"COPY {table} ({string.Join(", ", columns)}) FROM STDIN (FORMAT BINARY)");
            for (var i = 0; i < runs; i++)
            {
                foreach (var row in Rows(table, i, runs))
                {
                    await writer.StartRowAsync();
                    for (var k = 0; k < row.Length; k++)
                    {
                        if (row[k] is null)
                        {
                            await writer.WriteNullAsync();
                        }
                        else
                        {
                            await writer.WriteAsync(row[k], types[k]);
                        }
                    }
                }
            }

            await writer.CompleteAsync();
        }

        await ExecutePostgresAsync(connection, [.. indexes.Select(i => i.Sql), .. Migrations.CoverageRollupBackfill, "VACUUM ANALYZE"]);
    }

    private static async Task ExecutePostgresAsync(NpgsqlConnection connection, IEnumerable<string> statements)
    {
        foreach (var sql in statements)
        {
            await using var command = new NpgsqlCommand(sql, connection);
            await command.ExecuteNonQueryAsync();
        }
    }

    private static NpgsqlConnectionStringBuilder CreatePostgresDatabase()
    {
        var configured = new NpgsqlConnectionStringBuilder(Environment.GetEnvironmentVariable("AIOPS_POSTGRES") is { Length: > 0 } value
            ? value
            : "Host=127.0.0.1;Port=5432;Username=postgres;Password=postgres;Database=postgres");
        var name = $"aiops_bench_{Guid.NewGuid():N}"[..36];
        ExecuteAdmin(configured, $"CREATE DATABASE \"{name}\"");
        return new NpgsqlConnectionStringBuilder(configured.ConnectionString) { Database = name };
    }

    private static void DropPostgresDatabase(string name)
    {
        var configured = new NpgsqlConnectionStringBuilder(Environment.GetEnvironmentVariable("AIOPS_POSTGRES") is { Length: > 0 } value
            ? value
            : "Host=127.0.0.1;Port=5432;Username=postgres;Password=postgres;Database=postgres");
        ExecuteAdmin(configured, $"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)");
    }

    private static void ExecuteAdmin(NpgsqlConnectionStringBuilder configured, string sql)
    {
        var admin = new NpgsqlConnectionStringBuilder(configured.ConnectionString) { Database = "postgres", Pooling = false };
        using var connection = new NpgsqlConnection(admin.ConnectionString);
        connection.Open();
        using var command = new NpgsqlCommand(sql, connection);
        command.ExecuteNonQuery();
    }
}
