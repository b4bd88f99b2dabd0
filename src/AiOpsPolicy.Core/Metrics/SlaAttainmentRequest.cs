// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using System.Collections.Immutable;
using AiOpsPolicy.Core.Evidence;
using AiOpsPolicy.Core.Model;
using AiOpsPolicy.Core.Units;

namespace AiOpsPolicy.Core.Metrics;

/// <summary>
/// Metric 1, SLA attainment: the share of runs that ended (or, placed by their start, started) in the window and
/// met both the time and the quality target of the workflow (whole runs) or of one step (that step's runs). Runs
/// come listed (<c>workflow-runs</c>, one record each) or counted (<c>workflow-run-counts</c>, met and total per
/// period, as a latency histogram gives them); counts are used only when they were taken against the SLA's own
/// targets, and the two forms are never mixed for one workflow and step. A count holds runs by their end, so
/// placed by start a counted period in the window makes the metric insufficient rather than placed wrongly.
/// </summary>
/// <param name="Workflow">The workflow's name.</param>
/// <param name="Step">The step's name; null for whole runs (or every step, pooled).</param>
/// <param name="Window">The window runs are placed in.</param>
/// <param name="Runs">Whole runs (the default), or every step's runs of the workflow pooled, each judged against its own step's targets.</param>
/// <param name="Placement">Which instant of a run places it in the window: its end (the default) or its start.</param>
internal sealed record SlaAttainmentRequest(string Workflow, string? Step, Window Window, SlaRuns Runs = SlaRuns.WholeRuns, WindowPlacement Placement = WindowPlacement.End) : MetricRequest
{
    public override ImmutableArray<EvidenceKind> Kinds => KindsRead;

    // Static, so that it takes no part in the record's equality: requests compare by their arguments.
    private static readonly ImmutableArray<EvidenceKind> KindsRead = [EvidenceKind.WorkflowRuns, EvidenceKind.WorkflowRunCounts];

    /// <inheritdoc />
    public override bool AnyKindSuffices => true;

    public override MetricAggregator CreateAggregator(MetricContext context)
    {
        var workflow = context.Policies.Workflows.FirstOrDefault(w => w.Name == Workflow)
            ?? throw new ArgumentException($"no workflow named '{Workflow}' is declared");
        if (Runs == SlaRuns.AllSteps)
        {
            if (Step is not null)
            {
                throw new ArgumentException($"SlaAttainment(\"{Workflow}\", \"{Step}\", runs: SlaRuns.AllSteps) names one step and asks for every step; give the step or SlaRuns.AllSteps, not both");
            }

            var targets = workflow.Steps.Where(s => s.Sla.Time is not null || s.Sla.Quality is not null).ToDictionary(s => s.Name, s => s.Sla, StringComparer.Ordinal);
            if (targets.Count == 0)
            {
                throw new ArgumentException($"no step of workflow '{Workflow}' declares an SLA time or quality target, so there is nothing to pool");
            }

            var (from, to) = context.Resolve(Window);
            return new PooledAggregator(this, targets, [.. workflow.Steps.Where(s => !targets.ContainsKey(s.Name)).Select(s => s.Name)], from, to);
        }

        var sla = Step is null
            ? workflow.Sla
            : (workflow.FindStep(Step) ?? throw new ArgumentException($"workflow '{Workflow}' has no step '{Step}'")).Sla;
        if (sla.Time is null && sla.Quality is null)
        {
            throw new ArgumentException($"{(Step is null ? $"workflow '{Workflow}'" : $"step '{Step}' of workflow '{Workflow}'")} declares no SLA time or quality target to attain");
        }

        var (start, end) = context.Resolve(Window);
        return new Aggregator(this, sla, start, end);
    }

    private sealed class Aggregator(SlaAttainmentRequest request, SlaTarget sla, DateTimeOffset start, DateTimeOffset end) : MetricAggregator
    {
        // Ticks and plain fields: this Add runs once per run of the workflow and step, a million times
        // in a large run, so it compares numbers, not DateTimeOffsets.
        private readonly List<string> _missed = [];
        private readonly long _startTicks = start.UtcTicks;
        private readonly long _endTicks = end.UtcTicks;
        private readonly long _timeTicks = sla.Time?.Ticks ?? long.MaxValue;
        private readonly string? _quality = sla.Quality;
        private readonly TimeSpan? _time = sla.Time;
        private readonly List<string> _mismatched = [];
        private readonly List<string> _countedByEnd = [];
        private readonly bool _byStart = request.Placement == WindowPlacement.Start;
        private long _total;
        private long _listedMissed;
        private long _countedTotal;
        private long _countedMet;
        private int _periods;

        public override (string Workflow, string? Step)? RunScope => (request.Workflow, request.Step);

        /// <inheritdoc />
        /// <remarks>
        /// Push-down (DuckDB) computes the metric from these criteria alone, never calling <see cref="Add(WorkflowRun)"/>: every
        /// parameter that selects or judges runs in Add must be here too (a window placement by start is <c>ByStart</c>), or the
        /// differential test (tests/AiOpsPolicy.Warehouse.Tests/DuckDbPushDownTests.cs) will find the two paths disagree.
        /// </remarks>
        public override IReadOnlyList<RunCriterion> RunCriteria { get; } =
            [new RunCriterion(request.Workflow, request.Step, false, start.UtcTicks, end.UtcTicks, sla.Time?.Ticks, sla.Quality, request.Placement == WindowPlacement.Start)];

        /// <summary>The runs a query engine counted: the same totals, and the smallest missed ids for the sample.</summary>
        public override void Add(IReadOnlyList<RunTally> tallies)
        {
            var tally = tallies[0];
            _total += tally.Listed;
            _listedMissed += tally.Missed;
            _missed.AddRange(tally.MissedSample);
        }

        /// <summary>Called only with runs of this workflow and step: the metric engine routes them by <see cref="RunScope"/>.</summary>
        public override void Add(WorkflowRun record)
        {
            var ended = record.EndedAt.UtcTicks;
            var placed = _byStart ? record.StartedAt.UtcTicks : ended;
            if (placed < _startTicks || placed >= _endTicks)
            {
                return;
            }

            _total++;
            if (ended - record.StartedAt.UtcTicks > _timeTicks || (_quality is not null && !string.Equals(record.Outcome, _quality, StringComparison.Ordinal)))
            {
                _listedMissed++;
                _missed.Add(record.Id);
            }
        }

        /// <summary>
        /// A period of counted runs: used when it lies wholly in the window (a period that straddles an edge
        /// cannot be split) and was counted against this SLA's targets. Placed by start, a period that overlaps the
        /// window is noted instead: it counts its runs by their end, and which of them started in the window is lost.
        /// </summary>
        public override void Add(WorkflowRunCount record)
        {
            if (!string.Equals(record.Workflow, request.Workflow, StringComparison.Ordinal) || !string.Equals(record.Step, request.Step, StringComparison.Ordinal))
            {
                return;
            }

            if (_byStart)
            {
                if (Overlaps(record, _startTicks, _endTicks))
                {
                    _countedByEnd.Add(record.Key);
                }

                return;
            }

            if (record.PeriodStart.UtcTicks < _startTicks || record.PeriodEnd.UtcTicks > _endTicks)
            {
                return;
            }

            if (record.Within != _time || !string.Equals(record.Outcome, _quality, StringComparison.Ordinal))
            {
                _mismatched.Add(record.Key);
                return;
            }

            _periods++;
            _countedTotal += record.Total;
            _countedMet += record.Met;
            if (record.Met < record.Total)
            {
                _missed.Add(record.Key);
            }
        }

        public override MetricValue Complete()
        {
            var name = MetricText.Scope("SlaAttainment", request.Workflow, request.Step, request.Placement.RunTag());
            var what = request.Step is null ? $"{request.Workflow} runs" : $"{request.Workflow}/{request.Step} runs";
            var targets = string.Join(" and ", new[] { _time is { } t ? "within " + UnitFormat.Duration(t) : null, _quality }.Where(x => x is not null));
            if (_countedByEnd.Count > 0)
            {
                return MetricValue.Insufficient(name, QuantityKind.Percentage, CountedByEndText(_countedByEnd, what, request.Window));
            }

            if (_mismatched.Count > 0)
            {
                // Counts taken against another target say nothing about this one: never a silent wrong share.
                return MetricValue.Insufficient(name, QuantityKind.Percentage, $"{_mismatched.Count} workflow-run-counts period(s) of {what} were counted against other targets than the SLA's ({targets}), such as {_mismatched[0]}: collect them with the SLA's time and quality target");
            }

            if (_total > 0 && _periods > 0)
            {
                return MetricValue.Insufficient(name, QuantityKind.Percentage, $"{what} in {request.Window.Describe()} are both listed (workflow-runs) and counted (workflow-run-counts); supply one form per workflow and step, or the same runs would be counted twice");
            }

            long total = _total + _countedTotal;
            if (total == 0)
            {
                return MetricValue.Insufficient(name, QuantityKind.Percentage, $"no {what} {request.Placement.RunVerb()} in {request.Window.Describe()}");
            }

            var met = _periods > 0 ? _countedMet : _total - _listedMissed;
            var share = (double)met / total;
            var counted = _periods > 0 ? $", counted over {MetricText.Count(_periods)} period(s)" : string.Empty;
            return MetricValue.Of(name, QuantityKind.Percentage, share, $"{UnitFormat.Percentage(share)} of {MetricText.Count(total)} {what} {StartedIn(request.Placement)}{request.Window.Describe()} met {targets} ({met}/{total}){counted}")
                with
            {
                Numerator = met,
                Denominator = total,
                SampleSize = total,
                FailingRecords = MetricText.Sample(_missed),
            };
        }
    }

    /// <summary>
    /// Every step's runs of one workflow, pooled: each run (or counted period) judged against its own step's targets,
    /// met and total summed over the steps. Each step is listed or counted, never both, as for one step.
    /// </summary>
    private sealed class PooledAggregator(SlaAttainmentRequest request, Dictionary<string, SlaTarget> targets, List<string> untargeted, DateTimeOffset start, DateTimeOffset end) : MetricAggregator
    {
        private readonly long _startTicks = start.UtcTicks;
        private readonly long _endTicks = end.UtcTicks;
        private readonly SortedDictionary<string, StepTally> _steps = new(StringComparer.Ordinal);
        private readonly List<string> _mismatched = [];
        private readonly List<string> _countedByEnd = [];
        private readonly bool _byStart = request.Placement == WindowPlacement.Start;
        private long _skipped;

        /// <inheritdoc />
        public override string? PooledStepsOf => request.Workflow;

        /// <summary>
        /// One criterion per step with a target (in step order), then every step's runs, counted to find those skipped. As for
        /// one step, every parameter that selects or judges runs in <see cref="Add(WorkflowRun)"/> must be in the criteria.
        /// </summary>
        public override IReadOnlyList<RunCriterion> RunCriteria { get; } =
            [.. targets.OrderBy(t => t.Key, StringComparer.Ordinal).Select(t => new RunCriterion(request.Workflow, t.Key, false, start.UtcTicks, end.UtcTicks, t.Value.Time?.Ticks, t.Value.Quality, request.Placement == WindowPlacement.Start)),
             new RunCriterion(request.Workflow, null, true, start.UtcTicks, end.UtcTicks, null, null, request.Placement == WindowPlacement.Start)];

        /// <summary>What a query engine counted: per step with a target as if its runs were added; the rest of the step runs skipped.</summary>
        public override void Add(IReadOnlyList<RunTally> tallies)
        {
            var steps = targets.Keys.Order(StringComparer.Ordinal).ToList();
            long listed = 0;
            for (var i = 0; i < steps.Count; i++)
            {
                var tally = tallies[i];
                listed += tally.Listed;
                if (tally.Listed == 0)
                {
                    continue;
                }

                var step = Tally(steps[i]);
                step.Listed += tally.Listed;
                step.ListedMissed += tally.Missed;
                step.Missed.AddRange(tally.MissedSample);
            }

            _skipped += tallies[steps.Count].Listed - listed;
        }

        /// <summary>Called only with step runs of this workflow: the metric engine routes them by <see cref="PooledStepsOf"/>.</summary>
        public override void Add(WorkflowRun record)
        {
            var placed = _byStart ? record.StartedAt.UtcTicks : record.EndedAt.UtcTicks;
            if (placed < _startTicks || placed >= _endTicks || record.Step is not { } step)
            {
                return;
            }

            if (!targets.TryGetValue(step, out var sla))
            {
                // A step with no target (or not declared) cannot be met or missed: left out, and counted.
                _skipped++;
                return;
            }

            var tally = Tally(step);
            tally.Listed++;
            if (record.EndedAt - record.StartedAt > (sla.Time ?? TimeSpan.MaxValue) || (sla.Quality is not null && !string.Equals(record.Outcome, sla.Quality, StringComparison.Ordinal)))
            {
                tally.ListedMissed++;
                tally.Missed.Add(record.Id);
            }
        }

        public override void Add(WorkflowRunCount record)
        {
            if (!string.Equals(record.Workflow, request.Workflow, StringComparison.Ordinal) || record.Step is not { } step)
            {
                return;
            }

            if (_byStart)
            {
                // As for one step: a count holds its runs by their end. Steps with no target are not looked at.
                if (targets.ContainsKey(step) && Overlaps(record, _startTicks, _endTicks))
                {
                    _countedByEnd.Add(record.Key);
                }

                return;
            }

            if (record.PeriodStart.UtcTicks < _startTicks || record.PeriodEnd.UtcTicks > _endTicks)
            {
                return;
            }

            if (!targets.TryGetValue(step, out var sla))
            {
                _skipped++;
                return;
            }

            if (record.Within != sla.Time || !string.Equals(record.Outcome, sla.Quality, StringComparison.Ordinal))
            {
                _mismatched.Add(record.Key);
                return;
            }

            var tally = Tally(step);
            tally.Periods++;
            tally.CountedTotal += record.Total;
            tally.CountedMet += record.Met;
            if (record.Met < record.Total)
            {
                tally.Missed.Add(record.Key);
            }
        }

        public override MetricValue Complete()
        {
            var name = MetricText.Scope("SlaAttainment", request.Workflow, "all-steps", request.Placement.RunTag());
            var what = $"{request.Workflow} step runs";
            if (_countedByEnd.Count > 0)
            {
                return MetricValue.Insufficient(name, QuantityKind.Percentage, CountedByEndText(_countedByEnd, what, request.Window));
            }

            if (_mismatched.Count > 0)
            {
                return MetricValue.Insufficient(name, QuantityKind.Percentage, $"{_mismatched.Count} workflow-run-counts period(s) of {what} were counted against other targets than their step's, such as {_mismatched.Order(StringComparer.Ordinal).First()}: collect them with each step's SLA time and quality target");
            }

            var both = _steps.Where(s => s.Value.Listed > 0 && s.Value.Periods > 0).Select(s => s.Key).ToList();
            if (both.Count > 0)
            {
                return MetricValue.Insufficient(name, QuantityKind.Percentage, $"runs of {request.Workflow}/{both[0]} in {request.Window.Describe()} are both listed (workflow-runs) and counted (workflow-run-counts); supply one form per workflow and step, or the same runs would be counted twice");
            }

            long total = _steps.Values.Sum(s => s.Total);
            var notes = _skipped > 0 || untargeted.Count > 0
                ? $"; {_skipped} run(s) of steps with no SLA target not counted{(untargeted.Count > 0 ? $" ({string.Join(", ", untargeted)} declare none)" : string.Empty)}"
                : string.Empty;
            if (total == 0)
            {
                return MetricValue.Insufficient(name, QuantityKind.Percentage, $"no {what} {request.Placement.RunVerb()} in {request.Window.Describe()}{notes}");
            }

            long met = _steps.Values.Sum(s => s.Met);
            var share = (double)met / total;
            var lines = string.Join("; ", _steps.Select(s => $"{s.Key} {s.Value.Met}/{s.Value.Total} against {Targets(targets[s.Key])}"));
            return MetricValue.Of(name, QuantityKind.Percentage, share, $"{UnitFormat.Percentage(share)} of {MetricText.Count(total)} {what} (runs x steps, each against its own step's targets) {StartedIn(request.Placement)}{request.Window.Describe()} met their targets ({met}/{total}): {lines}{notes}")
                with
            {
                Numerator = met,
                Denominator = total,
                SampleSize = total,
                FailingRecords = MetricText.Sample(_steps.Values.SelectMany(s => s.Missed)),
            };
        }

        private static string Targets(SlaTarget sla) =>
            string.Join(" and ", new[] { sla.Time is { } t ? "within " + UnitFormat.Duration(t) : null, sla.Quality }.Where(x => x is not null));

        private StepTally Tally(string step)
        {
            if (!_steps.TryGetValue(step, out var tally))
            {
                tally = new StepTally();
                _steps.Add(step, tally);
            }

            return tally;
        }

        /// <summary>One step's runs: listed or counted.</summary>
        private sealed class StepTally
        {
            public List<string> Missed { get; } = [];

            public long Listed { get; set; }

            /// <summary>Gets or sets how many listed runs missed (the ids in <see cref="Missed"/> may be only a sample of them).</summary>
            public long ListedMissed { get; set; }

            public int Periods { get; set; }

            public long CountedTotal { get; set; }

            public long CountedMet { get; set; }

            public long Total => Listed + CountedTotal;

            public long Met => Periods > 0 ? CountedMet : Listed - ListedMissed;
        }
    }

    /// <summary>Whether a counted period overlaps the window <c>[start, end)</c>: it may hold runs that started in it.</summary>
    private static bool Overlaps(WorkflowRunCount record, long startTicks, long endTicks) =>
        record.PeriodStart.UtcTicks < endTicks && record.PeriodEnd.UtcTicks > startTicks;

    /// <summary>"started in " before the window when runs are placed by their start; "in " for the default, so its text is unchanged.</summary>
    private static string StartedIn(WindowPlacement placement) => placement == WindowPlacement.Start ? "started in " : "in ";

    /// <summary>Why counted runs cannot be placed by their start, and what to do.</summary>
    private static string CountedByEndText(List<string> periods, string what, Window window) =>
        $"{periods.Count} workflow-run-counts period(s) of {what} overlap {window.Describe()}, such as {periods.Order(StringComparer.Ordinal).First()}, and a count holds runs by their end, not their start: list the runs (workflow-runs) to place them by their start, or place them by their end (the default)";
}
