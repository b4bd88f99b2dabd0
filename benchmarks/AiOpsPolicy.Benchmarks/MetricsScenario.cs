// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using System.Globalization;
using System.Text;
using AiOpsPolicy.Core.Evidence;

namespace AiOpsPolicy.Benchmarks;

/// <summary>A step of every generated workflow, with its SLA.</summary>
internal sealed record StepSpec(string Name, string System, TimeSpan Time, string? Quality);

/// <summary>An SLA-attainment gate: one workflow, one step (null: whole runs), one window.</summary>
internal sealed record SlaGate(string Name, string Workflow, string? Step, int WindowDays, TimeSpan Time, string? Quality, double MinPercent = 50)
{
    /// <summary>The bound as the engine reads it (<c>MinPercent / 100.0</c>), for peers that compare the value themselves.</summary>
    public double MinFraction => MinPercent / 100.0;

    public string Measure => Step is null
        ? $"SlaAttainment(\"{Workflow}\", window: Days({WindowDays}))"
        : $"SlaAttainment(\"{Workflow}\", \"{Step}\", Days({WindowDays}))";
}

/// <summary>
/// A gate over one of the other fourteen metrics, with a hand-written equivalent. <paramref name="Function"/>
/// names the metric (MonitoringGap covers both functions of metric 12, AlertsTriagedWithin too).
/// <paramref name="Checked"/>: the hand-written value follows the engine's definition exactly and is
/// compared with the engine's; otherwise it is a simple loop of comparable cost, not compared.
/// </summary>
internal sealed record OtherGate(string Name, string Function, string Measure, string Bound, bool Checked, Func<EvidenceSet, double> HandWritten);

/// <summary>
/// The <c>metrics1m</c> scenario: evidence of N workflow runs plus small amounts of every other
/// kind, and a policy set of G gates over all nineteen metric functions (the fifteen, cost savings and the three DORA keys), written to a temp folder
/// with a fixed seed. 20 workflows, each with 4 steps; a run instance is one whole-run record and
/// one record per step, so N records are N/5 instances.
/// </summary>
internal sealed class MetricsScenario
{
    public const int WorkflowCount = 20;

    public static readonly DateTimeOffset AsOf = new(2026, 11, 28, 12, 0, 0, TimeSpan.Zero);

    public static readonly TimeSpan WholeTime = TimeSpan.FromHours(4);

    public const string WholeQuality = "ok";

    public static readonly StepSpec[] Steps =
    [
        new("ingest", "kafka", TimeSpan.FromMinutes(2), null),
        new("score", "model", TimeSpan.FromSeconds(30), "ok"),
        new("review", "servicenow", TimeSpan.FromHours(2), null),
        new("notify", "email", TimeSpan.FromMinutes(5), "ok"),
    ];

    private static readonly string[] Models = ["model-0", "model-1", "model-2", "model-3"];

    private static readonly string[] MonitoringTypes = ["drift", "bias"];

    private static readonly string[] Datasets = ["tickets", "orders", "customers"];

    private static readonly string[] Connectors = ["zendesk-api", "servicenow-api", "kafka-topic", "powerbi-export"];

    private static readonly string[] Controls = ["pii-scan", "access-rules", "lineage", "approval-gate", "logging", "model-card-review"];

    private MetricsScenario(string root, int runs, IReadOnlyList<SlaGate> slaGates, IReadOnlyList<OtherGate> otherGates)
    {
        Root = root;
        Runs = runs;
        SlaGates = slaGates;
        OtherGates = otherGates;
    }

    public string Root { get; }

    public string PolicyDir => Path.Combine(Root, "policies");

    public string EvidenceDir => Path.Combine(Root, "evidence");

    public string RunsFile => Path.Combine(EvidenceDir, "workflow-runs.ndjson");

    public int Runs { get; }

    public IReadOnlyList<SlaGate> SlaGates { get; }

    public IReadOnlyList<OtherGate> OtherGates { get; }

    public int GateCount => SlaGates.Count + OtherGates.Count;

    public static string Workflow(int index) => string.Create(CultureInfo.InvariantCulture, $"wf-{index:D2}");

    /// <summary>
    /// Writes the scenario. Gates: 42 over the other functions (21 below 100 gates), the rest SLA attainment,
    /// each SLA gate with the minimum <paramref name="slaMinPercent"/> gives for its index (default 50%: every gate passes).
    /// </summary>
    public static MetricsScenario Write(int runs, int gates, int seed, Func<int, double>? slaMinPercent = null) =>
        Write(runs, gates, seed, slaMinPercent, null);

    /// <summary>
    /// Writes the scenario with the runs given to <paramref name="runsTo"/> as they are generated (instead of the
    /// NDJSON file), so that 100M runs can go to Parquet without being held in memory or written as 16 GB of text. The
    /// runs and the other evidence are the same as the NDJSON scenario's with the same seed.
    /// </summary>
    public static MetricsScenario Write(int runs, int gates, int seed, Func<int, double>? slaMinPercent, Action<string, IEnumerable<GeneratedRun>>? runsTo)
    {
        var others = OtherGatesFor(gates);
        if (gates <= others.Count)
        {
            throw new HarnessException($"--gates must be above {others.Count}");
        }

        var sla = new List<SlaGate>();
        for (var i = 0; i < gates - others.Count; i++)
        {
            // Scopes 0-19 are whole runs of wf-00..wf-19, 20-39 the first step of each, and so on:
            // the first 100 SLA gates cover every scope at 7 days, the next ones repeat them at 14.
            var scope = i % (WorkflowCount * (Steps.Length + 1));
            var workflow = Workflow(scope % WorkflowCount);
            var step = scope < WorkflowCount ? null : Steps[(scope / WorkflowCount) - 1];
            var days = (i / (WorkflowCount * (Steps.Length + 1))) % 2 == 0 ? 7 : 14;
            sla.Add(new SlaGate(
                string.Create(CultureInfo.InvariantCulture, $"sla-{i:D3}-{workflow}-{step?.Name ?? "run"}-{days}d"),
                workflow,
                step?.Name,
                days,
                step?.Time ?? WholeTime,
                step is null ? WholeQuality : step.Quality,
                slaMinPercent?.Invoke(i) ?? 50));
        }

        var root = Directory.CreateTempSubdirectory($"aiops-bench-metrics-{runs}-").FullName;
        var scenario = new MetricsScenario(root, runs, sla, others);
        Directory.CreateDirectory(scenario.PolicyDir);
        Directory.CreateDirectory(scenario.EvidenceDir);
        scenario.WritePolicies();
        var random = new Random(seed);
        if (runsTo is null)
        {
            scenario.WriteRuns(random);
        }
        else
        {
            runsTo(Ts(AsOf.AddHours(-1)), scenario.GenerateRuns(random));
        }

        WriteOtherEvidence(scenario.EvidenceDir, runs, random);
        return scenario;
    }

    private static string Ts(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    private static string Day(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static string Num(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    private static string Header(string kind) => $"{{\"$evidence\": {{\"kind\": \"{kind}\", \"collectedAt\": \"{Ts(AsOf.AddHours(-1))}\"}}}}";

    /// <summary>A duration against a target: 95% within it (5%-100% of it), 5% over (100%-300%).</summary>
    private static TimeSpan Duration(Random random, TimeSpan target) =>
        target * (random.NextDouble() < 0.95 ? 0.05 + (0.95 * random.NextDouble()) : 1.0 + (2.0 * random.NextDouble()));

    private void WriteRuns(Random random)
    {
        using var writer = new StreamWriter(RunsFile, append: false, new UTF8Encoding(false), bufferSize: 1 << 20);
        writer.WriteLine(Header("workflow-runs"));
        foreach (var run in GenerateRuns(random))
        {
            writer.WriteLine(run.Step is null
                ? $"{{\"id\": \"{run.Id}\", \"workflow\": \"{run.Workflow}\", \"startedAt\": \"{Ts(run.StartedAt)}\", \"endedAt\": \"{Ts(run.EndedAt)}\", \"outcome\": \"{run.Outcome}\"}}"
                : $"{{\"id\": \"{run.Id}\", \"workflow\": \"{run.Workflow}\", \"step\": \"{run.Step}\", \"startedAt\": \"{Ts(run.StartedAt)}\", \"endedAt\": \"{Ts(run.EndedAt)}\", \"outcome\": \"{run.Outcome}\"}}");
        }
    }

    /// <summary>
    /// The runs, one at a time: instances in end-time order over the 15 days before the collection time, as an export
    /// would write them (the 14-day window therefore leaves out about one run in fifteen), each a whole run and then its
    /// steps. Times are whole milliseconds, as the NDJSON writes them.
    /// </summary>
    private IEnumerable<GeneratedRun> GenerateRuns(Random random)
    {
        var instances = Runs / (Steps.Length + 1);
        var records = 0;
        var span = TimeSpan.FromDays(15);
        var last = AsOf.AddHours(-1);
        for (var k = 0; records < Runs; k++)
        {
            var workflow = Workflow(random.Next(WorkflowCount));
            var ended = last - span + (span * ((k + random.NextDouble()) / Math.Max(instances, 1)));
            if (ended >= last)
            {
                ended = last.AddSeconds(-random.Next(1, 3600));
            }

            var id = string.Create(CultureInfo.InvariantCulture, $"{workflow}-{k:D7}");
            var outcome = random.NextDouble() < 0.96 ? "ok" : "manual-review-needed";
            var started = ended - Duration(random, WholeTime);
            yield return new GeneratedRun(id, workflow, null, Millis(started), Millis(ended), outcome);
            records++;
            var stepEnd = ended;
            for (var s = Steps.Length - 1; s >= 0 && records < Runs; s--)
            {
                var step = Steps[s];
                var stepStart = stepEnd - Duration(random, step.Time);
                var stepOutcome = random.NextDouble() < 0.97 ? "ok" : "retry";
                yield return new GeneratedRun($"{id}-{step.Name}", workflow, step.Name, Millis(stepStart), Millis(stepEnd), stepOutcome);
                records++;
                stepEnd = stepStart.AddMilliseconds(-random.Next(0, 5000));
            }
        }
    }

    /// <summary>An instant cut to whole milliseconds, as <see cref="Ts"/> writes it.</summary>
    private static DateTimeOffset Millis(DateTimeOffset time) => new(time.UtcTicks - (time.UtcTicks % TimeSpan.TicksPerMillisecond), TimeSpan.Zero);

    /// <summary>Every other kind, in proportion to the runs (small, never empty).</summary>
    private static void WriteOtherEvidence(string dir, int runs, Random random)
    {
        var collected = AsOf.AddHours(-1);
        var today = DateOnly.FromDateTime(AsOf.UtcDateTime);
        int Scaled(int per) => Math.Max(20, runs / per);
        DateTimeOffset Back(double days) => collected - TimeSpan.FromDays(days * random.NextDouble());

        void Write(string kind, IEnumerable<string> lines)
        {
            using var writer = new StreamWriter(Path.Combine(dir, kind + ".ndjson"), append: false, new UTF8Encoding(false));
            writer.WriteLine(Header(kind));
            foreach (var line in lines)
            {
                writer.WriteLine(line);
            }
        }

        string[] causes = ["model", "data-pipeline", "prompt", "workflow-logic", "vendor-outage", "other"];
        Write("incidents", Enumerable.Range(0, Scaled(5000)).Select(i =>
        {
            var detected = Back(14);
            var diagnosed = detected.AddMinutes(5 + random.Next(60));
            var recovered = random.NextDouble() < 0.9 ? $", \"recoveredAt\": \"{Ts(diagnosed.AddMinutes(10 + random.Next(180)))}\"" : string.Empty;
            return $"{{\"id\": \"INC-{i}\", \"workflow\": \"{Workflow(i % WorkflowCount)}\", \"openedAt\": \"{Ts(detected.AddMinutes(-3))}\", \"detectedAt\": \"{Ts(detected)}\", \"diagnosedAt\": \"{Ts(diagnosed)}\"{recovered}, \"cause\": \"{causes[random.Next(causes.Length)]}\", \"requiredChange\": {(random.NextDouble() < 0.5 ? "true" : "false")}}}";
        }));

        var hours = 6;
        Write("transactions", Enumerable.Range(0, WorkflowCount).SelectMany(w => Enumerable.Range(0, 15 * 24 / hours).Select(p =>
        {
            var start = AsOf.AddHours(-hours * (p + 1));
            return $"{{\"workflow\": \"{Workflow(w)}\", \"periodStart\": \"{Ts(start)}\", \"periodEnd\": \"{Ts(start.AddHours(hours))}\", \"count\": {(runs / 5 / WorkflowCount / (15 * 24 / hours)) + random.Next(50)}}}";
        })));

        Write("connector-checks", Connectors.SelectMany(c => Enumerable.Range(1, 15).Select(d =>
        {
            var ok = random.NextDouble() < 0.98;
            return $"{{\"connector\": \"{c}\", \"day\": \"{Day(today.AddDays(-d))}\", \"authValid\": true, \"schemaHash\": \"sha256:{c.Length:D64}\", \"latencyMs\": {50 + random.Next(100)}, \"errorRate\": {(ok ? "0.0001" : "0.02")}, \"rowsExpected\": 1000, \"rowsDelivered\": {(ok ? 1000 : 900)}}}";
        })));

        string[] stages = ["source-to-pipeline", "pipeline-to-feature-store", "feature-store-to-dashboard"];
        Write("freshness", Enumerable.Range(0, Scaled(2000)).Select(i =>
            $"{{\"dataset\": \"{Datasets[i % Datasets.Length]}\", \"stage\": \"{stages[(i / Datasets.Length) % stages.Length]}\", \"measuredAt\": \"{Ts(Back(14))}\", \"lag\": {60 + random.Next(2400)}}}"));

        Write("value-lines", Enumerable.Range(0, Scaled(25000)).Select(i =>
        {
            var start = Back(28);
            return $"{{\"id\": \"VL-{i}\", \"workflow\": \"{Workflow(i % WorkflowCount)}\", \"type\": \"{(i % 3 == 0 ? "cost" : "benefit")}\", \"category\": \"labour\", \"amount\": {1000 + random.Next(9000)}, \"currency\": \"EUR\", \"periodStart\": \"{Ts(start)}\", \"periodEnd\": \"{Ts(start.AddDays(1))}\", \"assumptions\": {{\"volume\": \"{random.Next(1000)}\", \"wageRate\": \"42\"}}}}";
        }));

        Write("case-effort", Enumerable.Range(0, WorkflowCount * 3).Select(i =>
            $"{{\"workflow\": \"{Workflow(i % WorkflowCount)}\", \"minutesBefore\": {12 + random.Next(10)}, \"minutesAfter\": {2 + random.Next(5)}, \"addedSteps\": [{{\"name\": \"check\", \"minutes\": 0.5}}], \"monthlyVolume\": {1000 + random.Next(5000)}, \"measuredAt\": \"{Ts(Back(60))}\"}}"));

        Write("throughput", Enumerable.Range(0, WorkflowCount).SelectMany(w => Enumerable.Range(1, 28).Select(d =>
            $"{{\"workflow\": \"{Workflow(w)}\", \"day\": \"{Day(today.AddDays(-d))}\", \"completed\": {100 + random.Next(100) + (d <= 14 ? 30 : 0)}, \"phase\": \"{(d <= 14 ? "after" : "baseline")}\"}}")));

        Write("model-evaluations", Models.SelectMany(m => Enumerable.Range(0, 2).Select(v =>
            $"{{\"model\": \"{m}\", \"version\": \"1.{v}.0\", \"evaluatedAt\": \"{Ts(collected.AddDays(-20 + (10 * v)))}\", \"groups\": {{\"a\": {{\"accuracy\": {Num(0.9 + (random.Next(30) / 1000.0))}}}, \"b\": {{\"accuracy\": {Num(0.9 + (random.Next(30) / 1000.0))}}}}}, \"privacy\": {{\"pii-leak-test\": true}}, \"explainability\": \"local\", \"safety\": {{\"toxicity\": true}}, \"humanOversight\": {{\"override-available\": {(m == "model-3" ? "false" : "true")}}}}}")));

        string[][] enforcedAt = [["ci"], ["feature-store"], ["data-pipeline"], ["cd-gate"], ["runtime"], ["manual"]];
        Write("control-executions", Enumerable.Range(0, Controls.Length - 1).SelectMany(c => Enumerable.Range(0, 14).Select(d =>
            $"{{\"id\": \"{Controls[c]}-{d}\", \"control\": \"{Controls[c]}\", \"ranAt\": \"{Ts(collected.AddDays(-d).AddMinutes(-random.Next(600)))}\", \"mode\": \"automated\", \"outcome\": \"pass\", \"enforcedAt\": \"{enforcedAt[c][0]}\"}}")));

        Write("monitoring-checks", Models.SelectMany(m => MonitoringTypes.SelectMany(t => Enumerable.Range(0, 28).Select(h =>
            $"{{\"model\": \"{m}\", \"type\": \"{t}\", \"ranAt\": \"{Ts(collected.AddHours(-12 * h).AddMinutes(-random.Next(120)))}\"}}"))));

        Write("alerts", Enumerable.Range(0, Scaled(20000)).Select(i =>
        {
            var raised = Back(14);
            var triaged = random.NextDouble() < 0.9 ? $", \"triagedAt\": \"{Ts(raised.AddMinutes(10 + random.Next(400)))}\"" : string.Empty;
            return $"{{\"id\": \"AL-{i}\", \"model\": \"{Models[i % Models.Length]}\", \"type\": \"{(i % 2 == 0 ? "drift" : "bias")}\", \"raisedAt\": \"{Ts(raised)}\"{triaged}}}";
        }));

        string[] statuses = ["exploring", "pilot", "production", "retired"];
        Write("pilots", Enumerable.Range(0, Scaled(25000)).Select(i =>
        {
            var status = statuses[random.Next(statuses.Length)];
            var owned = random.NextDouble() < 0.7;
            return $"{{\"id\": \"PIL-{i}\", \"startedAt\": \"{Ts(Back(80))}\", \"status\": \"{status}\", \"monitoring\": {(owned ? "true" : "false")}, \"onCallOwner\": \"team-{i % 5}\"{(owned ? ", \"userPromise\": \"99% in 1h\"" : string.Empty)}}}";
        }));

        string[] changeTypes = ["model", "prompt", "policy", "pipeline"];
        Write("changes", Enumerable.Range(0, Scaled(10000)).Select(i =>
        {
            var deployed = Back(28);
            var rolledBack = random.NextDouble() < 0.1;
            var back = rolledBack ? $", \"rolledBackAt\": \"{Ts(deployed.AddHours(random.Next(1, 48)))}\"" : string.Empty;
            return $"{{\"id\": \"CHG-{i}\", \"type\": \"{changeTypes[i % changeTypes.Length]}\", \"approvedAt\": \"{Ts(deployed.AddHours(-random.Next(1, 96)))}\", \"deployedAt\": \"{Ts(deployed)}\", \"rolledBack\": {(rolledBack ? "true" : "false")}{back}}}";
        }));

        // Deployments: one service per workflow; most releases deploy one part, every fifth a second part a
        // few minutes later; a tenth fail and a tenth go to staging. Incidents name their workflow, which
        // stands for their service.
        string[] environments = ["production", "production", "production", "production", "production", "production", "production", "production", "production", "staging"];
        Write("deployments", Enumerable.Range(0, Scaled(500)).SelectMany(i =>
        {
            var finished = Back(28);
            var result = random.NextDouble() < 0.1 ? "failure" : "success";
            var environment = environments[random.Next(environments.Length)];
            var service = Workflow(i % WorkflowCount);
            var first = $"{{\"id\": \"DEP-{i}-1\", \"release\": \"REL-{i}\", \"service\": \"{service}\", \"environment\": \"{environment}\", \"result\": \"{result}\", \"startedAt\": \"{Ts(finished.AddMinutes(-12))}\", \"finishedAt\": \"{Ts(finished)}\"}}";
            return i % 5 == 0
                ? [first, $"{{\"id\": \"DEP-{i}-2\", \"release\": \"REL-{i}\", \"service\": \"{service}\", \"environment\": \"{environment}\", \"result\": \"{result}\", \"finishedAt\": \"{Ts(finished.AddMinutes(7))}\"}}"]
                : new[] { first };
        }));

        // Costs: per workflow a 30-day baseline of cloud, vendor and labour hours, and current lines of a
        // few days each over the last 30 days.
        string[] categories = ["cloud", "vendor", "labour"];
        Write("costs", Enumerable.Range(0, WorkflowCount * 3).Select(i =>
        {
            var start = AsOf.AddDays(-200);
            var amount = categories[i % 3] == "labour" ? $"\"hours\": {100 + random.Next(400)}" : $"\"amount\": {1000 + random.Next(9000)}, \"currency\": \"EUR\"";
            return $"{{\"id\": \"BASE-{i}\", \"workflow\": \"{Workflow(i / 3)}\", \"category\": \"{categories[i % 3]}\", \"phase\": \"baseline\", {amount}, \"periodStart\": \"{Ts(start)}\", \"periodEnd\": \"{Ts(start.AddDays(30))}\"}}";
        }).Concat(Enumerable.Range(0, Scaled(200)).Select(i =>
        {
            var start = Back(30);
            var category = categories[i % 3];
            var amount = category == "labour" ? $"\"hours\": {5 + random.Next(60)}" : $"\"amount\": {50 + random.Next(1500)}, \"currency\": \"EUR\"";
            return $"{{\"id\": \"COST-{i}\", \"workflow\": \"{Workflow(i % WorkflowCount)}\", \"category\": \"{category}\", \"phase\": \"current\", {amount}, \"periodStart\": \"{Ts(start)}\", \"periodEnd\": \"{Ts(start.AddDays(1 + random.Next(4)))}\"}}";
        })));

        Write("agent-runs", Enumerable.Range(0, Scaled(500)).Select(i =>
            $"{{\"id\": \"AG-{i}\", \"workflow\": \"{Workflow(i % WorkflowCount)}\", \"completedAt\": \"{Ts(Back(14))}\", \"correct\": {(random.NextDouble() < 0.93 ? "true" : "false")}, \"humanIntervened\": {(random.NextDouble() < 0.05 ? "true" : "false")}}}"));
    }

    /// <summary>Two gates per function (38) from 100 gates up, one per function (19) below.</summary>
    private static List<OtherGate> OtherGatesFor(int gates)
    {
        static T[] Of<T>(EvidenceSet e, EvidenceKind kind)
            where T : EvidenceRecord => e.Get<T>(kind) as T[] ?? [.. e.Get<T>(kind)];

        static (DateTimeOffset Start, DateTimeOffset End) Last(int days) => (AsOf.AddDays(-days), AsOf);

        static double IncidentRate(EvidenceSet e, string? workflow, int days)
        {
            var (start, end) = Last(days);
            long counted = 0;
            foreach (var i in Of<Incident>(e, EvidenceKind.Incidents))
            {
                if ((workflow is null || i.Workflow == workflow) && i.DetectedAt >= start && i.DetectedAt < end && i.RequiredChange
                    && i.Cause is IncidentCause.Model or IncidentCause.DataPipeline or IncidentCause.Prompt or IncidentCause.WorkflowLogic)
                {
                    counted++;
                }
            }

            long transactions = 0;
            foreach (var t in Of<TransactionVolume>(e, EvidenceKind.Transactions))
            {
                if ((workflow is null || t.Workflow == workflow) && t.PeriodStart >= start && t.PeriodStart < end)
                {
                    transactions += t.Count;
                }
            }

            return counted * 1000.0 / transactions;
        }

        static double AgentSuccess(EvidenceSet e, string? workflow, int days)
        {
            var (start, end) = Last(days);
            int total = 0, ok = 0;
            foreach (var r in Of<AgentRun>(e, EvidenceKind.AgentRuns))
            {
                if ((workflow is null || r.Workflow == workflow) && r.CompletedAt >= start && r.CompletedAt < end)
                {
                    total++;
                    ok += r.Correct && !r.HumanIntervened ? 1 : 0;
                }
            }

            return (double)ok / total;
        }

        static double AlertsTriaged(EvidenceSet e, TimeSpan sla, string? model, int days)
        {
            var (start, end) = Last(days);
            int within = 0, missed = 0;
            foreach (var a in Of<MonitoringAlert>(e, EvidenceKind.Alerts))
            {
                if ((model is not null && a.Model != model) || a.RaisedAt < start || a.RaisedAt >= end)
                {
                    continue;
                }

                if (a.TriagedAt is { } triaged)
                {
                    within += triaged - a.RaisedAt <= sla ? 1 : 0;
                    missed += triaged - a.RaisedAt <= sla ? 0 : 1;
                }
                else if (a.RaisedAt + sla <= AsOf)
                {
                    missed++;
                }
            }

            return (double)within / (within + missed);
        }

        static double PilotConversion(EvidenceSet e, int days)
        {
            var (start, end) = Last(days);
            int total = 0, owned = 0;
            foreach (var p in Of<Pilot>(e, EvidenceKind.Pilots))
            {
                if (p.StartedAt >= start && p.StartedAt < end)
                {
                    total++;
                    owned += p.IsOwnedService ? 1 : 0;
                }
            }

            return (double)owned / total;
        }

        static double StaleShare(EvidenceSet e, string dataset, TimeSpan target, int days)
        {
            var (start, end) = Last(days);
            int total = 0, over = 0;
            foreach (var f in Of<FreshnessMeasurement>(e, EvidenceKind.Freshness))
            {
                if (f.Dataset == dataset && f.MeasuredAt >= start && f.MeasuredAt < end)
                {
                    total++;
                    over += f.Lag > target ? 1 : 0;
                }
            }

            return (double)over / total;
        }

        // DevLake's attribution by hand: for each incident of the service, the latest successful production
        // deployment of the service finished strictly before it opened (a linear scan: the kinds are small).
        static List<(Incident Incident, Deployment? Deployment)> Attribute(EvidenceSet e, string service)
        {
            var deployments = Of<Deployment>(e, EvidenceKind.Deployments).Where(d => d.Service == service && d.IsSuccessfulProduction).ToList();
            var result = new List<(Incident, Deployment?)>();
            foreach (var i in Of<Incident>(e, EvidenceKind.Incidents))
            {
                if ((i.Service ?? i.Workflow) != service)
                {
                    continue;
                }

                Deployment? best = null;
                foreach (var d in deployments)
                {
                    if (d.FinishedAt < i.OpenedAt && (best is null || d.FinishedAt > best.FinishedAt || (d.FinishedAt == best.FinishedAt && string.CompareOrdinal(d.Id, best.Id) > 0)))
                    {
                        best = d;
                    }
                }

                result.Add((i, best));
            }

            return result;
        }

        static Dictionary<string, DateTimeOffset> Releases(EvidenceSet e, string service)
        {
            var releases = new Dictionary<string, DateTimeOffset>(StringComparer.Ordinal);
            foreach (var d in Of<Deployment>(e, EvidenceKind.Deployments))
            {
                if (d.Service == service && d.IsSuccessfulProduction && (!releases.TryGetValue(d.ReleaseId, out var at) || d.FinishedAt > at))
                {
                    releases[d.ReleaseId] = d.FinishedAt;
                }
            }

            return releases;
        }

        static double DeploymentsPerWeek(EvidenceSet e, string service, int days)
        {
            var (start, end) = Last(days);
            return Releases(e, service).Values.Count(at => at >= start && at < end) / (days / 7.0);
        }

        static double ChangeFailureRate(EvidenceSet e, string service, int days)
        {
            var (start, end) = Last(days);
            var releases = Releases(e, service);
            var inWindow = releases.Where(r => r.Value >= start && r.Value < end).Select(r => r.Key).ToHashSet(StringComparer.Ordinal);
            var failed = Attribute(e, service).Where(a => a.Deployment is { } d && inWindow.Contains(d.ReleaseId)).Select(a => a.Deployment!.ReleaseId).Distinct(StringComparer.Ordinal).Count();
            return (double)failed / inWindow.Count;
        }

        static double MeanRecoverySeconds(EvidenceSet e, string service, int days)
        {
            var (start, end) = Last(days);
            double sum = 0;
            var n = 0;
            foreach (var (incident, deployment) in Attribute(e, service))
            {
                if (incident.RecoveredAt is { } recovered && recovered >= start && recovered < end && deployment is not null)
                {
                    sum += (recovered - deployment.FinishedAt).TotalSeconds;
                    n++;
                }
            }

            return sum / n;
        }

        static double CostSavings(EvidenceSet e, string workflow, int days, double labourRate)
        {
            var (start, end) = Last(days);
            var lines = Of<CostLine>(e, EvidenceKind.Costs).Where(c => c.Workflow == workflow).ToList();
            double saved = 0;
            foreach (var category in Enum.GetValues<CostCategory>())
            {
                double Money(CostLine c) => c.Amount ?? (c.Hours!.Value * labourRate);
                var baseline = lines.Where(c => c.Category == category && c.Phase == CostPhase.Baseline).ToList();
                var perDay = baseline.Sum(Money) / baseline.Sum(c => (c.PeriodEnd - c.PeriodStart).TotalDays);
                foreach (var c in lines.Where(c => c.Category == category && c.Phase == CostPhase.Current && c.PeriodStart >= start && c.PeriodStart < end))
                {
                    saved += (perDay * (c.PeriodEnd - c.PeriodStart).TotalDays) - Money(c);
                }
            }

            return saved;
        }

        // Metric library v2's parameters: totals across workflows and a cohort that ends before as-of.
        static double WorkRemovedTotal(EvidenceSet e)
        {
            var latest = new Dictionary<string, CaseEffort>(StringComparer.Ordinal);
            foreach (var c in Of<CaseEffort>(e, EvidenceKind.CaseEffort))
            {
                if (c.MeasuredAt <= AsOf && (!latest.TryGetValue(c.Workflow, out var seen) || c.MeasuredAt >= seen.MeasuredAt))
                {
                    latest[c.Workflow] = c;
                }
            }

            return latest.Values.Sum(c => (c.MinutesBefore - (c.MinutesAfter + c.AddedSteps.Sum(s => s.Minutes))) * c.MonthlyVolume / 60.0);
        }

        static double ThroughputTotal(EvidenceSet e, int days)
        {
            var (start, end) = Last(days);
            var perWorkflow = new Dictionary<string, (long Completed, int Days)>(StringComparer.Ordinal);
            foreach (var t in Of<DailyThroughput>(e, EvidenceKind.Throughput))
            {
                var midnight = new DateTimeOffset(t.Day.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
                if (t.Phase == ThroughputPhase.After && midnight >= start && midnight < end)
                {
                    var (completed, n) = perWorkflow.GetValueOrDefault(t.Workflow);
                    perWorkflow[t.Workflow] = (completed + t.Completed, n + 1);
                }
            }

            return perWorkflow.Values.Sum(w => (double)w.Completed / w.Days);
        }

        static double PilotConversionLagged(EvidenceSet e, int days, int lagDays)
        {
            var (start, end) = (AsOf.AddDays(-days - lagDays), AsOf.AddDays(-lagDays));
            int total = 0, owned = 0;
            foreach (var p in Of<Pilot>(e, EvidenceKind.Pilots))
            {
                if (p.StartedAt >= start && p.StartedAt < end)
                {
                    total++;
                    owned += p.IsOwnedService ? 1 : 0;
                }
            }

            return (double)owned / total;
        }

        // Simple loops of comparable cost for the rest (not compared with the engine).
        static double Count<T>(EvidenceSet e, EvidenceKind kind, Func<T, bool> match)
            where T : EvidenceRecord
        {
            var n = 0;
            foreach (var record in Of<T>(e, kind))
            {
                n += match(record) ? 1 : 0;
            }

            return n;
        }

        static double MeanSeconds<T>(EvidenceSet e, EvidenceKind kind, Func<T, TimeSpan?> duration)
            where T : EvidenceRecord
        {
            double sum = 0;
            var n = 0;
            foreach (var record in Of<T>(e, kind))
            {
                if (duration(record) is { } d)
                {
                    sum += d.TotalSeconds;
                    n++;
                }
            }

            return n == 0 ? 0 : sum / n;
        }

        var (s7, _) = Last(7);
        var (s14, _) = Last(14);
        var (s30, _) = Last(30);
        List<OtherGate> pairs =
        [
            new("incident-rate-wf-00", "IncidentRate", "IncidentRate(\"wf-00\")", "max: 1000", true, e => IncidentRate(e, "wf-00", 7)),
            new("incident-rate-all-14d", "IncidentRate", "IncidentRate(null, Days(14))", "max: 1000", true, e => IncidentRate(e, null, 14)),
            new("ttr-wf-01", "TimeToRecover", "MeanTimeToRecover(\"wf-01\")", "max: 12h", false, e => MeanSeconds<Incident>(e, EvidenceKind.Incidents, i => i.Workflow == "wf-01" && i.DetectedAt >= s7 ? i.RecoveredAt - i.DetectedAt : null)),
            new("ttr-all-p90-14d", "TimeToRecover", "TimeToRecover(null, Days(14), Aggregation.P90)", "max: 12h", false, e => MeanSeconds<Incident>(e, EvidenceKind.Incidents, i => i.DetectedAt >= s14 ? i.RecoveredAt - i.DetectedAt : null)),
            new("freshness-tickets", "Freshness", "Freshness(\"tickets\", FreshnessStage.SourceToPipeline)", "max: 1h", false, e => MeanSeconds<FreshnessMeasurement>(e, EvidenceKind.Freshness, f => f.Dataset == "tickets" && f.Stage == FreshnessStage.SourceToPipeline && f.MeasuredAt >= s7 ? f.Lag : null)),
            new("stale-share-orders", "Freshness", "StaleShare(\"orders\", Minutes(30))", "max: 100%", true, e => StaleShare(e, "orders", TimeSpan.FromMinutes(30), 7)),
            new("integration-health", "IntegrationHealth", "IntegrationHealth()", "min: 0%", false, e => Count<ConnectorCheck>(e, EvidenceKind.ConnectorChecks, c => c.Day >= DateOnly.FromDateTime(s7.UtcDateTime) && c.AuthValid && c.ErrorRate <= 0.01)),
            new("integration-health-14d", "IntegrationHealth", "IntegrationHealth(Days(14))", "min: 0%", false, e => Count<ConnectorCheck>(e, EvidenceKind.ConnectorChecks, c => c.Day >= DateOnly.FromDateTime(s14.UtcDateTime) && c.AuthValid && c.ErrorRate <= 0.01)),
            new("fragmentation-wf-00", "FragmentationIndex", "FragmentationIndex(\"wf-00\")", "max: 10", false, _ => Steps.Select(s => s.System).Distinct(StringComparer.Ordinal).Count()),
            new("handoffs-wf-01", "FragmentationIndex", "Handoffs(\"wf-01\")", "max: 10", false, _ => Steps.Length - 1),
            new("roi-wf-00", "Roi", "Roi(\"wf-00\", Days(30))", "min: -100%", false, e => Count<ValueLine>(e, EvidenceKind.ValueLines, v => v.Workflow == "wf-00" && v.PeriodStart >= s30)),
            new("roi-all", "Roi", "Roi(null, Days(30))", "min: -100%", false, e => Count<ValueLine>(e, EvidenceKind.ValueLines, v => v.PeriodStart >= s30)),
            new("work-removed-wf-00", "WorkRemoved", "WorkRemoved(\"wf-00\")", "min: 0", false, e => Count<CaseEffort>(e, EvidenceKind.CaseEffort, c => c.Workflow == "wf-00")),
            new("work-removed-wf-01", "WorkRemoved", "WorkRemoved(\"wf-01\")", "min: 0", false, e => Count<CaseEffort>(e, EvidenceKind.CaseEffort, c => c.Workflow == "wf-01")),
            new("throughput-wf-00", "Throughput", "Throughput(\"wf-00\")", "min: 1", false, e => Count<DailyThroughput>(e, EvidenceKind.Throughput, t => t.Workflow == "wf-00" && t.Phase == ThroughputPhase.After)),
            new("throughput-change-wf-01", "Throughput", "ThroughputChange(\"wf-01\", Days(14))", "min: -100%", false, e => Count<DailyThroughput>(e, EvidenceKind.Throughput, t => t.Workflow == "wf-01")),
            new("rai-scorecard", "RaiScorecard", "RaiScorecard(\"rai\")", "min: 0%", false, e => Count<ModelEvaluation>(e, EvidenceKind.ModelEvaluations, m => m.Explainability is "local" or "full")),
            new("rai-scorecard-2", "RaiScorecard", "RaiScorecard(\"rai-safety\")", "min: 0%", false, e => Count<ModelEvaluation>(e, EvidenceKind.ModelEvaluations, m => m.SafetyChecks.Values.All(v => v))),
            new("compliance", "ComplianceCoverage", "ComplianceCoverage()", "min: 0%", false, e => Count<ControlExecution>(e, EvidenceKind.ControlExecutions, c => c.Mode == ExecutionMode.Automated)),
            new("compliance-ci", "ComplianceCoverage", "ComplianceCoverage(\"ci\")", "min: 0%", false, e => Count<ControlExecution>(e, EvidenceKind.ControlExecutions, c => c.EnforcedAt == "ci")),
            new("monitoring-gap", "MonitoringGap", "MonitoringGap()", "max: 2d", false, e => Count<MonitoringCheck>(e, EvidenceKind.MonitoringChecks, c => c.RanAt >= s7)),
            new("monitoring-gap-model-0", "MonitoringGap", "MonitoringGap(\"model-0\", MonitoringType.Drift, Days(14), Aggregation.Max)", "max: 2d", false, e => Count<MonitoringCheck>(e, EvidenceKind.MonitoringChecks, c => c.Model == "model-0" && c.Type == MonitoringType.Drift && c.RanAt >= s14)),
            new("alerts-triaged", "MonitoringGap", "AlertsTriagedWithin(Hours(4))", "min: 0%", true, e => AlertsTriaged(e, TimeSpan.FromHours(4), null, 7)),
            new("alerts-triaged-model-1", "MonitoringGap", "AlertsTriagedWithin(Hours(2), \"model-1\", Days(14))", "min: 0%", true, e => AlertsTriaged(e, TimeSpan.FromHours(2), "model-1", 14)),
            new("pilot-conversion", "PilotConversion", "PilotConversion(Days(90))", "min: 0%", true, e => PilotConversion(e, 90)),
            new("pilot-conversion-60d", "PilotConversion", "PilotConversion(Days(60))", "min: 0%", true, e => PilotConversion(e, 60)),
            new("time-to-deploy", "TimeToDeploy", "TimeToDeploy(Days(30))", "max: 7d", false, e => MeanSeconds<Change>(e, EvidenceKind.Changes, c => c.DeployedAt >= s30 && !c.RolledBack ? c.DeployedAt - c.ApprovedAt : null)),
            new("time-to-deploy-model", "TimeToDeploy", "TimeToDeploy(Days(30), Aggregation.Mean, Days(1), ChangeType.Model)", "max: 7d", false, e => MeanSeconds<Change>(e, EvidenceKind.Changes, c => c.Type == ChangeType.Model && c.DeployedAt >= s30 ? c.DeployedAt - c.ApprovedAt : null)),
            new("deployment-frequency-wf-00", "DeploymentFrequency", "DeploymentFrequency(\"wf-00\", Days(14))", "min: 0", true, e => DeploymentsPerWeek(e, "wf-00", 14)),
            new("deployment-days-all", "DeploymentFrequency", "DeploymentFrequency(null, Days(28), DeploymentFrequencyDefinition.DeploymentDays)", "min: 0", false, e => Count<Deployment>(e, EvidenceKind.Deployments, d => d.IsSuccessfulProduction && d.FinishedAt >= s30)),
            new("change-failure-rate-wf-01", "ChangeFailureRate", "ChangeFailureRate(\"wf-01\", Days(28))", "max: 100%", true, e => ChangeFailureRate(e, "wf-01", 28)),
            new("change-failure-rate-all", "ChangeFailureRate", "ChangeFailureRate(null, Days(28), ChangeFailureDefinition.IncidentsPerDeployment)", "max: 100000%", false, e => Count<Incident>(e, EvidenceKind.Incidents, i => i.OpenedAt >= s30)),
            new("recovery-wf-02", "FailedDeploymentRecoveryTime", "FailedDeploymentRecoveryTime(\"wf-02\", Days(28), Aggregation.Mean)", "max: 60d", true, e => MeanRecoverySeconds(e, "wf-02", 28)),
            new("recovery-all-p90", "FailedDeploymentRecoveryTime", "FailedDeploymentRecoveryTime(null, Days(28), Aggregation.P90)", "max: 60d", false, e => MeanSeconds<Incident>(e, EvidenceKind.Incidents, i => i.RecoveredAt - i.OpenedAt)),
            new("cost-savings-wf-00", "CostSavings", "CostSavings(\"wf-00\", Days(30), 45)", "min: -1000000", true, e => CostSavings(e, "wf-00", 30, 45)),
            new("cost-savings-all", "CostSavings", "CostSavings(null, Days(30), 45)", "min: -1000000", false, e => Count<CostLine>(e, EvidenceKind.Costs, c => c.PeriodStart >= s30)),
            new("agent-success", "AgentSuccess", "AgentSuccess()", "min: 0%", true, e => AgentSuccess(e, null, 7)),
            new("agent-success-wf-02", "AgentSuccess", "AgentSuccess(\"wf-02\", Days(14))", "min: 0%", true, e => AgentSuccess(e, "wf-02", 14)),
            new("work-removed-all", "WorkRemoved", "WorkRemoved()", "min: -1000000", true, WorkRemovedTotal),
            new("throughput-all", "Throughput", "Throughput()", "min: 0", true, e => ThroughputTotal(e, 7)),
            new("pilot-conversion-lagged", "PilotConversion", "PilotConversion(Days(60), Days(30))", "min: 0%", true, e => PilotConversionLagged(e, 60, 30)),
            new("freshness-all-floor", "Freshness", "Freshness(null, window: Days(7), rounding: DurationRounding.Floor)", "max: 1d", false, e => MeanSeconds<FreshnessMeasurement>(e, EvidenceKind.Freshness, f => f.MeasuredAt >= s7 ? f.Lag : null)),
        ];

        return gates >= 100 ? pairs : [.. pairs.Where((_, i) => i % 2 == 0)];
    }

    private void WritePolicies()
    {
        var text = new StringBuilder();
        text.Append("""
            apiVersion: aiops-policy/v1
            kind: PolicySet
            metadata:
              name: metrics1m
              owner: benchmarks
            spec:
              version: 1.0.0
              evidence:
                maxAge: 7d
              defaults:
                severity: warn
                window: 7d

            """);
        File.WriteAllText(Path.Combine(PolicyDir, "policyset.yaml"), text.ToString());

        text.Clear();
        for (var w = 0; w < WorkflowCount; w++)
        {
            text.Append(CultureInfo.InvariantCulture, $"""
                ---
                apiVersion: aiops-policy/v1
                kind: Workflow
                metadata:
                  name: {Workflow(w)}
                  owner: benchmarks
                spec:
                  trigger: zendesk
                  systems: [zendesk, kafka, model, servicenow, email]
                  sla:
                    time: 4h
                    quality: {WholeQuality}
                    target: 95%
                  steps:

                """);
            foreach (var step in Steps)
            {
                text.Append(CultureInfo.InvariantCulture, $"""
                        - name: {step.Name}
                          system: {step.System}
                          sla:
                            time: {(int)step.Time.TotalSeconds}s

                    """);
                if (step.Quality is not null)
                {
                    text.Append(CultureInfo.InvariantCulture, $"        quality: {step.Quality}\n");
                }
            }
        }

        File.WriteAllText(Path.Combine(PolicyDir, "workflows.yaml"), text.ToString());

        text.Clear();
        foreach (var (connector, i) in Connectors.Select((c, i) => (c, i)))
        {
            text.Append(CultureInfo.InvariantCulture, $"""
                ---
                apiVersion: aiops-policy/v1
                kind: Connector
                metadata:
                  name: {connector}
                  owner: benchmarks
                spec:
                  system: {connector.Split('-')[0]}
                  critical: {(i < 3 ? "true" : "false")}
                  workflows: [wf-00, wf-01]
                  checks:
                    auth: true
                    maxLatency: 800ms
                    maxErrorRate: 1%
                    minDeliveredRatio: 95%

                """);
        }

        string[] enforcedAt = ["ci", "feature-store", "data-pipeline", "cd-gate", "runtime", "manual"];
        foreach (var (control, i) in Controls.Select((c, i) => (c, i)))
        {
            text.Append(CultureInfo.InvariantCulture, $"""
                ---
                apiVersion: aiops-policy/v1
                kind: Control
                metadata:
                  name: {control}
                  owner: benchmarks
                spec:
                  title: Control {control}
                  required: true
                  automated: {(i < Controls.Length - 1 ? "true" : "false")}
                  enforcedAt: [{enforcedAt[i]}]
                  cadence: {(i == 3 ? "7d" : i == Controls.Length - 1 ? "90d" : "1d")}

                """);
        }

        foreach (var (rubric, checks) in new[]
        {
            ("rai", new[] { ("accuracy-parity", "fairness", "model.MaxGroupGap(\"accuracy\") <= 0.05"), ("no-pii-leakage", "privacy", "model.Privacy(\"pii-leak-test\")"), ("explanations", "explainability", "model.Explainability is \"local\" or \"full\"") }),
            ("rai-safety", new[] { ("safe-outputs", "safety", "model.Safety(\"toxicity\")"), ("human-in-the-loop", "human-oversight", "model.HumanOversight(\"override-available\")") }),
        })
        {
            text.Append(CultureInfo.InvariantCulture, $"""
                ---
                apiVersion: aiops-policy/v1
                kind: Rubric
                metadata:
                  name: {rubric}
                  owner: benchmarks
                spec:
                  models: [{string.Join(", ", Models)}]
                  checks:

                """);
            foreach (var (name, category, predicate) in checks)
            {
                text.Append(CultureInfo.InvariantCulture, $"""
                        - name: {name}
                          category: {category}
                          predicate: '{predicate.Replace("'", "''", StringComparison.Ordinal)}'

                    """);
            }
        }

        File.WriteAllText(Path.Combine(PolicyDir, "declarations.yaml"), text.ToString());

        text.Clear();
        foreach (var gate in SlaGates)
        {
            AppendGate(text, gate.Name, gate.Measure, SlaBound(gate));
        }

        foreach (var gate in OtherGates)
        {
            AppendGate(text, gate.Name, gate.Measure, gate.Bound);
        }

        File.WriteAllText(Path.Combine(PolicyDir, "gates.yaml"), text.ToString());
    }

    /// <summary>
    /// Writes a second policy folder with the same policy set and workflows but only the SLA gates,
    /// for comparisons with peers that express only those. Returns the folder.
    /// </summary>
    public string WriteSlaOnlyPolicies()
    {
        var dir = Path.Combine(Root, "policies-sla");
        Directory.CreateDirectory(dir);
        foreach (var file in new[] { "policyset.yaml", "workflows.yaml" })
        {
            File.Copy(Path.Combine(PolicyDir, file), Path.Combine(dir, file), overwrite: true);
        }

        var text = new StringBuilder();
        foreach (var gate in SlaGates)
        {
            AppendGate(text, gate.Name, gate.Measure, SlaBound(gate));
        }

        File.WriteAllText(Path.Combine(dir, "gates.yaml"), text.ToString());
        return dir;
    }

    private static string SlaBound(SlaGate gate) => string.Create(CultureInfo.InvariantCulture, $"min: {gate.MinPercent:R}%");

    private static void AppendGate(StringBuilder text, string name, string measure, string bound) =>
        text.Append(CultureInfo.InvariantCulture, $"""
            ---
            apiVersion: aiops-policy/v1
            kind: Gate
            metadata:
              name: {name}
              owner: benchmarks
            spec:
              measure: '{measure.Replace("'", "''", StringComparison.Ordinal)}'
              bound:
                {bound}

            """);
}

/// <summary>One generated workflow run (a whole run when <paramref name="Step"/> is null), times in whole milliseconds.</summary>
internal sealed record GeneratedRun(string Id, string Workflow, string? Step, DateTimeOffset StartedAt, DateTimeOffset EndedAt, string Outcome);
