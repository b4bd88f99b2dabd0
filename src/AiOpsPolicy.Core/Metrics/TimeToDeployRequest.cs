// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using System.Collections.Immutable;
using AiOpsPolicy.Core.Evidence;
using AiOpsPolicy.Core.Units;

namespace AiOpsPolicy.Core.Metrics;

/// <summary>
/// Metric 14, time to deploy a safe change: approved PR to production, over changes deployed in the
/// window that proved safe. A change is safe when it was not rolled back, or was rolled back only after
/// the safety window (deployed at + safety window). Changes rolled back within the safety window are
/// left out; so are changes not rolled back but deployed less than the safety window before the
/// evaluation time, which are not yet known to be safe. Both are counted in the explanation.
/// </summary>
/// <param name="Window">The window changes must be deployed in.</param>
/// <param name="Aggregation">How the durations are summarised.</param>
/// <param name="SafetyWindow">How long a change must stay in production to count as safe.</param>
/// <param name="Type">Only changes of this type, or null for all.</param>
/// <param name="From">Where the lead time starts.</param>
/// <param name="Definition">Elapsed time, or DevLake's sum of non-negative segments.</param>
/// <param name="Rounding">How each duration (each segment, for the sum) is rounded.</param>
/// <param name="Service">Only changes of this service (a declared workflow with its external ids), or null for all.</param>
internal sealed record TimeToDeployRequest(
    Window Window,
    Aggregation Aggregation,
    TimeSpan SafetyWindow,
    ChangeType? Type,
    LeadTimeStart From = LeadTimeStart.Approved,
    LeadTimeDefinition Definition = LeadTimeDefinition.Elapsed,
    DurationRounding Rounding = DurationRounding.None,
    string? Service = null) : MetricRequest
{
    public override ImmutableArray<EvidenceKind> Kinds => KindsRead;

    // Static, so that it takes no part in the record's equality: requests compare by their arguments.
    private static readonly ImmutableArray<EvidenceKind> KindsRead = [EvidenceKind.Changes];

    public override MetricAggregator CreateAggregator(MetricContext context)
    {
        var (start, end) = context.Resolve(Window);
        return new Aggregator(this, context.Now, start, end, ServiceScope.Resolve(Service, context.Policies));
    }

    /// <summary>A point of a change's path to production, in DevLake's order.</summary>
    private static DateTimeOffset? Point(Change change, LeadTimeStart point) => point switch
    {
        LeadTimeStart.FirstCommit => change.FirstCommitAt,
        LeadTimeStart.Opened => change.OpenedAt,
        LeadTimeStart.Merged => change.MergedAt,
        _ => change.ApprovedAt,
    };

    private sealed class Aggregator(TimeToDeployRequest request, DateTimeOffset now, DateTimeOffset start, DateTimeOffset end, ServiceScope scope) : MetricAggregator
    {
        private readonly List<(string Id, double Seconds)> _durations = [];
        private int _rolledBack;
        private int _tooRecent;
        private int _noStart;
        private int _beforeStart;

        public override void Add(Change record)
        {
            if (record.DeployedAt is not { } deployed || deployed < start || deployed >= end || (request.Type is { } type && record.Type != type) || !scope.Contains(record.Service))
            {
                return;
            }

            var safeFrom = deployed + request.SafetyWindow;
            if (record.RolledBack)
            {
                if (record.RolledBackAt is not { } rolledBackAt || rolledBackAt <= safeFrom)
                {
                    _rolledBack++;
                    return;
                }
            }
            else if (safeFrom > now)
            {
                _tooRecent++;
                return;
            }

            if (Measure(record, deployed) is { } seconds)
            {
                _durations.Add((record.Id, seconds));
            }
        }

        /// <summary>The lead time of a deployed change, or null (counted) when it has none.</summary>
        private double? Measure(Change record, DateTimeOffset deployed)
        {
            if (Point(record, request.From) is not { } from)
            {
                _noStart++;
                return null;
            }

            if (request.Definition == LeadTimeDefinition.Elapsed)
            {
                if (deployed < from)
                {
                    _beforeStart++;
                    return null;
                }

                return request.Rounding.Round((deployed - from).TotalSeconds);
            }

            // DevLake's cycle time: the segments from the start point on, each counted when both ends are known
            // and it is not negative, each rounded on its own.
            DateTimeOffset?[] chain = request.From switch
            {
                LeadTimeStart.FirstCommit => [from, record.OpenedAt, record.MergedAt, deployed],
                LeadTimeStart.Opened => [from, record.MergedAt, deployed],
                _ => [from, deployed],
            };
            var sum = 0.0;
            for (var i = 1; i < chain.Length; i++)
            {
                if (chain[i - 1] is { } a && chain[i] is { } b && b >= a)
                {
                    sum += request.Rounding.Round((b - a).TotalSeconds);
                }
            }

            return sum;
        }

        public override MetricValue Complete()
        {
            var typeWord = request.Type?.ToString().ToLowerInvariant();
            var name = MetricText.Scope(
                "TimeToDeploy",
                request.Service,
                typeWord,
                request.From switch { LeadTimeStart.FirstCommit => "from-first-commit", LeadTimeStart.Opened => "from-opened", LeadTimeStart.Merged => "from-merged", _ => null },
                request.Definition == LeadTimeDefinition.SegmentSum ? "cycle-time" : null,
                request.Aggregation.ToString());
            var what = typeWord is null ? "changes" : $"{typeWord} changes";
            var safety = UnitFormat.Duration(request.SafetyWindow);
            var notes = new List<string>();
            if (_rolledBack > 0)
            {
                notes.Add($"{_rolledBack} rolled back within {safety} (not counted)");
            }

            if (_tooRecent > 0)
            {
                notes.Add($"{_tooRecent} deployed less than {safety} ago, not yet known to be safe (not counted)");
            }

            var fromWords = request.From.Words();
            if (_noStart > 0)
            {
                notes.Add($"{_noStart} with no {fromWords} time (not counted)");
            }

            if (_beforeStart > 0)
            {
                notes.Add($"{_beforeStart} deployed before the {fromWords} (not counted)");
            }

            var note = (notes.Count > 0 ? "; " + string.Join("; ", notes) : string.Empty) + request.Rounding.Note();
            if (_durations.Count == 0)
            {
                return MetricValue.Insufficient(name, QuantityKind.Duration, $"no safe {what}{scope.Of()} deployed in {request.Window.Describe()}{note}");
            }

            var value = request.Aggregation.Apply([.. _durations.Select(d => d.Seconds)]);
            var slowest = MetricText.Worst(_durations);
            var measured = request.Definition == LeadTimeDefinition.SegmentSum
                ? $"summed over the non-negative segments from {fromWords} to production (cycle time)"
                : $"from {fromWords} to production";
            return MetricValue.Of(name, QuantityKind.Duration, value, $"{request.Aggregation} {UnitFormat.Duration(TimeSpan.FromSeconds(value))} {measured} over {_durations.Count} safe {what}{scope.Of()} deployed in {request.Window.Describe()} (safety window {safety}){note}")
                with
            {
                SampleSize = _durations.Count,
                FailingRecords = [.. slowest],
            };
        }
    }
}
