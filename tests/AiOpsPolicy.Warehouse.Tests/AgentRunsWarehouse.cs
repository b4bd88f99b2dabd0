// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using System.Globalization;
using System.Text;
using DuckDB.NET.Data;

namespace AiOpsPolicy.Warehouse.Tests;

/// <summary>
/// Generated agent runs with the edge cases of the push-down of AgentSuccess: completions and starts exactly at the
/// windows' edges and a microsecond before, runs with no start (placed by start they are noted, not counted), runs
/// completed after the as-of time, every combination of correct and human rescue, ties, ids whose ordinal order differs
/// from their number, three workflows; written as NDJSON (read in memory), Parquet and a <c>.duckdb</c> store.
/// </summary>
internal static class AgentRunsWarehouse
{
    private static readonly string[] Workflows = ["triage", "triage", "refunds", "escalation"];

    /// <summary>The workflows the policies declare: those the runs name, and one with no run.</summary>
    private static readonly string[] Declared = ["triage", "refunds", "escalation", "idle"];

    /// <summary>Clean runs: every one valid, every id distinct.</summary>
    public static List<AgentRun> Clean(int count, int seed)
    {
        var now = RunsWarehouse.Now;
        var random = new Random(seed);
        var runs = new List<AgentRun>(count + 32);
        var numbers = Enumerable.Range(0, count).OrderBy(_ => random.Next()).ToArray();
        for (var i = 0; i < count; i++)
        {
            var completed = now - TimeSpan.FromMicroseconds(random.NextInt64(0, 16L * 24 * 3600 * 1_000_000));
            if (i % 89 == 0)
            {
                // Ties: many runs complete at the same instant.
                completed = now - TimeSpan.FromHours(30);
            }

            DateTimeOffset? started = (i % 6) switch
            {
                0 => null,
                1 => completed,
                _ => completed - TimeSpan.FromMicroseconds(random.NextInt64(0, 3L * 24 * 3600 * 1_000_000)),
            };
            var id = (numbers[i] % 5) switch
            {
                0 => $"Agent-{numbers[i]}",
                1 => $"agent_{numbers[i]}",
                _ => $"agent-{numbers[i]}",
            };
            runs.Add(new AgentRun(id, Workflows[random.Next(Workflows.Length)], started, completed, random.Next(4) != 0, random.Next(5) == 0));
        }

        // The edges of the 7-day and 1-day windows and of the week before, by completion and by start, and runs after as-of.
        var week = TimeSpan.FromDays(7);
        var micro = TimeSpan.FromMicroseconds(1);
        foreach (var (name, at) in new[]
        {
            ("edge-start", now - week), ("edge-before-start", now - week - micro), ("edge-end", now), ("edge-day", now - TimeSpan.FromDays(1)),
            ("edge-before-day", now - TimeSpan.FromDays(1) - micro), ("edge-previous", now - week - week), ("after-as-of", now + micro), ("after-as-of-later", now + TimeSpan.FromDays(1)),
        })
        {
            runs.Add(new AgentRun(name + "-end", "triage", at - TimeSpan.FromHours(2), at, false, false));
            runs.Add(new AgentRun(name + "-start", "triage", at, at + TimeSpan.FromHours(2) > now && at <= now ? now : at + TimeSpan.FromHours(2), true, true));
            runs.Add(new AgentRun(name + "-nostart", "triage", null, at, true, false));
        }

        return runs;
    }

    /// <summary>The clean runs with later duplicates of three ids (other values), which the loader reports and leaves out.</summary>
    public static List<AgentRun> WithDuplicates(int count, int seed)
    {
        var runs = Clean(count, seed);
        runs.Add(runs[3] with { Correct = !runs[3].Correct });
        runs.Add(runs[10] with { Completed = runs[10].Completed + TimeSpan.FromHours(1) });
        runs.Add(runs[count] with { Workflow = "refunds" });
        return runs;
    }

    /// <summary>The clean runs with rows the contract refuses: each quarantined and counted.</summary>
    public static List<AgentRun> WithInvalidRows(int count, int seed)
    {
        var runs = Clean(count, seed);
        var completed = RunsWarehouse.Now - TimeSpan.FromDays(1);
        runs.Add(new AgentRun("bad-workflow", "Not Kebab", null, completed, true, false));
        runs.Add(new AgentRun("bad-order", "triage", completed + TimeSpan.FromMinutes(1), completed, true, false));
        runs.Add(new AgentRun(string.Empty, "triage", null, completed, true, false));
        return runs;
    }

    /// <summary>Writes the runs as <c>agent-runs.ndjson</c>, <c>agent-runs.parquet</c> and a store, each in its own folder.</summary>
    public static (string Ndjson, string Parquet, string Store) Write(TempDirectory temp, IReadOnlyList<AgentRun> runs)
    {
        var ndjson = Directory.CreateDirectory(temp.Combine("ndjson")).FullName;
        var parquet = Directory.CreateDirectory(temp.Combine("parquet")).FullName;
        var store = Path.Combine(Directory.CreateDirectory(temp.Combine("store")).FullName, "evidence.duckdb");
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"{{\"$evidence\": {{\"kind\": \"agent-runs\", \"collectedAt\": \"{RunsWarehouse.CollectedAt}\"}}}}\n");
        foreach (var run in runs)
        {
            text.Append(CultureInfo.InvariantCulture, $"{{\"id\": \"{run.Id}\", \"workflow\": \"{run.Workflow}\"");
            if (run.Started is { } started)
            {
                text.Append(CultureInfo.InvariantCulture, $", \"startedAt\": \"{WarehouseSql.Time(started)}\"");
            }

            text.Append(CultureInfo.InvariantCulture, $", \"completedAt\": \"{WarehouseSql.Time(run.Completed)}\", \"correct\": {(run.Correct ? "true" : "false")}, \"humanIntervened\": {(run.Human ? "true" : "false")}}}\n");
        }

        File.WriteAllText(Path.Combine(ndjson, "agent-runs.ndjson"), text.ToString());

        using var connection = new DuckDBConnection("DataSource=:memory:");
        connection.Open();
        WarehouseSql.Execute(connection, "CREATE TABLE runs (seq INTEGER, id VARCHAR, workflow VARCHAR, startedAt TIMESTAMPTZ, completedAt TIMESTAMPTZ, correct BOOLEAN, humanIntervened BOOLEAN)");
        foreach (var chunk in runs.Select((r, i) => (r, i)).Chunk(500))
        {
            WarehouseSql.Execute(connection, "INSERT INTO runs VALUES " + string.Join(", ", chunk.Select(x => $"({x.i}, {WarehouseSql.Literal(x.r.Id)}, {WarehouseSql.Literal(x.r.Workflow)}, {(x.r.Started is { } s ? WarehouseSql.Literal(WarehouseSql.Time(s)) : "NULL")}::TIMESTAMPTZ, {WarehouseSql.Literal(WarehouseSql.Time(x.r.Completed))}::TIMESTAMPTZ, {(x.r.Correct ? "true" : "false")}, {(x.r.Human ? "true" : "false")})")));
        }

        const string Columns = "id, workflow, startedAt, completedAt, correct, humanIntervened";
        WarehouseSql.Execute(connection, $"COPY (SELECT {Columns} FROM runs ORDER BY seq) TO {WarehouseSql.Literal(Path.Combine(parquet, "agent-runs.parquet"))} (FORMAT parquet, KV_METADATA {{kind: 'agent-runs', collectedAt: '{RunsWarehouse.CollectedAt}'}})");
        WarehouseSql.Execute(connection, $"ATTACH {WarehouseSql.Literal(store)} AS store");
        WarehouseSql.Execute(connection, $"CREATE TABLE store.agent_runs AS SELECT {Columns} FROM runs ORDER BY seq");
        WarehouseSql.Execute(connection, $"CREATE TABLE store.aiops_evidence AS SELECT 'agent-runs' AS kind, '{RunsWarehouse.CollectedAt}' AS \"collectedAt\"");
        WarehouseSql.Execute(connection, "DETACH store");
        return (ndjson, parquet, store);
    }

    /// <summary>A policy set over the runs: AgentSuccess in every form (a workflow or all, by completion or start, windows), and an expression that enumerates runs.</summary>
    public static string Policies(TempDirectory temp)
    {
        var folder = Directory.CreateDirectory(temp.Combine("policies")).FullName;
        File.WriteAllText(Path.Combine(folder, "policyset.yaml"), """
            apiVersion: aiops-policy/v1
            kind: PolicySet
            metadata:
              name: agent-push-down
              owner: tests
            spec:
              version: 1.0.0
              evidence:
                maxAge: 30d
                tolerateInvalid:
                  agent-runs: 1%
              defaults:
                severity: block
                window: 7d
            """);
        File.WriteAllText(Path.Combine(folder, "workflows.yaml"), string.Join("---\n", Declared.Select(w => $"""
            apiVersion: aiops-policy/v1
            kind: Workflow
            metadata:
              name: {w}
              owner: tests
            spec:
              trigger: zendesk
              systems: [zendesk]
              steps:
                - name: only
                  system: zendesk

            """)));
        var gates = new (string Name, string Measure, string Bound)[]
        {
            ("triage", "AgentSuccess(\"triage\")", "min: 60%"),
            ("every-workflow", "AgentSuccess()", "min: 60%"),
            ("refunds", "AgentSuccess(\"refunds\")", "min: 90%"),
            ("triage-by-start", "AgentSuccess(\"triage\", placement: WindowPlacement.Start)", "min: 60%"),
            ("every-by-start", "AgentSuccess(placement: WindowPlacement.Start)", "min: 60%"),
            ("last-day", "AgentSuccess(\"triage\", window: Last(Days(1)))", "min: 60%"),
            ("last-day-by-start", "AgentSuccess(\"triage\", window: Last(Days(1)), placement: WindowPlacement.Start)", "min: 60%"),
            ("previous-week", "AgentSuccess(\"triage\", window: Last(Days(7)).Previous())", "min: 60%"),
            ("previous-by-start", "AgentSuccess(window: Previous(Days(7)), placement: WindowPlacement.Start)", "min: 60%"),
            ("thirty-hours", "AgentSuccess(window: Last(Hours(30)))", "min: 60%"),
            ("idle", "AgentSuccess(\"idle\")", "min: 90%"),
            ("enumerated", "Evidence.AgentRuns.Count(r => r.StartedAt == null && r.Correct)", "min: 1"),
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

    /// <summary>One generated agent run.</summary>
    internal sealed record AgentRun(string Id, string Workflow, DateTimeOffset? Started, DateTimeOffset Completed, bool Correct, bool Human);
}
