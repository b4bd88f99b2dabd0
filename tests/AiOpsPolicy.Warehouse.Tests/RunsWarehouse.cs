// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using System.Globalization;
using System.Text;
using DuckDB.NET.Data;

namespace AiOpsPolicy.Warehouse.Tests;

/// <summary>
/// Generated workflow runs with the edge cases of the push-down (window edges to the microsecond, durations at the
/// targets, ties, missing steps and transaction counts, ids whose ordinal order differs from their number, runs after
/// the as-of time) written three ways: NDJSON (read in memory), Parquet and a <c>.duckdb</c> store (read by DuckDB).
/// A run's field left null is left out of the NDJSON and written as SQL NULL.
/// </summary>
internal static class RunsWarehouse
{
    public static readonly DateTimeOffset Now = new(2026, 11, 28, 12, 0, 0, TimeSpan.Zero);

    public const string AsOf = "2026-11-28T12:00:00Z";

    public const string CollectedAt = "2026-11-28T06:00:00Z";

    /// <summary>Durations around the targets (30 s, 60 s, 5 min), to the microsecond.</summary>
    private static readonly TimeSpan[] Durations =
    [
        TimeSpan.Zero, TimeSpan.FromSeconds(29), TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(30) + TimeSpan.FromMicroseconds(1),
        TimeSpan.FromSeconds(60), TimeSpan.FromSeconds(61), TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(5) + TimeSpan.FromMicroseconds(1), TimeSpan.FromHours(1),
    ];

    private static readonly string?[] Steps = [null, "a", "b", "c", "undeclared"];

    private static readonly string[] Outcomes = ["ok", "ok", "ok", "routed-correctly", "manual-review"];

    /// <summary>Clean runs: every one valid, every id distinct.</summary>
    public static List<Run> Clean(int count, int seed)
    {
        var random = new Random(seed);
        var runs = new List<Run>(count + 8);
        var numbers = Enumerable.Range(0, count).OrderBy(_ => random.Next()).ToArray();
        for (var i = 0; i < count; i++)
        {
            // Ends spread over 16 days before the evaluation time, on whole microseconds; a few share an instant (ties).
            var ended = Now - TimeSpan.FromMicroseconds(random.NextInt64(0, 16L * 24 * 3600 * 1_000_000));
            if (i % 97 == 0)
            {
                ended = Now - TimeSpan.FromHours(30);
            }

            var id = (numbers[i] % 7) switch
            {
                0 => $"Run-{numbers[i]}",
                1 => $"run_{numbers[i]}",
                _ => $"run-{numbers[i]}",
            };
            runs.Add(new Run(id, i % 5 == 0 ? "other" : "wf", Steps[random.Next(Steps.Length)], ended - Durations[random.Next(Durations.Length)], ended, Outcomes[random.Next(Outcomes.Length)], random.Next(3) == 0 ? null : random.Next(0, 4)));
        }

        // The edges of the 7-day window and of the one before it, and runs after the as-of time.
        var week = TimeSpan.FromDays(7);
        foreach (var (name, ended) in new[]
        {
            ("edge-start", Now - week), ("edge-before-start", Now - week - TimeSpan.FromMicroseconds(1)), ("edge-end", Now),
            ("edge-previous", Now - week - week), ("after-as-of", Now + TimeSpan.FromMicroseconds(1)), ("after-as-of-later", Now + TimeSpan.FromDays(1)),
        })
        {
            runs.Add(new Run(name, "wf", null, ended - TimeSpan.FromMinutes(5), ended, "ok", 1));
            runs.Add(new Run(name + "-a", "wf", "a", ended - TimeSpan.FromSeconds(31), ended, "ok", null));
        }

        return runs;
    }

    /// <summary>The clean runs with later duplicates of three ids (other values), which the loader reports and leaves out.</summary>
    public static List<Run> WithDuplicates(int count, int seed)
    {
        var runs = Clean(count, seed);
        runs.Add(runs[3] with { Outcome = "manual-review" });
        runs.Add(runs[10] with { Ended = runs[10].Ended + TimeSpan.FromHours(1) });
        runs.Add(runs[count] with { Step = "a" });
        return runs;
    }

    /// <summary>The clean runs with rows the contract refuses: each quarantined and counted.</summary>
    public static List<Run> WithInvalidRows(int count, int seed)
    {
        var runs = Clean(count, seed);
        var ended = Now - TimeSpan.FromDays(1);
        runs.Add(new Run("bad-outcome", "wf", null, ended - TimeSpan.FromMinutes(1), ended, "Not OK", null));
        runs.Add(new Run("bad-order", "wf", null, ended, ended - TimeSpan.FromMinutes(1), "ok", null));
        runs.Add(new Run("bad-step", "wf", string.Empty, ended - TimeSpan.FromMinutes(1), ended, "ok", null));
        runs.Add(new Run("bad-workflow", null, null, ended - TimeSpan.FromMinutes(1), ended, "ok", null));
        runs.Add(new Run("bad-transactions", "wf", null, ended - TimeSpan.FromMinutes(1), ended, "ok", -1));
        return runs;
    }

    /// <summary>Writes the runs as <c>workflow-runs.ndjson</c>, <c>workflow-runs.parquet</c> and a store, each in its own folder.</summary>
    public static (string Ndjson, string Parquet, string Store) Write(TempDirectory temp, IReadOnlyList<Run> runs, bool keyed = false)
    {
        var ndjson = Directory.CreateDirectory(temp.Combine("ndjson")).FullName;
        var parquet = Directory.CreateDirectory(temp.Combine("parquet")).FullName;
        var store = Path.Combine(Directory.CreateDirectory(temp.Combine("store")).FullName, "evidence.duckdb");
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"{{\"$evidence\": {{\"kind\": \"workflow-runs\", \"collectedAt\": \"{CollectedAt}\"}}}}\n");
        foreach (var run in runs)
        {
            text.Append(CultureInfo.InvariantCulture, $"{{\"id\": \"{run.Id}\"");
            Field(text, "workflow", run.Workflow);
            Field(text, "step", run.Step);
            Field(text, "startedAt", WarehouseSql.Time(run.Started));
            Field(text, "endedAt", WarehouseSql.Time(run.Ended));
            Field(text, "outcome", run.Outcome);
            if (run.Transactions is { } transactions)
            {
                text.Append(CultureInfo.InvariantCulture, $", \"transactions\": {transactions}");
            }

            text.Append("}\n");
        }

        File.WriteAllText(Path.Combine(ndjson, "workflow-runs.ndjson"), text.ToString());

        using var connection = new DuckDBConnection("DataSource=:memory:");
        connection.Open();
        WarehouseSql.Execute(connection, "CREATE TABLE runs (seq INTEGER, id VARCHAR, workflow VARCHAR, step VARCHAR, startedAt TIMESTAMPTZ, endedAt TIMESTAMPTZ, outcome VARCHAR, transactions BIGINT)");
        foreach (var chunk in runs.Select((r, i) => (r, i)).Chunk(500))
        {
            WarehouseSql.Execute(connection, "INSERT INTO runs VALUES " + string.Join(", ", chunk.Select(x => $"({x.i}, {WarehouseSql.Literal(x.r.Id)}, {WarehouseSql.Literal(x.r.Workflow)}, {WarehouseSql.Literal(x.r.Step)}, {WarehouseSql.Literal(WarehouseSql.Time(x.r.Started))}::TIMESTAMPTZ, {WarehouseSql.Literal(WarehouseSql.Time(x.r.Ended))}::TIMESTAMPTZ, {WarehouseSql.Literal(x.r.Outcome)}, {(x.r.Transactions is { } t ? t.ToString(CultureInfo.InvariantCulture) : "NULL")})")));
        }

        const string Columns = "id, workflow, step, startedAt, endedAt, outcome, transactions";
        WarehouseSql.Execute(connection, $"COPY (SELECT {Columns} FROM runs ORDER BY seq) TO {WarehouseSql.Literal(Path.Combine(parquet, "workflow-runs.parquet"))} (FORMAT parquet, KV_METADATA {{kind: 'workflow-runs', collectedAt: '{CollectedAt}'}})");
        WarehouseSql.Execute(connection, $"ATTACH {WarehouseSql.Literal(store)} AS store");
        if (keyed)
        {
            WarehouseSql.Execute(connection, "CREATE TABLE store.workflow_runs (id VARCHAR PRIMARY KEY, workflow VARCHAR, step VARCHAR, startedAt TIMESTAMPTZ, endedAt TIMESTAMPTZ, outcome VARCHAR, transactions BIGINT)");
            WarehouseSql.Execute(connection, $"INSERT INTO store.workflow_runs SELECT {Columns} FROM runs ORDER BY seq");
        }
        else
        {
            WarehouseSql.Execute(connection, $"CREATE TABLE store.workflow_runs AS SELECT {Columns} FROM runs ORDER BY seq");
        }

        WarehouseSql.Execute(connection, $"CREATE TABLE store.aiops_evidence AS SELECT 'workflow-runs' AS kind, '{CollectedAt}' AS \"collectedAt\"");
        WarehouseSql.Execute(connection, "DETACH store");
        return (ndjson, parquet, store);
    }

    /// <summary>A policy set over the runs: every form of SLA attainment, windows, and an expression that enumerates runs.</summary>
    public static string Policies(TempDirectory temp)
    {
        var folder = Directory.CreateDirectory(temp.Combine("policies")).FullName;
        File.WriteAllText(Path.Combine(folder, "policyset.yaml"), """
            apiVersion: aiops-policy/v1
            kind: PolicySet
            metadata:
              name: push-down
              owner: tests
            spec:
              version: 1.0.0
              evidence:
                maxAge: 30d
                tolerateInvalid:
                  workflow-runs: 1%
              defaults:
                severity: block
                window: 7d
            """);
        File.WriteAllText(Path.Combine(folder, "workflows.yaml"), """
            apiVersion: aiops-policy/v1
            kind: Workflow
            metadata:
              name: wf
              owner: tests
            spec:
              trigger: zendesk
              systems: [zendesk, model]
              sla:
                time: 5m
                quality: ok
                target: 95%
              steps:
                - name: a
                  system: model
                  sla:
                    time: 30s
                    quality: ok
                - name: b
                  system: model
                  sla:
                    time: 60s
                - name: c
                  system: zendesk
            ---
            apiVersion: aiops-policy/v1
            kind: Workflow
            metadata:
              name: other
              owner: tests
            spec:
              trigger: zendesk
              systems: [zendesk]
              sla:
                time: 60s
                target: 90%
              steps:
                - name: only
                  system: zendesk
            ---
            apiVersion: aiops-policy/v1
            kind: Workflow
            metadata:
              name: idle
              owner: tests
            spec:
              trigger: zendesk
              systems: [zendesk]
              sla:
                quality: ok
                target: 90%
              steps:
                - name: only
                  system: zendesk
            """);
        var gates = new (string Name, string Measure, string Bound)[]
        {
            ("whole", "SlaAttainment(\"wf\")", "min: 60%"),
            ("step-a", "SlaAttainment(\"wf\", step: \"a\")", "min: 60%"),
            ("step-b", "SlaAttainment(\"wf\", step: \"b\")", "min: 60%"),
            ("pooled", "SlaAttainment(\"wf\", runs: SlaRuns.AllSteps)", "min: 60%"),
            ("previous-week", "SlaAttainment(\"wf\", window: Last(Days(7)).Previous())", "min: 60%"),
            ("last-day-a", "SlaAttainment(\"wf\", step: \"a\", window: Last(Days(1)))", "min: 60%"),
            ("thirty-hours", "SlaAttainment(\"wf\", window: Last(Hours(30)))", "min: 60%"),
            ("whole-by-start", "SlaAttainment(\"wf\", placement: WindowPlacement.Start)", "min: 60%"),
            ("pooled-by-start", "SlaAttainment(\"wf\", runs: SlaRuns.AllSteps, window: Last(Days(1)), placement: WindowPlacement.Start)", "min: 60%"),
            ("other", "SlaAttainment(\"other\")", "min: 90%"),
            ("idle", "SlaAttainment(\"idle\")", "min: 90%"),
            ("enumerated", "Evidence.WorkflowRuns.Count(r => r.Step == null && r.Outcome == \"ok\")", "min: 1"),
            ("enumerated-first", "Evidence.WorkflowRuns.First().Transactions", "min: 0"),
        };
        File.WriteAllText(Path.Combine(folder, "gates.yaml"), string.Join("---\n", gates.Select(g => $"""
            apiVersion: aiops-policy/v1
            kind: Gate
            metadata:
              name: {g.Name}
              owner: tests
            spec:
              measure: '{g.Measure.Replace("'", "''", StringComparison.Ordinal)}'
              bound:
                {g.Bound}

            """)));
        return folder;
    }

    private static void Field(StringBuilder text, string name, string? value)
    {
        if (value is not null)
        {
            text.Append(CultureInfo.InvariantCulture, $", \"{name}\": \"{value}\"");
        }
    }

    /// <summary>One generated run.</summary>
    internal sealed record Run(string Id, string? Workflow, string? Step, DateTimeOffset Started, DateTimeOffset Ended, string? Outcome, long? Transactions);
}
