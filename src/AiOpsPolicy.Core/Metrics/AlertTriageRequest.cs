// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using System.Collections.Immutable;
using AiOpsPolicy.Core.Evidence;
using AiOpsPolicy.Core.Units;

namespace AiOpsPolicy.Core.Metrics;

/// <summary>
/// Metric 12, alert triage: the share of drift and bias alerts raised in the window that were triaged
/// within an SLA (triaged at most <see cref="Sla"/> after being raised). An untriaged alert whose SLA
/// has run out by the evaluation time missed; one whose SLA is still running is pending, left out of
/// the share and counted in the explanation.
/// </summary>
/// <param name="Sla">How soon an alert must be triaged.</param>
/// <param name="Model">The model's name, or null for every model.</param>
/// <param name="Window">The window alerts must be raised in.</param>
internal sealed record AlertTriageRequest(TimeSpan Sla, string? Model, Window Window) : MetricRequest
{
    public override ImmutableArray<EvidenceKind> Kinds => KindsRead;

    // Static, so that it takes no part in the record's equality: requests compare by their arguments.
    private static readonly ImmutableArray<EvidenceKind> KindsRead = [EvidenceKind.Alerts];

    public override MetricAggregator CreateAggregator(MetricContext context)
    {
        var (start, end) = context.Resolve(Window);
        return new Aggregator(this, context.Now, start, end);
    }

    private sealed class Aggregator(AlertTriageRequest request, DateTimeOffset now, DateTimeOffset start, DateTimeOffset end) : MetricAggregator
    {
        private readonly List<string> _missed = [];
        private int _within;
        private int _pending;
        private int _untriaged;

        public override void Add(MonitoringAlert record)
        {
            if ((request.Model is not null && !string.Equals(record.Model, request.Model, StringComparison.Ordinal)) || record.RaisedAt < start || record.RaisedAt >= end)
            {
                return;
            }

            if (record.TriagedAt is { } triaged)
            {
                if (triaged - record.RaisedAt <= request.Sla)
                {
                    _within++;
                }
                else
                {
                    _missed.Add(record.Id);
                }
            }
            else if (record.RaisedAt + request.Sla <= now)
            {
                _untriaged++;
                _missed.Add(record.Id);
            }
            else
            {
                _pending++;
            }
        }

        public override MetricValue Complete()
        {
            var sla = UnitFormat.Duration(request.Sla);
            var name = MetricText.Scope("AlertsTriagedWithin", sla, request.Model);
            var what = request.Model is null ? "alerts" : $"{request.Model} alerts";
            var pending = _pending > 0 ? $"; {_pending} not yet triaged and still within the SLA (not counted)" : string.Empty;
            var total = _within + _missed.Count;
            if (total == 0)
            {
                return MetricValue.Insufficient(name, QuantityKind.Percentage, $"no {what} raised in {request.Window.Describe()} whose triage within {sla} can be decided yet{pending}");
            }

            var share = (double)_within / total;
            var untriaged = _untriaged > 0 ? $"; {_untriaged} of the missed never triaged" : string.Empty;
            return MetricValue.Of(name, QuantityKind.Percentage, share, $"{UnitFormat.Percentage(share)} of {MetricText.Count(total)} {what} raised in {request.Window.Describe()} were triaged within {sla} ({_within}/{total}){untriaged}{pending}")
                with
            {
                Numerator = _within,
                Denominator = total,
                SampleSize = total,
                FailingRecords = MetricText.Sample(_missed),
            };
        }
    }
}
