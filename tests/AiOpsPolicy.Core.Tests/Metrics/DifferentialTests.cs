// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using System.Collections.Immutable;
using AiOpsPolicy.Core.Compilation;
using AiOpsPolicy.Core.Evidence;
using AiOpsPolicy.Core.Results;

namespace AiOpsPolicy.Core.Tests.Metrics;

/// <summary>
/// A second, deliberately simple implementation of each metric (plain LINQ over the records, written
/// from docs/metrics.md, with the as-of rule applied here independently) run against the engine on
/// randomly generated evidence sets full of edge cases: times exactly on the window's bounds, a tick
/// either side, after --as-of, durations exactly at the SLA, open and undiagnosed incidents, empty and
/// absent kinds. Every set is evaluated once with every gate; counts and values must be exactly equal.
/// </summary>
public sealed class DifferentialTests : IClassFixture<DifferentialTests.Engine>
{
    /// <summary>Evidence sets; each one is checked against every metric below.</summary>
    private const int Sets = 1000;

    private static readonly DateTimeOffset Now = new(2026, 11, 28, 12, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Start = Now.AddDays(-7);
    private static readonly TimeSpan WholeSla = TimeSpan.FromHours(1);
    private static readonly TimeSpan StepSla = TimeSpan.FromMinutes(10);
    private static readonly TimeSpan TriageSla = TimeSpan.FromMinutes(30);
    private static readonly TimeSpan StaleTarget = TimeSpan.FromMinutes(15);
    private static readonly TimeSpan SafetyWindow = TimeSpan.FromHours(24);
    private static readonly IncidentCause[] ChangeCauses = [IncidentCause.Model, IncidentCause.DataPipeline, IncidentCause.Prompt, IncidentCause.WorkflowLogic];

    private readonly Engine _engine;

    public DifferentialTests(Engine engine)
    {
        _engine = engine;
    }

    [Fact]
    public void Metrics_WhenComputedOnRandomEvidenceWithEdgeCases_ShouldEqualASimpleReimplementationExactly()
    {
        // Given
        var mismatches = new List<string>();
        var decided = new Dictionary<string, int>(StringComparer.Ordinal);

        // When
        for (var set = 0; set < Sets; set++)
        {
            var random = new Random(set);
            var evidence = Generate(random);
            var run = PolicyEngine.Evaluate(_engine.Compiled, evidence.Set, Now);
            foreach (var (gate, expected) in Reference(evidence))
            {
                var actual = run.Gates.Single(g => g.Gate == gate);
                if (Compare(actual, expected) is { } problem)
                {
                    mismatches.Add($"set {set}, {gate}: {problem}");
                }
                else if (expected.Value is not null)
                {
                    decided[gate] = decided.GetValueOrDefault(gate) + 1;
                }
            }
        }

        // Then: equal everywhere, and each metric computed a value (not only insufficient) on most sets.
        Assert.True(mismatches.Count == 0, $"{mismatches.Count} mismatch(es):\n" + string.Join("\n", mismatches.Take(15)));
        Assert.All(Engine.Gates, g => Assert.True(decided.GetValueOrDefault(g.Name) > Sets / 4, $"{g.Name} computed a value on only {decided.GetValueOrDefault(g.Name)} sets"));
    }

    /// <summary>What the simple implementation says of a gate: insufficient (null value), or the value and its counts.</summary>
    private sealed record Expected(double? Value, double? Numerator = null, double? Denominator = null, long? Sample = null);

    private static string? Compare(GateResult actual, Expected expected)
    {
        if (expected.Value is null)
        {
            return actual.Status == GateStatus.InsufficientEvidence ? null : $"expected insufficient-evidence, engine said {actual.Status.ToText()} ({actual.Observed}): {actual.Explanation}";
        }

        if (actual.Status == GateStatus.InsufficientEvidence || actual.ObservedValue is not { } value)
        {
            return $"expected {expected.Value}, engine said {actual.Status.ToText()}: {actual.Explanation}";
        }

        var metric = Assert.Single(actual.Metrics);
        if (value != expected.Value || (expected.Numerator is not null && metric.Numerator != expected.Numerator)
            || (expected.Denominator is not null && metric.Denominator != expected.Denominator) || (expected.Sample is not null && metric.SampleSize != expected.Sample))
        {
            return $"expected {expected.Value:R} ({expected.Numerator}/{expected.Denominator}, n={expected.Sample}), engine {value:R} ({metric.Numerator}/{metric.Denominator}, n={metric.SampleSize}): {actual.Explanation}";
        }

        return null;
    }

    private static IEnumerable<(string Gate, Expected Expected)> Reference(Generated e)
    {
        bool InWindow(DateTimeOffset t) => t >= Start && t < Now;

        // As of --as-of: what had not happened is left out or read as not yet happened.
        var runs = e.Runs?.Where(r => r.EndedAt <= Now).ToList();
        var incidents = e.Incidents?.Where(i => i.DetectedAt <= Now && i.OpenedAt <= Now)
            .Select(i => (i.Id, i.Cause, i.RequiredChange, i.DetectedAt, Diagnosed: i.DiagnosedAt > Now ? null : i.DiagnosedAt, Recovered: i.RecoveredAt > Now ? null : i.RecoveredAt)).ToList();
        var volumes = e.Transactions?.Where(t => t.PeriodEnd <= Now).ToList();
        var alerts = e.Alerts?.Where(a => a.RaisedAt <= Now).Select(a => (a.RaisedAt, Triaged: a.TriagedAt > Now ? null : a.TriagedAt)).ToList();
        var lags = e.Freshness?.Where(f => f.MeasuredAt <= Now && InWindow(f.MeasuredAt) && f.Dataset == "ds").Select(f => f.Lag.TotalSeconds).ToList();
        var agents = e.AgentRuns?.Where(a => a.CompletedAt <= Now && InWindow(a.CompletedAt)).ToList();

        yield return ("sla-wf", Share(runs?.Where(r => r.Workflow == "wf" && r.Step is null && InWindow(r.EndedAt)).Select(r => r.Duration <= WholeSla && r.Outcome == "ok")));
        yield return ("sla-s1", Share(runs?.Where(r => r.Workflow == "wf" && r.Step == "s1" && InWindow(r.EndedAt)).Select(r => r.Duration <= StepSla)));
        yield return ("agents", Share(agents?.Select(a => a.Correct && !a.HumanIntervened)));

        var detected = incidents?.Where(i => InWindow(i.DetectedAt)).ToList();
        var recovered = detected?.Where(i => i.Recovered is not null).ToList();
        var toRecover = recovered?.Select(i => (i.Recovered!.Value - i.DetectedAt).TotalSeconds).ToList();
        var toDiagnose = recovered?.Where(i => i.Diagnosed is not null).Select(i => (i.Diagnosed!.Value - i.DetectedAt).TotalSeconds).ToList();
        var toFix = recovered?.Where(i => i.Diagnosed is not null).Select(i => (i.Recovered!.Value - i.Diagnosed!.Value).TotalSeconds).ToList();
        yield return ("ttr-mean", Durations(toRecover, v => v.Average()));
        yield return ("ttr-max", Durations(toRecover, v => v.Max()));
        yield return ("ttr-median", Durations(toRecover, v => NearestRank(v, 50)));
        yield return ("ttr-p90", Durations(toRecover, v => NearestRank(v, 90)));
        yield return ("ttd-median", Durations(toDiagnose, v => NearestRank(v, 50)));
        yield return ("ttf-max", Durations(toFix, v => v.Max()));

        var counted = detected?.Count(i => i.RequiredChange && ChangeCauses.Contains(i.Cause)) ?? 0;
        var transactions = volumes?.Where(t => InWindow(t.PeriodStart)).Sum(t => t.Count) ?? 0;
        yield return ("incident-rate", incidents is null || volumes is null || transactions == 0 ? new Expected(null) : new Expected(counted * 1000.0 / transactions, counted, transactions, counted));

        var raised = alerts?.Where(a => InWindow(a.RaisedAt)).ToList();
        var within = raised?.Count(a => a.Triaged is { } t && t - a.RaisedAt <= TriageSla) ?? 0;
        var missed = raised?.Count(a => a.Triaged is { } t ? t - a.RaisedAt > TriageSla : a.RaisedAt + TriageSla <= Now) ?? 0;
        yield return ("triage", raised is null || within + missed == 0 ? new Expected(null) : new Expected((double)within / (within + missed), within, within + missed, within + missed));

        yield return ("stale", lags is null || lags.Count == 0 ? new Expected(null) : new Expected((double)lags.Count(l => l > StaleTarget.TotalSeconds) / lags.Count, lags.Count(l => l > StaleTarget.TotalSeconds), lags.Count, lags.Count));
        yield return ("fresh-median", Durations(lags, v => NearestRank(v, 50)));

        // Value lines whose period had started, in the window by periodStart; sums in record order.
        var lines = e.ValueLines?.Where(l => l.PeriodStart <= Now && InWindow(l.PeriodStart) && l.Workflow == "wf").ToList();
        var benefits = lines?.Where(l => l.Type == ValueLineType.Benefit).Aggregate(0.0, (sum, l) => sum + l.Amount) ?? 0;
        var costs = lines?.Where(l => l.Type == ValueLineType.Cost).Aggregate(0.0, (sum, l) => sum + l.Amount) ?? 0;
        yield return ("roi", lines is null || costs == 0 ? new Expected(null) : new Expected((benefits - costs) / costs, benefits - costs, costs, lines.Count));

        // Pilots started in the cohort; production only after --as-of is still a pilot then.
        var cohort = e.Pilots?.Where(p => p.StartedAt <= Now && InWindow(p.StartedAt)).ToList();
        var owned = cohort?.Count(p => p.Status == PilotStatus.Production && (p.ProductionAt is null || p.ProductionAt <= Now)
            && p.Monitoring && !string.IsNullOrWhiteSpace(p.OnCallOwner) && !string.IsNullOrWhiteSpace(p.UserPromise)) ?? 0;
        yield return ("pilots", cohort is null || cohort.Count == 0 ? new Expected(null) : new Expected((double)owned / cohort.Count, owned, cohort.Count, cohort.Count));

        // Gaps between consecutive checks of each model and type; the last runs to the window's end.
        var gaps = e.Checks?.Where(c => c.RanAt <= Now && InWindow(c.RanAt)).GroupBy(c => (c.Model, c.Type))
            .SelectMany(g => Pairwise(g.Select(c => c.RanAt).Order().Append(Now)))
            .Select(p => (p.Next - p.Current).TotalSeconds).ToList();
        yield return ("gap-max", Durations(gaps, v => v.Max()));
        yield return ("gap-median", Durations(gaps, v => NearestRank(v, 50)));

        // Changes deployed in the window that proved safe: not rolled back within 24h of deploying,
        // and, when not rolled back, deployed at least 24h before --as-of. Later facts not yet known.
        var safe = e.Changes?.Where(c => c.ApprovedAt <= Now)
            .Select(c => (c.ApprovedAt, Deployed: c.DeployedAt > Now ? null : c.DeployedAt, RolledBackAt: c.DeployedAt > Now || c.RolledBackAt > Now ? null : c.RolledBackAt, RolledBack: c.RolledBack && c.DeployedAt <= Now && !(c.RolledBackAt > Now)))
            .Where(c => c.Deployed is { } d && InWindow(d))
            .Where(c => c.RolledBack ? c.RolledBackAt is { } r && r > c.Deployed!.Value + SafetyWindow : c.Deployed!.Value + SafetyWindow <= Now)
            .Select(c => (c.Deployed!.Value - c.ApprovedAt).TotalSeconds).ToList();
        yield return ("deploy-max", Durations(safe, v => v.Max()));
    }

    private static Expected Share(IEnumerable<bool>? outcomes)
    {
        var list = outcomes?.ToList();
        return list is null || list.Count == 0 ? new Expected(null) : new Expected((double)list.Count(o => o) / list.Count, list.Count(o => o), list.Count, list.Count);
    }

    private static Expected Durations(List<double>? values, Func<List<double>, double> aggregate) =>
        values is null || values.Count == 0 ? new Expected(null) : new Expected(aggregate(values), Sample: values.Count);

    /// <summary>Consecutive pairs of a sequence.</summary>
    private static IEnumerable<(DateTimeOffset Current, DateTimeOffset Next)> Pairwise(IEnumerable<DateTimeOffset> times) => times.Zip(times.Skip(1));

    /// <summary>Nearest rank: the value at rank ceil(p/100 * n) of the sorted values.</summary>
    private static double NearestRank(List<double> values, double percent)
    {
        var sorted = values.Order().ToList();
        var rank = (int)Math.Ceiling(percent / 100 * sorted.Count);
        return sorted[Math.Clamp(rank, 1, sorted.Count) - 1];
    }

    /// <summary>One random evidence set; a null list is a kind with no evidence at all.</summary>
    private sealed record Generated(EvidenceSet Set, List<WorkflowRun>? Runs, List<Incident>? Incidents, List<TransactionVolume>? Transactions, List<MonitoringAlert>? Alerts, List<FreshnessMeasurement>? Freshness, List<AgentRun>? AgentRuns)
    {
        public List<ValueLine>? ValueLines { get; init; }

        public List<Pilot>? Pilots { get; init; }

        public List<MonitoringCheck>? Checks { get; init; }

        public List<Change>? Changes { get; init; }
    }

    private static Generated Generate(Random random)
    {
        var runs = Maybe(random, () => Many(random, 40, i => Run(random, i)));
        var incidents = Maybe(random, () => Many(random, 15, i => IncidentAt(random, i)));
        var transactions = Maybe(random, () => Many(random, 6, i => Volume(random, i)));
        var alerts = Maybe(random, () => Many(random, 15, i => Alert(random, i)));
        var freshness = Maybe(random, () => Many(random, 20, i => Lag(random, i)));
        var agents = Maybe(random, () => Many(random, 20, i => new AgentRun { Id = $"a{i}", Workflow = "wf", CompletedAt = Edge(random), Correct = random.Next(4) > 0, HumanIntervened = random.Next(3) == 0, CollectedAt = Now }));
        var arrays = new Array?[Enum.GetValues<EvidenceKind>().Length];
        arrays[(int)EvidenceKind.WorkflowRuns] = runs?.ToArray();
        arrays[(int)EvidenceKind.Incidents] = incidents?.ToArray();
        arrays[(int)EvidenceKind.Transactions] = transactions?.ToArray();
        arrays[(int)EvidenceKind.Alerts] = alerts?.ToArray();
        arrays[(int)EvidenceKind.Freshness] = freshness?.ToArray();
        arrays[(int)EvidenceKind.AgentRuns] = agents?.ToArray();
        var values = Maybe(random, () => Many(random, 12, i => new ValueLine
        {
            Id = $"v{i}",
            Workflow = random.Next(6) == 0 ? "elsewhere" : "wf",
            Type = random.Next(2) == 0 ? ValueLineType.Benefit : ValueLineType.Cost,
            Category = "c",
            Amount = random.Next(5) == 0 ? 0 : random.Next(0, 100_000) / 100.0,
            Currency = "EUR",
            PeriodStart = Edge(random),
            PeriodEnd = Now.AddDays(30),
            CollectedAt = Now,
        }));
        var pilots = Maybe(random, () => Many(random, 12, i =>
        {
            var started = Edge(random);
            var production = random.Next(3) == 0;
            return new Pilot
            {
                Id = $"p{i}",
                StartedAt = started,
                Status = production ? PilotStatus.Production : (PilotStatus)random.Next(4),
                Monitoring = random.Next(4) > 0,
                OnCallOwner = random.Next(4) > 0 ? "team" : random.Next(2) == 0 ? " " : null,
                UserPromise = random.Next(4) > 0 ? "fast" : null,
                ProductionAt = production ? (random.Next(3) == 0 ? Now.AddHours(1) : started) : null,
                CollectedAt = Now,
            };
        }));
        var checks = Maybe(random, () => Many(random, 25, i => new MonitoringCheck { Model = random.Next(3) == 0 ? "m2" : "m1", Type = (MonitoringType)random.Next(2), RanAt = Edge(random).AddTicks(i), CollectedAt = Now }));
        var changes = Maybe(random, () => Many(random, 20, i =>
        {
            var approved = Edge(random).AddDays(-random.Next(0, 3));
            DateTimeOffset? deployed = random.Next(5) == 0 ? null : random.Next(4) == 0 ? Edge(random) : approved + Span(random, SafetyWindow);
            deployed = deployed < approved ? approved : deployed;
            var rolledBack = deployed is not null && random.Next(3) == 0;
            return new Change
            {
                Id = $"c{i}",
                Type = (ChangeType)random.Next(4),
                ApprovedAt = approved,
                DeployedAt = deployed,
                RolledBack = rolledBack,
                RolledBackAt = rolledBack ? deployed + Span(random, SafetyWindow) : null,
                CollectedAt = Now,
            };
        }));
        arrays[(int)EvidenceKind.Changes] = changes?.ToArray();
        arrays[(int)EvidenceKind.ValueLines] = values?.ToArray();
        arrays[(int)EvidenceKind.Pilots] = pilots?.ToArray();
        arrays[(int)EvidenceKind.MonitoringChecks] = checks?.ToArray();
        var set = new EvidenceSet(arrays, ImmutableArray<EvidenceFile>.Empty, "sha256:" + new string('0', 64));
        return new Generated(set, runs, incidents, transactions, alerts, freshness, agents) { ValueLines = values, Pilots = pilots, Checks = checks, Changes = changes };
    }

    private static List<T>? Maybe<T>(Random random, Func<List<T>> make) => random.Next(12) == 0 ? null : make();

    private static List<T> Many<T>(Random random, int most, Func<int, T> make) =>
        [.. Enumerable.Range(0, random.Next(6) == 0 ? 0 : random.Next(1, most + 1)).Select(make)];

    /// <summary>A time that likes edges: the window's start and end, a tick either side, and a little after --as-of.</summary>
    private static DateTimeOffset Edge(Random random) => random.Next(10) switch
    {
        0 => Start,
        1 => Start.AddTicks(-1),
        2 => Now,
        3 => Now.AddTicks(-1),
        4 => Now.AddMinutes(random.Next(1, 600)),
        5 => Start.AddDays(-random.Next(1, 5)),
        _ => Start.AddSeconds(random.Next(0, 7 * 24 * 3600)),
    };

    /// <summary>A duration that likes the SLA's edges.</summary>
    private static TimeSpan Span(Random random, TimeSpan sla) => random.Next(6) switch
    {
        0 => sla,
        1 => sla + TimeSpan.FromTicks(1),
        2 => TimeSpan.Zero,
        _ => TimeSpan.FromSeconds(random.Next(0, (int)sla.TotalSeconds * 3)),
    };

    private static WorkflowRun Run(Random random, int i)
    {
        var step = random.Next(4) switch { 0 => "s1", 1 => "other", _ => null };
        var ended = Edge(random);
        return new WorkflowRun
        {
            Id = $"r{i}",
            Workflow = random.Next(8) == 0 ? "elsewhere" : "wf",
            Step = step,
            StartedAt = ended - Span(random, step is null ? WholeSla : StepSla),
            EndedAt = ended,
            Outcome = random.Next(4) == 0 ? "manual-review-needed" : "ok",
            CollectedAt = Now,
        };
    }

    private static Incident IncidentAt(Random random, int i)
    {
        var detected = Edge(random);
        DateTimeOffset? diagnosed = random.Next(4) == 0 ? null : detected + Span(random, TimeSpan.FromHours(1));
        DateTimeOffset? recovered = random.Next(5) == 0 ? null : (diagnosed ?? detected) + Span(random, TimeSpan.FromHours(2));
        return new Incident
        {
            Id = $"i{i}",
            Workflow = "wf",
            OpenedAt = detected.AddMinutes(-random.Next(0, 30)),
            DetectedAt = detected,
            DiagnosedAt = diagnosed,
            RecoveredAt = recovered,
            Cause = (IncidentCause)random.Next(6),
            RequiredChange = random.Next(3) > 0,
            CollectedAt = Now,
        };
    }

    private static TransactionVolume Volume(Random random, int i)
    {
        var start = Edge(random);
        return new TransactionVolume { Workflow = "wf", PeriodStart = start.AddMinutes(i), PeriodEnd = start.AddMinutes(i).AddHours(random.Next(0, 30)), Count = random.Next(6) == 0 ? 0 : random.Next(1, 5000), CollectedAt = Now };
    }

    private static MonitoringAlert Alert(Random random, int i)
    {
        var raised = Edge(random);
        return new MonitoringAlert { Id = $"al{i}", Model = "m", Type = MonitoringType.Drift, RaisedAt = raised, TriagedAt = random.Next(4) == 0 ? null : raised + Span(random, TriageSla), CollectedAt = Now };
    }

    private static FreshnessMeasurement Lag(Random random, int i) => new()
    {
        Dataset = random.Next(6) == 0 ? "other" : "ds",
        Stage = (FreshnessStage)random.Next(3),
        MeasuredAt = Edge(random).AddTicks(i),
        Lag = Span(random, StaleTarget),
        CollectedAt = Now,
    };

    /// <summary>The policy set with one gate per metric under test, compiled once.</summary>
    public sealed class Engine : IDisposable
    {
        public static readonly (string Name, string Measure)[] Gates =
        [
            ("sla-wf", "SlaAttainment(\"wf\")"),
            ("sla-s1", "SlaAttainment(\"wf\", \"s1\")"),
            ("agents", "AgentSuccess()"),
            ("ttr-mean", "TimeToRecover()"),
            ("ttr-max", "TimeToRecover(aggregation: Aggregation.Max)"),
            ("ttr-median", "TimeToRecover(aggregation: Aggregation.Median)"),
            ("ttr-p90", "TimeToRecover(aggregation: Aggregation.P90)"),
            ("ttd-median", "TimeToDiagnose(aggregation: Aggregation.Median)"),
            ("ttf-max", "TimeToFix(aggregation: Aggregation.Max)"),
            ("incident-rate", "IncidentRate()"),
            ("triage", "AlertsTriagedWithin(Minutes(30))"),
            ("stale", "StaleShare(\"ds\", Minutes(15))"),
            ("fresh-median", "Freshness(\"ds\")"),
            ("roi", "Roi(\"wf\")"),
            ("pilots", "PilotConversion()"),
            ("gap-max", "MonitoringGap(aggregation: Aggregation.Max)"),
            ("gap-median", "MonitoringGap()"),
            ("deploy-max", "TimeToDeploy(safetyWindow: Hours(24), aggregation: Aggregation.Max)"),
        ];

        public Engine()
        {
            const string Workflow = """
                apiVersion: aiops-policy/v1
                kind: Workflow
                metadata:
                  name: wf
                spec:
                  systems: [a]
                  sla:
                    time: 1h
                    quality: ok
                  steps:
                    - name: s1
                      system: a
                      sla:
                        time: 10m
                    - name: other
                      system: a
                """;
            var documents = Gates.Select(g => TestPolicies.Gate(g.Name, $"  measure: '{g.Measure.Replace("'", "''", StringComparison.Ordinal)}'\n  bound:\n    {Bound(g.Measure)}")).Prepend(Workflow).ToArray();
            var validated = TestPolicies.Validate(documents);
            Assert.False(validated.HasErrors, string.Join("\n", validated.Diagnostics));
            var output = PolicyCompiler.Compile(validated.PolicySet);
            Assert.True(output.Assembly is not null, string.Join("\n", output.Diagnostics));
            Compiled = CompilationCache.Load(validated.PolicySet, output.Assembly!, fromCache: false);
        }

        public CompiledPolicySet Compiled { get; }

        public void Dispose() => Compiled.Dispose();

        private static string Bound(string measure) =>
            measure.StartsWith("Time", StringComparison.Ordinal) || measure.StartsWith("Freshness", StringComparison.Ordinal) || measure.StartsWith("MonitoringGap", StringComparison.Ordinal) ? "max: 1000d"
            : measure.StartsWith("IncidentRate", StringComparison.Ordinal) ? "max: 1000000"
            : measure.StartsWith("Roi", StringComparison.Ordinal) ? "max: 100000000%"
            : "min: 0%";
    }
}
