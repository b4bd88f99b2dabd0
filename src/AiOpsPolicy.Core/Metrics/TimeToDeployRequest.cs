// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using System.Collections.Immutable;
using AiOpsPolicy.Core.Evaluation;
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
internal sealed record TimeToDeployRequest(Window Window, Aggregation Aggregation, TimeSpan SafetyWindow, ChangeType? Type) : MetricRequest
{
    public override ImmutableArray<EvidenceKind> Kinds => KindsRead;

    // Static, so that it takes no part in the record's equality: requests compare by their arguments.
    private static readonly ImmutableArray<EvidenceKind> KindsRead = [EvidenceKind.Changes];

    public override MetricAggregator CreateAggregator(MetricContext context)
    {
        var (start, end) = context.Resolve(Window);
        return new Aggregator(this, context.Now, start, end);
    }

    private sealed class Aggregator(TimeToDeployRequest request, DateTimeOffset now, DateTimeOffset start, DateTimeOffset end) : MetricAggregator
    {
        private readonly List<(string Id, double Seconds)> _durations = [];
        private int _rolledBack;
        private int _tooRecent;

        public override void Add(Change record)
        {
            if (record.DeployedAt is not { } deployed || deployed < start || deployed >= end || (request.Type is { } type && record.Type != type))
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

            _durations.Add((record.Id, (deployed - record.ApprovedAt).TotalSeconds));
        }

        public override MetricValue Complete()
        {
            var typeWord = request.Type?.ToString().ToLowerInvariant();
            var name = MetricText.Scope("TimeToDeploy", typeWord, request.Aggregation.ToString());
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

            var note = notes.Count > 0 ? "; " + string.Join("; ", notes) : string.Empty;
            if (_durations.Count == 0)
            {
                return MetricValue.Insufficient(name, QuantityKind.Duration, $"no safe {what} deployed in {request.Window.Describe()}{note}");
            }

            var value = request.Aggregation.Apply([.. _durations.Select(d => d.Seconds)]);
            var slowest = _durations.OrderByDescending(d => d.Seconds).ThenBy(d => d.Id, StringComparer.Ordinal).Select(d => d.Id).Take(MetricText.FailingSample);
            return MetricValue.Of(name, QuantityKind.Duration, value, $"{request.Aggregation} {UnitFormat.Duration(TimeSpan.FromSeconds(value))} from approved PR to production over {_durations.Count} safe {what} deployed in {request.Window.Describe()} (safety window {safety}){note}")
                with
            {
                SampleSize = _durations.Count,
                FailingRecords = [.. slowest],
            };
        }
    }
}
