// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using System.Collections.Immutable;
using AiOpsPolicy.Core.Evidence;
using AiOpsPolicy.Core.Units;

namespace AiOpsPolicy.Core.Metrics;

/// <summary>Which part of an incident's recovery is measured.</summary>
public enum RecoveryPhase
{
    /// <summary>Detection to recovery: time to recover (MTTR).</summary>
    Recover,

    /// <summary>Detection to diagnosis: time to diagnose.</summary>
    Diagnose,

    /// <summary>Diagnosis to recovery: time to fix.</summary>
    Fix,
}

/// <summary>
/// Metric 3, time to recover and its two parts, over incidents detected in the window. Open
/// incidents (not recovered) are left out and counted in the explanation; for the split, so are
/// incidents with no diagnosis time.
/// </summary>
/// <param name="Workflow">The workflow's name, or null for every workflow.</param>
/// <param name="Window">The window incidents must be detected in.</param>
/// <param name="Aggregation">How the durations are summarised.</param>
/// <param name="Phase">Which part is measured.</param>
/// <param name="Rounding">How each duration is rounded (none by default).</param>
/// <param name="Placement">Which instant places an incident in the window: its detection (the default) or its recovery.</param>
internal sealed record RecoveryTimeRequest(
    string? Workflow,
    Window Window,
    Aggregation Aggregation,
    RecoveryPhase Phase,
    DurationRounding Rounding = DurationRounding.None,
    WindowPlacement Placement = WindowPlacement.Start) : MetricRequest
{
    public override ImmutableArray<EvidenceKind> Kinds => KindsRead;

    // Static, so that it takes no part in the record's equality: requests compare by their arguments.
    private static readonly ImmutableArray<EvidenceKind> KindsRead = [EvidenceKind.Incidents];

    public override MetricAggregator CreateAggregator(MetricContext context)
    {
        var (start, end) = context.Resolve(Window);
        return new Aggregator(this, start, end);
    }

    private sealed class Aggregator(RecoveryTimeRequest request, DateTimeOffset start, DateTimeOffset end) : MetricAggregator
    {
        private readonly List<(string Id, double Seconds)> _durations = [];
        private int _open;
        private int _undiagnosed;

        public override void Add(Incident record)
        {
            var placedAt = request.Placement == WindowPlacement.End ? record.RecoveredAt : record.DetectedAt;
            if ((request.Workflow is not null && record.Workflow != request.Workflow) || placedAt is not { } at || at < start || at >= end)
            {
                return;
            }

            if (record.RecoveredAt is not { } recovered)
            {
                _open++;
                return;
            }

            TimeSpan? duration = request.Phase switch
            {
                RecoveryPhase.Recover => recovered - record.DetectedAt,
                RecoveryPhase.Diagnose => record.DiagnosedAt - record.DetectedAt,
                _ => recovered - record.DiagnosedAt,
            };
            if (duration is { } d)
            {
                _durations.Add((record.Id, request.Rounding.Round(d.TotalSeconds)));
            }
            else
            {
                _undiagnosed++;
            }
        }

        public override MetricValue Complete()
        {
            var (metric, what) = request.Phase switch
            {
                RecoveryPhase.Recover => ("TimeToRecover", "from detection to recovery"),
                RecoveryPhase.Diagnose => ("TimeToDiagnose", "from detection to diagnosis"),
                _ => ("TimeToFix", "from diagnosis to recovery"),
            };
            var name = MetricText.Scope(metric, request.Workflow, request.Aggregation.ToString(), request.Placement == WindowPlacement.End ? "by-recovery" : null);
            var notes = new List<string>();
            if (_open > 0)
            {
                notes.Add($"{_open} still open (not counted)");
            }

            if (_undiagnosed > 0)
            {
                notes.Add($"{_undiagnosed} with no diagnosis time (not counted)");
            }

            var note = (notes.Count > 0 ? "; " + string.Join("; ", notes) : string.Empty) + request.Rounding.Note();
            var placed = request.Placement == WindowPlacement.End ? "recovered" : "detected";
            if (_durations.Count == 0)
            {
                // The split needs a diagnosis time: say so, rather than "no recovered incident" when
                // TimeToRecover counts the same incidents.
                var counted = request.Phase == RecoveryPhase.Recover ? "recovered incident" : "recovered incident with a diagnosis time";
                return MetricValue.Insufficient(name, QuantityKind.Duration, $"no {counted} {placed} in {request.Window.Describe()}{note}");
            }

            var value = request.Aggregation.Apply([.. _durations.Select(d => d.Seconds)]);
            var slowest = MetricText.Worst(_durations);
            return MetricValue.Of(name, QuantityKind.Duration, value, $"{request.Aggregation} {UnitFormat.Duration(TimeSpan.FromSeconds(value))} {what} over {_durations.Count} incident(s) {(request.Placement == WindowPlacement.End ? "recovered " : string.Empty)}in {request.Window.Describe()}{note}")
                with
            {
                SampleSize = _durations.Count,
                FailingRecords = [.. slowest],
            };
        }
    }
}
