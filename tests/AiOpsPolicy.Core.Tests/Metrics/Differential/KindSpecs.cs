// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using System.Globalization;

namespace AiOpsPolicy.Core.Tests.Metrics.Differential;

/// <summary>
/// One evidence kind as the harness sees it, written from docs/evidence.md and docs/metrics.md only:
/// its key (the <c>id</c>, or the natural key, times as instants), its as-of rule, a generator of valid
/// records that likes edge cases, how to vary a duplicate without changing its key, and (optionally)
/// how to break the order of its times, which the contract refuses.
/// </summary>
/// <param name="Name">The kind's name.</param>
/// <param name="Key">The record's key.</param>
/// <param name="AsOf">The record as it stood at the evaluation time; null when it had not happened.</param>
/// <param name="Make">Valid records for one set.</param>
/// <param name="Vary">Changes a copy in fields outside its key.</param>
/// <param name="BreakOrder">Puts two of its times out of order.</param>
/// <param name="HasLists">Whether its records may hold lists, which CSV cannot write.</param>
internal sealed record KindSpec(string Name, Func<Rec, string> Key, Func<Rec, DateTimeOffset, Rec?> AsOf, Func<World, List<Rec>> Make, Action<Rec, World> Vary, Action<Rec>? BreakOrder = null, bool HasLists = false);

/// <summary>
/// Every evidence kind's spec. To cover a new kind, add its spec here (key and as-of rule from the
/// docs, a generator with edge cases) and a case that reads it.
/// </summary>
internal static class KindSpecs
{
    public static readonly IReadOnlyList<KindSpec> All =
    [
        new("workflow-runs", r => r.Text("id"), (r, now) => r.Time("endedAt") > now ? null : r, Runs, (r, w) => r["outcome"] = w.Pick("ok", "manual-review-needed", "routed-correctly"), r => r["endedAt"] = r.Time("startedAt").AddTicks(-1)),
        new("workflow-run-counts", r => $"{r.Text("workflow")}{(r.OptText("step") is { } s ? "/" + s : string.Empty)}@{Instant(r.Time("periodStart"))}", (r, now) => r.Time("periodEnd") > now ? null : r, RunCounts, (r, w) => r["met"] = (long)w.Random.Next(0, (int)r.Int("total") + 1), r => r["met"] = r.Int("total") + 1),
        new("incidents", r => r.Text("id"), IncidentAsOf, Incidents, (r, w) => r["cause"] = w.Pick("model", "vendor-outage", "prompt"), r => r["recoveredAt"] = r.Time("detectedAt").AddSeconds(-1)),
        new("transactions", r => $"{r.Text("workflow")}@{Instant(r.Time("periodStart"))}", (r, now) => r.Time("periodEnd") > now ? null : r, Transactions, (r, w) => r["count"] = (long)w.Random.Next(0, 5000), r => r["periodEnd"] = r.Time("periodStart").AddTicks(-1)),
        new("connector-checks", r => $"{r.Text("connector")}@{r.Day("day"):yyyy-MM-dd}", (r, now) => r.Day("day") > DateOnly.FromDateTime(now.UtcDateTime) ? null : r, ConnectorChecks, (r, w) => r["latencyMs"] = w.Pick(10.0, 5000.0)),
        new("freshness", r => $"{r.Text("dataset")}/{r.Text("stage")}@{Instant(r.Time("measuredAt"))}", (r, now) => r.Time("measuredAt") > now ? null : r, Freshness, (r, w) => r["lag"] = w.Span(TimeSpan.FromMinutes(15))),
        new("value-lines", r => r.Text("id"), (r, now) => r.Time("periodStart") > now ? null : r, ValueLines, (r, w) => r["amount"] = w.Random.Next(0, 100_000) / 100.0, r => r["periodEnd"] = r.Time("periodStart").AddDays(-1)),
        new("case-effort", r => $"{r.Text("workflow")}@{Instant(r.Time("measuredAt"))}", (r, now) => r.Time("measuredAt") > now ? null : r, CaseEffort, (r, w) => r["minutesAfter"] = (double)w.Random.Next(0, 30), HasLists: true),
        new("throughput", r => $"{r.Text("workflow")}@{r.Day("day"):yyyy-MM-dd}", (r, now) => r.Day("day") > DateOnly.FromDateTime(now.UtcDateTime) ? null : r, Throughput, (r, w) => r["completed"] = (long)w.Random.Next(0, 200)),
        new("model-evaluations", r => $"{r.Text("model")}@{r.Text("version")}", (r, now) => r.Time("evaluatedAt") > now ? null : r, ModelEvaluations, (r, w) => r["explainability"] = w.Pick("none", "full")),
        new("control-executions", r => r.Text("id"), (r, now) => r.Time("ranAt") > now ? null : r, ControlExecutions, (r, w) => r["outcome"] = w.Pick("pass", "error")),
        new("monitoring-checks", r => $"{r.Text("model")}/{r.Text("type")}@{Instant(r.Time("ranAt"))}", (r, now) => r.Time("ranAt") > now ? null : r, MonitoringChecks, (_, _) => { }),
        new("alerts", r => r.Text("id"), AlertAsOf, Alerts, (r, w) => r["triagedAt"] = null, r => r["triagedAt"] = r.Time("raisedAt").AddTicks(-1)),
        new("pilots", r => r.Text("id"), PilotAsOf, Pilots, (r, w) => r["status"] = w.Pick("exploring", "retired")),
        new("changes", r => r.Text("id"), ChangeAsOf, Changes, (r, w) => r["type"] = w.Pick("model", "prompt"), r =>
        {
            // A deployment before the approval is allowed (other tools record such changes; the metric counts
            // them out): the order the contract refuses is a merge before the opening.
            r["openedAt"] = r.Time("approvedAt");
            r["mergedAt"] = r.Time("approvedAt").AddTicks(-1);
        }),
        new("agent-runs", r => r.Text("id"), (r, now) => r.Time("completedAt") > now ? null : r, AgentRuns, (r, w) => r["correct"] = !r.Bool("correct"), r => r["startedAt"] = r.Time("completedAt").AddTicks(1)),
    ];

    public static KindSpec Of(string name) => All.Single(k => k.Name == name);

    /// <summary>A time as an instant, for keys: the same moment in two offsets is one key.</summary>
    public static string Instant(DateTimeOffset time) => time.UtcTicks.ToString(CultureInfo.InvariantCulture);

    // As-of rules (docs/metrics.md, "As of"): what had not happened is left out, later times are not yet.
    private static Rec? IncidentAsOf(Rec r, DateTimeOffset now)
    {
        if (r.Time("detectedAt") > now || r.Time("openedAt") > now)
        {
            return null;
        }

        var copy = r.Clone();
        copy["diagnosedAt"] = r.OptTime("diagnosedAt") > now ? null : r.OptTime("diagnosedAt");
        copy["recoveredAt"] = r.OptTime("recoveredAt") > now ? null : r.OptTime("recoveredAt");
        return copy;
    }

    private static Rec? AlertAsOf(Rec r, DateTimeOffset now)
    {
        if (r.Time("raisedAt") > now)
        {
            return null;
        }

        var copy = r.Clone();
        copy["triagedAt"] = r.OptTime("triagedAt") > now ? null : r.OptTime("triagedAt");
        copy["resolvedAt"] = r.OptTime("resolvedAt") > now ? null : r.OptTime("resolvedAt");
        return copy;
    }

    private static Rec? PilotAsOf(Rec r, DateTimeOffset now)
    {
        if (r.Time("startedAt") > now)
        {
            return null;
        }

        var copy = r.Clone();
        if (r.OptTime("productionAt") > now)
        {
            copy["productionAt"] = null;
            copy["status"] = "pilot";
        }

        return copy;
    }

    private static Rec? ChangeAsOf(Rec r, DateTimeOffset now)
    {
        if (r.Time("approvedAt") > now)
        {
            return null;
        }

        var copy = r.Clone();
        if (r.OptTime("deployedAt") > now)
        {
            copy["deployedAt"] = null;
            copy["rolledBack"] = false;
            copy["rolledBackAt"] = null;
        }
        else if (r.OptTime("rolledBackAt") > now)
        {
            copy["rolledBack"] = false;
            copy["rolledBackAt"] = null;
        }

        return copy;
    }

    /// <summary>Writes an optional field three ways: absent, null (reads as absent), or the value.</summary>
    private static void Optional(Rec record, World world, string field, object? value)
    {
        if (value is null)
        {
            switch (world.Random.Next(2))
            {
                case 0:
                    record[field] = null;
                    break;
                default:
                    break;
            }
        }
        else
        {
            record[field] = value;
        }
    }

    private static List<Rec> Many(World world, int most, Func<int, Rec> make) =>
        [.. Enumerable.Range(0, world.Random.Next(1, most + 1)).Select(make)];

    private static List<Rec> Runs(World w) => Many(w, 40, i =>
    {
        var (workflow, step) = w.Random.Next(12) switch
        {
            0 => ("elsewhere", (string?)null),
            1 => ("wc", null),
            2 => ("wc", "s1"),
            3 or 4 => ("wf", "s1"),
            5 => ("wf", "s2"),
            6 => ("wf", "unknown"),
            _ => ("wf", null),
        };
        var target = (step is null ? w.Declarations.Workflow(workflow == "elsewhere" ? "wf" : workflow).Sla : w.Declarations.Workflow(workflow == "elsewhere" ? "wf" : workflow).Steps.FirstOrDefault(s => s.Name == step)?.Sla)?.Time ?? TimeSpan.FromMinutes(10);
        var ended = w.Edge();
        var run = Rec.Of(("id", $"r{i}"), ("workflow", workflow));
        Optional(run, w, "step", step);
        run["startedAt"] = ended - w.Span(target);
        run["endedAt"] = ended;
        run["outcome"] = w.Pick("ok", "ok", "ok", "manual-review-needed", "routed-correctly");
        Optional(run, w, "transactions", w.Chance(3) ? (long)w.Random.Next(0, 5) : null);
        return run;
    });

    private static List<Rec> RunCounts(World w) => Many(w, 30, i =>
    {
        var workflow = w.Pick("wc", "wc", "wc", "wf");
        var step = w.Pick<string?>(null, null, "s1");
        var sla = step is null ? w.Declarations.Workflow(workflow).Sla : w.Declarations.Workflow(workflow).Step(step).Sla;
        var length = w.Pick(TimeSpan.FromHours(1), TimeSpan.FromHours(1), TimeSpan.FromHours(6), TimeSpan.FromDays(1));
        var end = w.Random.Next(6) switch
        {
            0 => w.Now,
            1 => w.Now.AddTicks(1),
            2 => w.Now.AddDays(-7) + length,
            3 => w.Now.AddDays(-7) + length - TimeSpan.FromTicks(1),
            _ => w.Now - TimeSpan.FromHours(w.Random.Next(0, 24 * 9)),
        };
        var total = (long)w.Random.Next(0, 200);
        var count = Rec.Of(("workflow", workflow));
        Optional(count, w, "step", step);
        count["periodStart"] = end - length;
        count["periodEnd"] = end;
        count["total"] = total;
        count["met"] = (long)w.Random.Next(0, (int)total + 1);

        // Usually counted against the SLA's own targets; now and then against another (the metric must refuse it).
        var within = w.Chance(8) ? TimeSpan.FromMinutes(7) : sla?.Time;
        var outcome = w.Chance(8) ? "manual-review-needed" : sla?.Quality;
        if (within is null && outcome is null)
        {
            within = TimeSpan.FromMinutes(7);
        }

        Optional(count, w, "within", within);
        Optional(count, w, "outcome", outcome);
        return count;
    });

    private static List<Rec> Incidents(World w) => Many(w, 15, i =>
    {
        var detected = w.Edge();
        DateTimeOffset? diagnosed = w.Chance(4) ? null : detected + w.Span(TimeSpan.FromHours(1));
        DateTimeOffset? recovered = w.Chance(5) ? null : (diagnosed ?? detected) + w.Span(TimeSpan.FromHours(2));
        var incident = Rec.Of(("id", $"i{i}"));
        Optional(incident, w, "workflow", w.Pick<string?>("wf", "wf", "wf", "wc", null));
        incident["openedAt"] = w.Chance(10) ? detected.AddTicks(1) : detected.AddMinutes(-w.Random.Next(0, 30));
        incident["detectedAt"] = detected;
        Optional(incident, w, "diagnosedAt", diagnosed);
        Optional(incident, w, "recoveredAt", recovered);
        incident["cause"] = w.Pick("model", "data-pipeline", "prompt", "workflow-logic", "vendor-outage", "other");
        incident["requiredChange"] = w.Random.Next(3) > 0;
        Optional(incident, w, "change", w.Chance(3) ? $"c{w.Random.Next(20)}" : null);
        return incident;
    });

    private static List<Rec> Transactions(World w) => Many(w, 8, i =>
    {
        var start = w.Edge().AddMinutes(i);
        return Rec.Of(("workflow", w.Pick("wf", "wf", "wc")), ("periodStart", start), ("periodEnd", start.AddHours(w.Random.Next(0, 30))), ("count", w.Chance(6) ? 0L : (long)w.Random.Next(1, 5000)));
    });

    /// <summary>Daily checks of most declared connectors over the last days, with thresholds hit exactly and missed now and then.</summary>
    private static List<Rec> ConnectorChecks(World w)
    {
        var checks = new List<Rec>();
        foreach (var connector in w.Declarations.Connectors.Select(c => c.Name).Append("undeclared"))
        {
            if (w.Chance(6))
            {
                continue;
            }

            for (var day = w.Today.AddDays(-(7 + w.Random.Next(0, 20))); day <= w.Today.AddDays(1); day = day.AddDays(1))
            {
                if (w.Chance(12))
                {
                    continue;
                }

                var bad = w.Chance(8);
                var check = Rec.Of(("connector", connector), ("day", day), ("authValid", !bad || w.Random.Next(2) == 0));
                Optional(check, w, "schemaHash", bad && w.Chance(2) ? "sha256:b" : w.Chance(10) ? null : "sha256:a");
                check["latencyMs"] = bad ? w.Pick(800.0, 800.5, 5000.0) : w.Pick(12.0, 799.5, 800.0);
                check["errorRate"] = bad ? w.Pick(0.01, 0.0100001, 0.5) : w.Pick(0.0, 0.01);
                var expected = w.Pick(0L, 1000L, 1000L);
                check["rowsExpected"] = expected;
                check["rowsDelivered"] = expected == 0 ? w.Pick(0L, 5L) : bad ? w.Pick(995L, 994L, 0L) : w.Pick(1000L, 995L, 1200L);
                checks.Add(check);
            }
        }

        return checks;
    }

    private static List<Rec> Freshness(World w) => Many(w, 25, i => Rec.Of(
        ("dataset", w.Pick("ds", "ds", "ds", "other")),
        ("stage", w.Pick("source-to-pipeline", "pipeline-to-feature-store", "feature-store-to-dashboard")),
        ("measuredAt", w.Edge().AddTicks(i)),
        ("lag", w.Chance(5) ? TimeSpan.FromSeconds(w.Random.Next(0, 3000) + 0.5) : w.Span(TimeSpan.FromMinutes(15)))));

    private static List<Rec> ValueLines(World w) => Many(w, 12, i =>
    {
        var start = w.Edge();
        var line = Rec.Of(
            ("id", $"v{i}"),
            ("workflow", w.Pick("wf", "wf", "wf", "wc")),
            ("type", w.Pick("benefit", "cost")),
            ("category", w.Pick("agent-time", "inference")),
            ("amount", w.Chance(5) ? 0.0 : w.Random.Next(0, 10_000_000) / 100.0),
            ("currency", w.Chance(25) ? "USD" : "EUR"),
            ("periodStart", start),
            ("periodEnd", start.AddDays(w.Random.Next(0, 31))));
        Optional(line, w, "assumptions", w.Chance(2) ? Rec.Of(("volume", (double)w.Random.Next(1, 9000)), ("source", "finance")) : null);
        return line;
    });

    private static List<Rec> CaseEffort(World w) => Many(w, 5, i =>
    {
        var effort = Rec.Of(
            ("workflow", w.Pick("wf", "wf", "wc")),
            ("minutesBefore", w.Random.Next(0, 40) + w.Pick(0.0, 0.5, 0.25)),
            ("minutesAfter", w.Random.Next(0, 30) + w.Pick(0.0, 0.5)));
        Optional(effort, w, "addedSteps", w.Chance(2) ? Enumerable.Range(0, w.Random.Next(0, 3)).Select(s => Rec.Of(("name", $"step-{s}"), ("minutes", w.Random.Next(0, 10) + w.Pick(0.0, 0.75)))).ToList() : null);
        effort["monthlyVolume"] = (double)w.Pick(0, 3000, w.Random.Next(1, 100_000));
        effort["measuredAt"] = w.Chance(6) ? w.Now.AddDays(-3) : w.Edge();
        return effort;
    });

    private static List<Rec> Throughput(World w) => Many(w, 40, i => Rec.Of(
        ("workflow", w.Pick("wf", "wf", "wf", "wc")),
        ("day", w.Today.AddDays(-w.Random.Next(-1, 40))),
        ("completed", w.Chance(10) ? 0L : (long)w.Random.Next(0, 300)),
        ("phase", w.Pick("baseline", "after", "after"))));

    private static List<Rec> ModelEvaluations(World w) => Many(w, 12, i =>
    {
        var evaluation = Rec.Of(("model", w.Pick("m0", "m1", "m2", "m3", "m9")), ("version", w.Pick([.. References.Versions])), ("evaluatedAt", w.Chance(3) ? w.Now.AddDays(-2) : w.Edge()));
        Optional(evaluation, w, "groups", w.Chance(4) ? null : Groups(w));
        Optional(evaluation, w, "privacy", w.Chance(4) ? null : Rec.Of(("pii", w.Random.Next(4) > 0)));
        evaluation["explainability"] = w.Pick("none", "global", "local", "full");
        Optional(evaluation, w, "safety", w.Chance(3) ? null : Rec.Of(("toxicity", w.Random.Next(4) > 0)));
        Optional(evaluation, w, "humanOversight", w.Chance(4) ? null : Rec.Of(("override", w.Random.Next(5) > 0)));
        return evaluation;
    });

    private static readonly string[] GroupNames = ["en", "es", "fr"];

    private static Rec Groups(World w)
    {
        var groups = Rec.Of();
        foreach (var group in GroupNames.Take(w.Random.Next(0, 4)))
        {
            groups[group] = Rec.Of(("accuracy", w.Pick(0.9, 0.95, 0.85, 0.91, 0.96)));
        }

        return groups;
    }

    private static List<Rec> ControlExecutions(World w) => Many(w, 18, i =>
    {
        var control = w.Pick("k0", "k1", "k2", "k3", "k4", "k5", "unknown-control");
        var cadence = w.Declarations.Controls.FirstOrDefault(c => c.Name == control)?.Cadence ?? World.DefaultWindow;
        var ranAt = w.Random.Next(6) switch
        {
            0 => w.Now - cadence,
            1 => w.Now - cadence - TimeSpan.FromTicks(1),
            2 => w.Now,
            _ => w.Edge(),
        };
        var execution = Rec.Of(("id", $"x{i}"), ("control", control), ("ranAt", ranAt), ("mode", w.Pick("automated", "automated", "manual")), ("outcome", w.Pick("pass", "pass", "fail", "error")));
        Optional(execution, w, "enforcedAt", w.Chance(2) ? w.Pick("ci", "runtime") : null);
        return execution;
    });

    private static List<Rec> MonitoringChecks(World w) => Many(w, 25, i => Rec.Of(("model", w.Pick("m1", "m1", "m2")), ("type", w.Pick("drift", "bias")), ("ranAt", w.Edge().AddTicks(i))));

    private static List<Rec> Alerts(World w) => Many(w, 15, i =>
    {
        var raised = w.Edge();
        var alert = Rec.Of(("id", $"al{i}"), ("model", w.Pick("m1", "m1", "m2")), ("type", w.Pick("drift", "bias")), ("raisedAt", raised));
        DateTimeOffset? triaged = w.Chance(4) ? null : raised + w.Span(TimeSpan.FromMinutes(30));
        Optional(alert, w, "triagedAt", triaged);
        Optional(alert, w, "resolvedAt", triaged is { } t && w.Chance(2) ? t.AddHours(1) : null);
        return alert;
    });

    private static List<Rec> Pilots(World w) => Many(w, 12, i =>
    {
        var started = w.Edge();
        var production = w.Chance(2);
        var pilot = Rec.Of(("id", $"p{i}"), ("startedAt", started), ("status", production ? "production" : w.Pick("exploring", "pilot", "retired")), ("monitoring", w.Random.Next(4) > 0));
        Optional(pilot, w, "onCallOwner", w.Random.Next(5) switch { 0 => null, 1 => " ", _ => "team-a" });
        Optional(pilot, w, "userPromise", w.Chance(4) ? null : "answers in a minute");
        Optional(pilot, w, "productionAt", production && w.Random.Next(4) > 0 ? (w.Chance(3) ? w.Now.AddHours(1) : started) : null);
        return pilot;
    });

    private static List<Rec> Changes(World w) => Many(w, 20, i =>
    {
        var approved = w.Edge().AddDays(-w.Random.Next(0, 3));
        DateTimeOffset? deployed = w.Chance(5) ? null : w.Chance(4) ? w.Edge() : approved + w.Span(TimeSpan.FromHours(24));
        deployed = deployed < approved ? approved : deployed;
        var rolledBack = deployed is not null && w.Chance(3);
        var change = Rec.Of(("id", $"c{i}"), ("type", w.Pick("model", "prompt", "policy", "pipeline")), ("approvedAt", approved));
        Optional(change, w, "deployedAt", deployed);
        change["rolledBack"] = rolledBack;
        Optional(change, w, "rolledBackAt", rolledBack ? deployed + w.Span(w.Pick(TimeSpan.FromHours(24), TimeSpan.FromDays(7))) : null);
        return change;
    });

    private static List<Rec> AgentRuns(World w) => Many(w, 20, i =>
    {
        var completed = w.Edge();
        var run = Rec.Of(
            ("id", $"a{i}"),
            ("workflow", w.Pick("wf", "wf", "wc")),
            ("completedAt", completed),
            ("correct", w.Random.Next(4) > 0),
            ("humanIntervened", w.Chance(3)));

        // A start from an edge too, so that runs cross the windows' edges; never after the completion; absent for some.
        var started = w.Edge();
        Optional(run, w, "startedAt", w.Chance(4) ? null : started <= completed ? started : completed - w.Span(TimeSpan.FromHours(1)));
        return run;
    });
}
