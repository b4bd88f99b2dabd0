// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using System.Collections.Immutable;
using AiOpsPolicy.Core.Evaluation;
using AiOpsPolicy.Core.Evidence;
using AiOpsPolicy.Core.Model;
using AiOpsPolicy.Core.Units;

namespace AiOpsPolicy.Core.Metrics;

/// <summary>
/// Metric 1, SLA attainment: the share of runs that ended in the window and met both the time and
/// the quality target of the workflow (whole runs) or of one step (that step's runs).
/// </summary>
/// <param name="Workflow">The workflow's name.</param>
/// <param name="Step">The step's name; null for whole runs.</param>
/// <param name="Window">The window runs must end in.</param>
internal sealed record SlaAttainmentRequest(string Workflow, string? Step, Window Window) : MetricRequest
{
    public override ImmutableArray<EvidenceKind> Kinds => KindsRead;

    // Static, so that it takes no part in the record's equality: requests compare by their arguments.
    private static readonly ImmutableArray<EvidenceKind> KindsRead = [EvidenceKind.WorkflowRuns];

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
        private int _total;

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

        public override MetricValue Complete()
        {
            var name = MetricText.Scope("SlaAttainment", request.Workflow, request.Step);
            var what = request.Step is null ? $"{request.Workflow} runs" : $"{request.Workflow}/{request.Step} runs";
            if (_total == 0)
            {
                return MetricValue.Insufficient(name, QuantityKind.Percentage, $"no {what} ended in {request.Window.Describe()}");
            }

            var met = _total - _missed.Count;
            var share = (double)met / _total;
            var targets = string.Join(" and ", new[] { _time is { } t ? "within " + UnitFormat.Duration(t) : null, _quality }.Where(x => x is not null));
            return MetricValue.Of(name, QuantityKind.Percentage, share, $"{UnitFormat.Percentage(share)} of {MetricText.Count(_total)} {what} in {request.Window.Describe()} met {targets} ({met}/{_total})")
                with
            {
                Numerator = met,
                Denominator = _total,
                SampleSize = _total,
                FailingRecords = MetricText.Sample(_missed),
            };
        }
    }
}
