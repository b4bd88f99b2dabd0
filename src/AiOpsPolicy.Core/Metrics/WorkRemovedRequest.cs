// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using System.Collections.Immutable;
using System.Globalization;
using AiOpsPolicy.Core.Evaluation;
using AiOpsPolicy.Core.Evidence;
using AiOpsPolicy.Core.Units;

namespace AiOpsPolicy.Core.Metrics;

/// <summary>
/// Metric 8, work removed in hours per month, from the workflow's latest case-effort measurement
/// (by measuredAt; on a tie, the one loaded last): (minutes before - (minutes after + minutes of the
/// steps the AI added)) x cases per month / 60. Negative when the AI added more work than it removed.
/// </summary>
/// <param name="Workflow">The workflow's name.</param>
internal sealed record WorkRemovedRequest(string Workflow) : MetricRequest
{
    public override ImmutableArray<EvidenceKind> Kinds => KindsRead;

    // Static, so that it takes no part in the record's equality: requests compare by their arguments.
    private static readonly ImmutableArray<EvidenceKind> KindsRead = [EvidenceKind.CaseEffort];

    public override MetricAggregator CreateAggregator(MetricContext context) => new Aggregator(this, context.Now);

    private sealed class Aggregator(WorkRemovedRequest request, DateTimeOffset now) : MetricAggregator
    {
        private CaseEffort? _latest;
        private int _measurements;

        public override void Add(CaseEffort record)
        {
            // A measurement dated after the evaluation time did not exist yet at that time.
            if (!string.Equals(record.Workflow, request.Workflow, StringComparison.Ordinal) || record.MeasuredAt > now)
            {
                return;
            }

            _measurements++;
            if (_latest is null || record.MeasuredAt >= _latest.MeasuredAt)
            {
                _latest = record;
            }
        }

        public override MetricValue Complete()
        {
            var name = MetricText.Scope("WorkRemoved", request.Workflow);
            if (_latest is not { } effort)
            {
                return MetricValue.Insufficient(name, QuantityKind.Number, $"no case-effort measurement recorded for {request.Workflow}");
            }

            var added = effort.AddedSteps.Sum(s => s.Minutes);
            var hours = (effort.MinutesBefore - (effort.MinutesAfter + added)) * effort.MonthlyVolume / 60.0;
            var after = effort.AddedSteps.IsEmpty
                ? Number(effort.MinutesAfter)
                : $"({Number(effort.MinutesAfter)} + {Number(added)} added: {string.Join(", ", effort.AddedSteps.Select(s => $"{s.Name} {Number(s.Minutes)}"))})";
            var older = _measurements > 1 ? $"; {_measurements - 1} older measurement(s) not used" : string.Empty;
            return MetricValue.Of(name, QuantityKind.Number, hours, $"({Number(effort.MinutesBefore)} - {after}) min x {Number(effort.MonthlyVolume)} cases / 60 = {Number(hours)} h/month, measured {effort.MeasuredAt.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}{older}")
                with
            {
                SampleSize = 1,
                FailingRecords = hours < 0 ? [effort.Key] : [],
            };
        }

        private static string Number(double value) => value.ToString("#,0.##", CultureInfo.InvariantCulture);
    }
}
