// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using System.Collections.Immutable;
using System.Globalization;
using AiOpsPolicy.Core.Evidence;
using AiOpsPolicy.Core.Units;

namespace AiOpsPolicy.Core.Metrics;

/// <summary>
/// Metric 8, work removed in hours per month, from the workflow's latest case-effort measurement
/// (by measuredAt; on a tie, the one loaded last): (minutes before - (minutes after + minutes of the
/// steps the AI added)) x cases per month / 60. Negative when the AI added more work than it removed.
/// With no workflow, the total over every workflow, each from its own latest measurement.
/// </summary>
/// <param name="Workflow">The workflow's name, or null for the total over every workflow.</param>
internal sealed record WorkRemovedRequest(string? Workflow) : MetricRequest
{
    public override ImmutableArray<EvidenceKind> Kinds => KindsRead;

    // Static, so that it takes no part in the record's equality: requests compare by their arguments.
    private static readonly ImmutableArray<EvidenceKind> KindsRead = [EvidenceKind.CaseEffort];

    public override MetricAggregator CreateAggregator(MetricContext context) => new Aggregator(this, context.Now);

    private sealed class Aggregator(WorkRemovedRequest request, DateTimeOffset now) : MetricAggregator
    {
        // Per workflow: the latest measurement and how many there were. Sorted, so the lines read the same every run.
        private readonly SortedDictionary<string, (CaseEffort Latest, int Measurements)> _latest = new(StringComparer.Ordinal);

        public override void Add(CaseEffort record)
        {
            // A measurement dated after the evaluation time did not exist yet at that time.
            if ((request.Workflow is not null && !string.Equals(record.Workflow, request.Workflow, StringComparison.Ordinal)) || record.MeasuredAt > now)
            {
                return;
            }

            if (_latest.TryGetValue(record.Workflow, out var seen))
            {
                _latest[record.Workflow] = (record.MeasuredAt >= seen.Latest.MeasuredAt ? record : seen.Latest, seen.Measurements + 1);
            }
            else
            {
                _latest.Add(record.Workflow, (record, 1));
            }
        }

        public override MetricValue Complete()
        {
            var name = MetricText.Scope("WorkRemoved", request.Workflow);
            if (_latest.Count == 0)
            {
                return MetricValue.Insufficient(name, QuantityKind.Number, $"no case-effort measurement recorded for {request.Workflow ?? "any workflow"}");
            }

            var total = 0.0;
            var lines = new List<string>();
            var failing = new List<string>();
            foreach (var (workflow, (effort, measurements)) in _latest)
            {
                var (hours, line) = Line(effort, measurements);
                total += hours;
                lines.Add(request.Workflow is null ? $"{workflow}: {line}" : line);
                if (hours < 0)
                {
                    failing.Add(effort.Key);
                }
            }

            var text = request.Workflow is not null
                ? lines[0]
                : $"{Number(total)} h/month over {_latest.Count} workflow(s): {string.Join("; ", lines)}";
            return MetricValue.Of(name, QuantityKind.Number, total, text)
                with
            {
                SampleSize = _latest.Count,
                FailingRecords = MetricText.Sample(failing),
            };
        }

        private static (double Hours, string Line) Line(CaseEffort effort, int measurements)
        {
            var added = effort.AddedSteps.Sum(s => s.Minutes);
            var hours = (effort.MinutesBefore - (effort.MinutesAfter + added)) * effort.MonthlyVolume / 60.0;
            var after = effort.AddedSteps.IsEmpty
                ? Number(effort.MinutesAfter)
                : $"({Number(effort.MinutesAfter)} + {Number(added)} added: {string.Join(", ", effort.AddedSteps.Select(s => $"{s.Name} {Number(s.Minutes)}"))})";
            var older = measurements > 1 ? $"; {measurements - 1} older measurement(s) not used" : string.Empty;
            return (hours, $"({Number(effort.MinutesBefore)} - {after}) min x {Number(effort.MonthlyVolume)} cases / 60 = {Number(hours)} h/month, measured {effort.MeasuredAt.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}{older}");
        }

        private static string Number(double value) => value.ToString("#,0.##", CultureInfo.InvariantCulture);
    }
}
