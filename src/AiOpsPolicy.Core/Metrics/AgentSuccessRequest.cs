// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using System.Collections.Immutable;
using AiOpsPolicy.Core.Evidence;
using AiOpsPolicy.Core.Units;

namespace AiOpsPolicy.Core.Metrics;

/// <summary>
/// Metric 15, multi-agent workflow success: the share of runs completed in the window whose outcome
/// was correct with no human stepping in. Failures are split into wrong outcomes (not correct, with or
/// without a human) and human rescues (correct, but only because a human stepped in). Placed by their start, runs
/// are counted when they started in the window; runs whose record has no start are left out and counted.
/// </summary>
/// <param name="Workflow">The workflow's name, or null for every workflow.</param>
/// <param name="Window">The window runs are placed in.</param>
/// <param name="Placement">Which instant of a run places it in the window: its completion (the default) or its start.</param>
internal sealed record AgentSuccessRequest(string? Workflow, Window Window, WindowPlacement Placement = WindowPlacement.End) : MetricRequest
{
    public override ImmutableArray<EvidenceKind> Kinds => KindsRead;

    // Static, so that it takes no part in the record's equality: requests compare by their arguments.
    private static readonly ImmutableArray<EvidenceKind> KindsRead = [EvidenceKind.AgentRuns];

    public override MetricAggregator CreateAggregator(MetricContext context)
    {
        var (start, end) = context.Resolve(Window);
        return new Aggregator(this, start, end);
    }

    private sealed class Aggregator(AgentSuccessRequest request, DateTimeOffset start, DateTimeOffset end) : MetricAggregator
    {
        /// <summary>The failed runs' ids: every one when walked, the smallest five of each tally when counted by a query engine.</summary>
        private readonly List<string> _failed = [];
        private long _total;
        private long _wrong;
        private long _rescued;
        private long _noStart;

        /// <summary>Gets the runs read, as a query engine counts them (agent runs kept in DuckDB): the same placement and filter.</summary>
        public override IReadOnlyList<AgentCriterion> AgentCriteria { get; } =
            [new AgentCriterion(request.Workflow, start.UtcTicks, end.UtcTicks, request.Placement == WindowPlacement.Start)];

        /// <summary>The runs a query engine counted: the same totals, and the smallest failed ids for the sample.</summary>
        public override void Add(IReadOnlyList<AgentTally> tallies)
        {
            var tally = tallies[0];
            _total += tally.Listed;
            _wrong += tally.Wrong;
            _rescued += tally.Rescued;
            _noStart += tally.NoStart;
            _failed.AddRange(tally.FailedSample);
        }

        public override void Add(AgentRun record)
        {
            if (request.Workflow is not null && !string.Equals(record.Workflow, request.Workflow, StringComparison.Ordinal))
            {
                return;
            }

            var placed = record.CompletedAt;
            if (request.Placement == WindowPlacement.Start)
            {
                if (record.StartedAt is not { } started)
                {
                    // It cannot be placed by a start it does not have. Counted only when it completed in the window,
                    // so that the note is about runs near it, not every run ever recorded.
                    _noStart += record.CompletedAt >= start && record.CompletedAt < end ? 1 : 0;
                    return;
                }

                placed = started;
            }

            if (placed < start || placed >= end)
            {
                return;
            }

            _total++;
            if (!record.Correct)
            {
                _wrong++;
                _failed.Add(record.Id);
            }
            else if (record.HumanIntervened)
            {
                _rescued++;
                _failed.Add(record.Id);
            }
        }

        public override MetricValue Complete()
        {
            var name = MetricText.Scope("AgentSuccess", request.Workflow, request.Placement.RunTag());
            var what = request.Workflow is null ? "agent runs" : $"{request.Workflow} agent runs";
            var placed = request.Placement == WindowPlacement.Start ? "started" : "completed";
            var note = _noStart > 0 ? $"; {_noStart} run(s) completed in the window with no startedAt (not counted)" : string.Empty;
            if (_total == 0)
            {
                return MetricValue.Insufficient(name, QuantityKind.Percentage, $"no {what} {placed} in {request.Window.Describe()}{note}");
            }

            var succeeded = _total - _wrong - _rescued;
            var share = (double)succeeded / _total;
            return MetricValue.Of(name, QuantityKind.Percentage, share, $"{UnitFormat.Percentage(share)} of {MetricText.Count(_total)} {what} {placed} in {request.Window.Describe()} were correct with no human rescue ({succeeded}/{_total}); failures: {_wrong} wrong outcome(s), {_rescued} human rescue(s){note}")
                with
            {
                Numerator = succeeded,
                Denominator = _total,
                SampleSize = _total,
                FailingRecords = MetricText.Sample(_failed),
            };
        }
    }
}
