// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

namespace AiOpsPolicy.Core.Tests.Metrics.Differential;

/// <summary>
/// The second implementation: each metric written from its section of docs/metrics.md, as plain
/// LINQ over the records as written (<see cref="World.Records"/>: valid, first-loaded of each key,
/// as of the evaluation time). Deliberately simple: no passes, no aggregators, no shared code with
/// the engine. The harness has already ruled out absent, incomplete and stale evidence.
/// </summary>
internal static class References
{
    /// <summary>Causes that are changes of ours (metric 2).</summary>
    private static readonly string[] ChangeCauses = ["model", "data-pipeline", "prompt", "workflow-logic"];

    /// <summary>
    /// The model versions the generator writes, in the order docs/metrics.md (metric 10) gives them:
    /// dot-separated numbers numerically (missing parts 0, a leading v ignored), a pre-release before
    /// its release with semantic-version rules between pre-releases, build metadata ignored, then
    /// versions that are not numbers, as text.
    /// </summary>
    private static readonly string[] VersionOrder = ["0.9", "1.9.0", "1.10.0-alpha", "1.10.0-alpha.1", "1.10.0-alpha.beta", "1.10.0-beta.2", "1.10.0-beta.11", "1.10.0-rc.1", "1.10.0", "v1.11", "2.0.0+b7", "10", "abc", "release-b"];

    public static IReadOnlyList<string> Versions => VersionOrder;

    /// <summary>Metric 1: runs that ended in the window and met both targets, or the counted periods lying wholly in it.</summary>
    public static Expected Sla(World w, string workflow, string? step, int days, bool byStart = false)
    {
        var declared = w.Declarations.Workflow(workflow);
        var sla = step is null ? declared.Sla : declared.Step(step).Sla;
        if (sla is null || (sla.Time is null && sla.Quality is null))
        {
            return Expected.Error;
        }

        var window = w.Window(TimeSpan.FromDays(days));
        var runs = Of(w, "workflow-runs").Where(r => r.Text("workflow") == workflow && r.OptText("step") == step && World.In(window, r.Time(byStart ? "startedAt" : "endedAt"))).ToList();
        var met = runs.Count(r => (sla.Time is not { } time || r.Time("endedAt") - r.Time("startedAt") <= time) && (sla.Quality is not { } quality || r.Text("outcome") == quality));
        if (byStart)
        {
            // Placed by start, a count (its runs held by their end) that overlaps the window makes it insufficient.
            var counted = Of(w, "workflow-run-counts").Any(c => c.Text("workflow") == workflow && c.OptText("step") == step && c.Time("periodStart") < window.End && c.Time("periodEnd") > window.Start);
            return counted ? Expected.Insufficient : Expected.Share(met, runs.Count);
        }

        var periods = Of(w, "workflow-run-counts")
            .Where(c => c.Text("workflow") == workflow && c.OptText("step") == step && c.Time("periodStart") >= window.Start && c.Time("periodEnd") <= window.End).ToList();
        if (periods.Any(c => c.OptDur("within") != sla.Time || c.OptText("outcome") != sla.Quality) || (runs.Count > 0 && periods.Count > 0))
        {
            return Expected.Insufficient;
        }

        return periods.Count > 0 ? Expected.Share(periods.Sum(c => c.Int("met")), periods.Sum(c => c.Int("total"))) : Expected.Share(met, runs.Count);
    }

    /// <summary>Metric 2: change-requiring incidents detected in the window per 1,000 transactions whose period started in it.</summary>
    public static Expected IncidentRate(World w, string? workflow)
    {
        var window = w.Window(TimeSpan.FromDays(7));
        var counted = Of(w, "incidents").Count(i => World.In(window, i.Time("detectedAt")) && (workflow is null || i.OptText("workflow") == workflow)
            && i.Bool("requiredChange") && ChangeCauses.Contains(i.Text("cause")));
        var transactions = Of(w, "transactions").Where(t => (workflow is null || t.Text("workflow") == workflow) && World.In(window, t.Time("periodStart"))).Sum(t => t.Int("count"));
        return transactions == 0 ? Expected.Insufficient : new Expected(counted * 1000.0 / transactions, counted, transactions, counted);
    }

    /// <summary>Metric 3: a phase of the recovered incidents detected in the window; open ones (and, for diagnose and fix, undiagnosed ones) left out.</summary>
    public static Expected Recovery(World w, string? workflow, Phase phase, Func<IReadOnlyCollection<double>, double> aggregate)
    {
        var window = w.Window(TimeSpan.FromDays(7));
        var recovered = Of(w, "incidents").Where(i => World.In(window, i.Time("detectedAt")) && (workflow is null || i.OptText("workflow") == workflow) && i.OptTime("recoveredAt") is not null).ToList();
        var seconds = phase switch
        {
            Phase.Recover => recovered.Select(i => (i.OptTime("recoveredAt")!.Value - i.Time("detectedAt")).TotalSeconds),
            Phase.Diagnose => recovered.Where(i => i.OptTime("diagnosedAt") is not null).Select(i => (i.OptTime("diagnosedAt")!.Value - i.Time("detectedAt")).TotalSeconds),
            _ => recovered.Where(i => i.OptTime("diagnosedAt") is not null).Select(i => (i.OptTime("recoveredAt")!.Value - i.OptTime("diagnosedAt")!.Value).TotalSeconds),
        };
        return Expected.Durations([.. seconds], aggregate);
    }

    /// <summary>Metric 4: the aggregated lag of the dataset's measurements taken in the window.</summary>
    public static Expected Freshness(World w, string? stage, Func<IReadOnlyCollection<double>, double> aggregate) =>
        Expected.Durations([.. Lags(w, stage).Select(l => l.TotalSeconds)], aggregate);

    /// <summary>Metric 4: the share of those measurements whose lag is over the target (equal is not stale).</summary>
    public static Expected StaleShare(World w, string? stage, TimeSpan target)
    {
        var lags = Lags(w, stage);
        return Expected.Share(lags.Count(l => l > target), lags.Count);
    }

    /// <summary>
    /// Metric 5: critical connectors whose every daily check on a day of the window passed, with a
    /// check on every UTC day wholly inside the window.
    /// </summary>
    public static Expected IntegrationHealth(World w, int days)
    {
        var critical = w.Declarations.Connectors.Where(c => c.Critical).ToList();
        if (critical.Count == 0)
        {
            return Expected.Insufficient;
        }

        var window = w.Window(TimeSpan.FromDays(days));
        var firstDay = DateOnly.FromDateTime(window.Start.UtcDateTime);
        var endDay = DateOnly.FromDateTime(window.End.UtcDateTime);
        var required = Enumerable.Range(0, endDay.DayNumber - firstDay.DayNumber).Select(firstDay.AddDays)
            .Where(d => new DateTimeOffset(d.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero) >= window.Start).ToList();
        return Expected.Share(critical.Count(c => ConnectorPassed(w, c, firstDay, endDay, required)), critical.Count);
    }

    /// <summary>Metric 6: numbers read from a workflow's declaration.</summary>
    public static Expected Fragmentation(World w, int index, Fragment measure)
    {
        var workflow = w.Declarations.Fragmented[index];
        var stepSystems = workflow.Steps.Where(s => s.System is not null).Select(s => s.System!).ToList();
        if (workflow.Systems.Count == 0 && stepSystems.Count == 0)
        {
            return Expected.Insufficient;
        }

        var systems = new[] { workflow.Trigger }.Concat(workflow.Systems).Concat(stepSystems).OfType<string>().Distinct(StringComparer.Ordinal).Count();
        var chain = workflow.Trigger is null ? stepSystems : stepSystems.Prepend(workflow.Trigger).ToList();
        var handoffs = stepSystems.Count == 0 ? 0 : chain.Zip(chain.Skip(1)).Count(p => p.First != p.Second);
        var duplicates = w.Declarations.Connectors.Where(c => c.Workflows.Contains(workflow.Name)).GroupBy(c => c.System).Where(g => g.Count() > 1).Select(g => g.Key)
            .Concat(workflow.Systems.GroupBy(s => s).Where(g => g.Count() > 1).Select(g => g.Key)).Distinct().Count();
        double value = measure switch
        {
            Fragment.Systems => systems,
            Fragment.Handoffs => handoffs,
            _ => duplicates,
        };
        return new Expected(value, Sample: systems);
    }

    /// <summary>Metric 7: (benefits - costs) / costs over the lines whose period started in the window; one currency only.</summary>
    public static Expected Roi(World w, string? workflow, int days)
    {
        var window = w.Window(TimeSpan.FromDays(days));
        var lines = Of(w, "value-lines").Where(l => (workflow is null || l.Text("workflow") == workflow) && World.In(window, l.Time("periodStart"))).ToList();
        if (lines.Select(l => l.Text("currency")).Distinct().Count() > 1)
        {
            return Expected.Error;
        }

        var benefits = lines.Where(l => l.Text("type") == "benefit").Aggregate(0.0, (sum, l) => sum + l.Num("amount"));
        var costs = lines.Where(l => l.Text("type") == "cost").Aggregate(0.0, (sum, l) => sum + l.Num("amount"));
        return costs <= 0 ? Expected.Insufficient : new Expected((benefits - costs) / costs, benefits - costs, costs, lines.Count);
    }

    /// <summary>Metric 8: hours removed per month by the workflow's latest measurement (a tie: the one loaded last).</summary>
    public static Expected WorkRemoved(World w, string workflow)
    {
        var latest = Of(w, "case-effort").Where(e => e.Text("workflow") == workflow).OrderBy(e => e.Time("measuredAt")).LastOrDefault();
        if (latest is null)
        {
            return Expected.Insufficient;
        }

        var added = (latest.List("addedSteps") ?? []).Aggregate(0.0, (sum, s) => sum + s.Num("minutes"));
        return new Expected((latest.Num("minutesBefore") - (latest.Num("minutesAfter") + added)) * latest.Num("monthlyVolume") / 60, Sample: 1);
    }

    /// <summary>Metric 9: cases per recorded after-day whose UTC midnight is in the window; the change against every baseline day.</summary>
    public static Expected Throughput(World w, string workflow, int days, bool change)
    {
        var window = w.Window(TimeSpan.FromDays(days));
        var records = Of(w, "throughput").Where(t => t.Text("workflow") == workflow).ToList();
        var after = records.Where(t => t.Text("phase") == "after" && World.In(window, new DateTimeOffset(t.Day("day").ToDateTime(TimeOnly.MinValue), TimeSpan.Zero))).ToList();
        if (after.Count == 0)
        {
            return Expected.Insufficient;
        }

        var afterCases = after.Sum(t => t.Int("completed"));
        var afterMean = (double)afterCases / after.Count;
        if (!change)
        {
            return new Expected(afterMean, afterCases, after.Count, after.Count);
        }

        var baseline = records.Where(t => t.Text("phase") == "baseline").ToList();
        var baselineMean = baseline.Count == 0 ? 0 : (double)baseline.Sum(t => t.Int("completed")) / baseline.Count;
        return baselineMean == 0 ? Expected.Insufficient : new Expected((afterMean - baselineMean) / baselineMean, afterMean - baselineMean, baselineMean, after.Count + baseline.Count);
    }

    /// <summary>Metric 10: the models whose latest evaluation (time, then version) passes every check; a named model never evaluated fails.</summary>
    public static Expected RaiScorecard(World w)
    {
        var evaluations = Of(w, "model-evaluations");
        var models = w.Declarations.RubricModels ?? [.. evaluations.Select(e => e.Text("model")).Distinct()];
        var passing = models.Count(m => evaluations.Where(e => e.Text("model") == m)
            .OrderBy(e => e.Time("evaluatedAt")).ThenBy(e => Array.IndexOf(VersionOrder, e.Text("version")))
            .LastOrDefault() is { } latest && RubricChecks.All.All(c => c.Passes(latest)));
        return Expected.Share(passing, models.Count);
    }

    /// <summary>Metric 11: required controls declared automated with an automated run that did not error within their cadence.</summary>
    public static Expected ComplianceCoverage(World w, string? enforcedAt)
    {
        var required = w.Declarations.Controls.Where(c => c.Required && (enforcedAt is null || c.EnforcedAt.Contains(enforcedAt))).ToList();
        var executions = Of(w, "control-executions");
        var evidenced = required.Count(c => c.Automated && executions.Any(x => x.Text("control") == c.Name && x.Text("mode") == "automated" && x.Text("outcome") != "error"
            && x.Time("ranAt") >= w.Now - (c.Cadence ?? World.DefaultWindow) && x.Time("ranAt") <= w.Now));
        return Expected.Share(evidenced, required.Count);
    }

    /// <summary>Metric 12: gaps between consecutive checks of each (model, type) in the window, the last running to the window's end.</summary>
    public static Expected MonitoringGap(World w, string? model, string? type, Func<IReadOnlyCollection<double>, double> aggregate)
    {
        var window = w.Window(TimeSpan.FromDays(7));
        var gaps = Of(w, "monitoring-checks")
            .Where(c => World.In(window, c.Time("ranAt")) && (model is null || c.Text("model") == model) && (type is null || c.Text("type") == type))
            .GroupBy(c => (Model: c.Text("model"), Type: c.Text("type")))
            .SelectMany(series =>
            {
                var times = series.Select(c => c.Time("ranAt")).Order().Append(window.End).ToList();
                return times.Zip(times.Skip(1)).Select(p => (p.Second - p.First).TotalSeconds);
            });
        return Expected.Durations([.. gaps], aggregate);
    }

    /// <summary>Metric 12: alerts raised in the window triaged within the SLA, over those decided (pending ones left out).</summary>
    public static Expected AlertsTriaged(World w, TimeSpan sla, string? model)
    {
        var window = w.Window(TimeSpan.FromDays(7));
        var raised = Of(w, "alerts").Where(a => World.In(window, a.Time("raisedAt")) && (model is null || a.Text("model") == model)).ToList();
        var within = raised.Count(a => a.OptTime("triagedAt") is { } t && t - a.Time("raisedAt") <= sla);
        var missed = raised.Count(a => a.OptTime("triagedAt") is { } t ? t - a.Time("raisedAt") > sla : a.Time("raisedAt") + sla <= w.Now);
        return Expected.Share(within, within + missed);
    }

    /// <summary>Metric 13: pilots started in the cohort that are production, monitored, owned and promised.</summary>
    public static Expected PilotConversion(World w, int days)
    {
        var cohort = Of(w, "pilots").Where(p => World.In(w.Window(TimeSpan.FromDays(days)), p.Time("startedAt"))).ToList();
        var converted = cohort.Count(p => p.Text("status") == "production" && p.Bool("monitoring")
            && !string.IsNullOrWhiteSpace(p.OptText("onCallOwner")) && !string.IsNullOrWhiteSpace(p.OptText("userPromise")));
        return Expected.Share(converted, cohort.Count);
    }

    /// <summary>Metric 14: approval to production of the changes deployed in the window that proved safe.</summary>
    public static Expected TimeToDeploy(World w, int days, TimeSpan safety, string? type, Func<IReadOnlyCollection<double>, double> aggregate)
    {
        var window = w.Window(TimeSpan.FromDays(days));
        var safe = Of(w, "changes")
            .Where(c => (type is null || c.Text("type") == type) && c.OptTime("deployedAt") is { } deployed && World.In(window, deployed))
            .Where(c => c.Bool("rolledBack") ? c.OptTime("rolledBackAt") > c.OptTime("deployedAt") + safety : c.OptTime("deployedAt") + safety <= w.Now)
            .Select(c => (c.OptTime("deployedAt")!.Value - c.Time("approvedAt")).TotalSeconds);
        return Expected.Durations([.. safe], aggregate);
    }

    /// <summary>Metric 15: agent runs completed (or, placed by start, started) in the window that were correct with no human stepping in.</summary>
    public static Expected AgentSuccess(World w, string? workflow, bool byStart = false)
    {
        var window = w.Window(TimeSpan.FromDays(7));
        var runs = Of(w, "agent-runs").Where(a => (byStart ? a.OptTime("startedAt") is { } started && World.In(window, started) : World.In(window, a.Time("completedAt")))
            && (workflow is null || a.Text("workflow") == workflow)).ToList();
        return Expected.Share(runs.Count(a => a.Bool("correct") && !a.Bool("humanIntervened")), runs.Count);
    }

    private static List<Rec> Of(World w, string kind) => w.Records(kind) ?? [];

    private static List<TimeSpan> Lags(World w, string? stage)
    {
        var window = w.Window(TimeSpan.FromDays(7));
        return [.. Of(w, "freshness").Where(f => f.Text("dataset") == "ds" && (stage is null || f.Text("stage") == stage) && World.In(window, f.Time("measuredAt"))).Select(f => f.Dur("lag"))];
    }

    /// <summary>A connector's checks in day order: auth, schema, latency, error rate, delivered rows; every required day checked.</summary>
    private static bool ConnectorPassed(World w, ConnectorDecl connector, DateOnly firstDay, DateOnly endDay, List<DateOnly> required)
    {
        var checks = Of(w, "connector-checks").Where(c => c.Text("connector") == connector.Name && c.Day("day") < endDay).OrderBy(c => c.Day("day")).ToList();
        if (!checks.Any(c => c.Day("day") >= firstDay) || required.Any(d => !checks.Any(c => c.Day("day") == d)))
        {
            return false;
        }

        string? previousHash = null;
        foreach (var check in checks)
        {
            // The declared hash, or else the last one reported before; a check that reports none is not compared.
            var expectedHash = connector.SchemaHash ?? previousHash;
            var hash = check.OptText("schemaHash");
            previousHash = hash ?? previousHash;
            if (check.Day("day") < firstDay)
            {
                continue;
            }

            // Authentication is checked unless declared false; delivered rows default to 100% of those expected.
            var failed = (connector.Auth != false && !check.Bool("authValid"))
                || (expectedHash is not null && hash is not null && hash != expectedHash)
                || (connector.MaxLatencyMs is { } latency && check.Num("latencyMs") > latency)
                || (connector.MaxErrorRate is { } errorRate && check.Num("errorRate") > errorRate)
                || (check.Int("rowsExpected") > 0 && (double)check.Int("rowsDelivered") / check.Int("rowsExpected") < (connector.MinDeliveredRatio ?? 1.0));
            if (failed)
            {
                return false;
            }
        }

        return true;
    }
}
