// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using System.Collections.Immutable;
using AiOpsPolicy.Core.Evaluation;
using AiOpsPolicy.Core.Evidence;
using AiOpsPolicy.Core.Model;
using AiOpsPolicy.Core.Units;

namespace AiOpsPolicy.Core.Metrics;

/// <summary>
/// Metric 1, SLA attainment: the share of runs that ended in the window and met both the time and
/// the quality target of the workflow (whole runs) or of one step (that step's runs). Runs come listed
/// (<c>workflow-runs</c>, one record each) or counted (<c>workflow-run-counts</c>, met and total per
/// period, as a latency histogram gives them); counts are used only when they were taken against the
/// SLA's own targets, and the two forms are never mixed for one workflow and step.
/// </summary>
/// <param name="Workflow">The workflow's name.</param>
/// <param name="Step">The step's name; null for whole runs.</param>
/// <param name="Window">The window runs must end in.</param>
internal sealed record SlaAttainmentRequest(string Workflow, string? Step, Window Window) : MetricRequest
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
        private int _total;
        private long _countedTotal;
        private long _countedMet;
        private int _periods;

        public override (string Workflow, string? Step)? RunScope => (request.Workflow, request.Step);

        /// <summary>Called only with runs of this workflow and step: the metric engine routes them by <see cref="RunScope"/>.</summary>
        public override void Add(WorkflowRun record)
        {
            var ended = record.EndedAt.UtcTicks;
            if (ended < _startTicks || ended >= _endTicks)
            {
                return;
            }

            _total++;
            if (ended - record.StartedAt.UtcTicks > _timeTicks || (_quality is not null && !string.Equals(record.Outcome, _quality, StringComparison.Ordinal)))
            {
                _missed.Add(record.Id);
            }
        }

        /// <summary>
        /// A period of counted runs: used when it lies wholly in the window (a period that straddles an edge
        /// cannot be split) and was counted against this SLA's targets.
        /// </summary>
        public override void Add(WorkflowRunCount record)
        {
            if (!string.Equals(record.Workflow, request.Workflow, StringComparison.Ordinal) || !string.Equals(record.Step, request.Step, StringComparison.Ordinal)
                || record.PeriodStart.UtcTicks < _startTicks || record.PeriodEnd.UtcTicks > _endTicks)
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
            var name = MetricText.Scope("SlaAttainment", request.Workflow, request.Step);
            var what = request.Step is null ? $"{request.Workflow} runs" : $"{request.Workflow}/{request.Step} runs";
            var targets = string.Join(" and ", new[] { _time is { } t ? "within " + UnitFormat.Duration(t) : null, _quality }.Where(x => x is not null));
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
                return MetricValue.Insufficient(name, QuantityKind.Percentage, $"no {what} ended in {request.Window.Describe()}");
            }

            var met = _periods > 0 ? _countedMet : _total - _missed.Count;
            var share = (double)met / total;
            var counted = _periods > 0 ? $", counted over {MetricText.Count(_periods)} period(s)" : string.Empty;
            return MetricValue.Of(name, QuantityKind.Percentage, share, $"{UnitFormat.Percentage(share)} of {MetricText.Count(total)} {what} in {request.Window.Describe()} met {targets} ({met}/{total}){counted}")
                with
            {
                Numerator = met,
                Denominator = total,
                SampleSize = total,
                FailingRecords = MetricText.Sample(_missed),
            };
        }
    }
}
