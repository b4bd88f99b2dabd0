// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using System.Collections.Immutable;
using AiOpsPolicy.Core.Evidence;
using AiOpsPolicy.Core.Units;

namespace AiOpsPolicy.Core.Metrics;

/// <summary>
/// Metric 13, experiment-to-operations conversion: of the pilots started in the cohort window, the
/// share that became owned production services (in production, monitored, with an on-call owner and a
/// promise to users). Production pilots that miss any of these do not count, and the explanation says
/// what they lack. With a lag the cohort window ends that long before the evaluation time, so pilots too young to
/// have converted yet are left out (and counted in the explanation) instead of counting as not converted.
/// </summary>
/// <param name="Cohort">The window pilots must have started in.</param>
/// <param name="Lag">How long before the evaluation time the cohort window ends (zero by default: it ends then).</param>
internal sealed record PilotConversionRequest(Window Cohort, TimeSpan Lag = default) : MetricRequest
{
    public override ImmutableArray<EvidenceKind> Kinds => KindsRead;

    // Static, so that it takes no part in the record's equality: requests compare by their arguments.
    private static readonly ImmutableArray<EvidenceKind> KindsRead = [EvidenceKind.Pilots];

    public override MetricAggregator CreateAggregator(MetricContext context)
    {
        if (Lag < TimeSpan.Zero)
        {
            throw new ArgumentException($"the cohort lag is {UnitFormat.Duration(Lag)}, below zero: a cohort cannot end after the evaluation time; give a lag of zero or more");
        }

        // [asOf - lag - cohort, asOf - lag): the cohort window, moved back by the lag.
        var (start, end) = Cohort.Resolve(context.Now - Lag);
        return new Aggregator(this, start, end, context.Now);
    }

    private sealed class Aggregator(PilotConversionRequest request, DateTimeOffset start, DateTimeOffset end, DateTimeOffset now) : MetricAggregator
    {
        private readonly List<string> _notConverted = [];
        private readonly List<(string Id, string Lacks)> _productionNotOwned = [];
        private int _total;
        private int _young;

        public override void Add(Pilot record)
        {
            if (record.StartedAt < start || record.StartedAt >= end)
            {
                if (record.StartedAt >= end && record.StartedAt <= now)
                {
                    _young++;
                }

                return;
            }

            _total++;
            if (record.IsOwnedService)
            {
                return;
            }

            _notConverted.Add(record.Id);
            if (record.Status == PilotStatus.Production)
            {
                var lacks = new List<string>();
                if (!record.Monitoring)
                {
                    lacks.Add("no monitoring");
                }

                if (string.IsNullOrWhiteSpace(record.OnCallOwner))
                {
                    lacks.Add("no on-call owner");
                }

                if (string.IsNullOrWhiteSpace(record.UserPromise))
                {
                    lacks.Add("no user promise");
                }

                _productionNotOwned.Add((record.Id, string.Join(", ", lacks)));
            }
        }

        public override MetricValue Complete()
        {
            var name = request.Lag > TimeSpan.Zero ? MetricText.Scope("PilotConversion", "lag " + UnitFormat.Duration(request.Lag)) : "PilotConversion";
            var cohort = request.Lag > TimeSpan.Zero ? $"{Describe(request.Cohort)} ending {UnitFormat.Duration(request.Lag + (request.Cohort.Length * request.Cohort.PeriodsBack))} before the evaluation time" : request.Cohort.Describe();
            var young = request.Lag > TimeSpan.Zero ? $"; {_young} pilot(s) started since, within the {UnitFormat.Duration(request.Lag)} lag, are too young to count" : string.Empty;
            if (_total == 0)
            {
                return MetricValue.Insufficient(name, QuantityKind.Percentage, $"no pilot started in {cohort}, so there is no cohort to convert{young}");
            }

            var converted = _total - _notConverted.Count;
            var share = (double)converted / _total;
            var text = $"{UnitFormat.Percentage(share)} of {MetricText.Count(_total)} pilots started in {cohort} became owned production services ({converted}/{_total}){young}";
            if (_productionNotOwned.Count > 0)
            {
                var shown = _productionNotOwned.OrderBy(p => p.Id, StringComparer.Ordinal).Take(MetricText.FailingSample).Select(p => $"{p.Id} ({p.Lacks})");
                var more = _productionNotOwned.Count > MetricText.FailingSample ? $" and {_productionNotOwned.Count - MetricText.FailingSample} more" : string.Empty;
                text += $"; in production but not counted: {string.Join(", ", shown)}{more}";
            }

            return MetricValue.Of(name, QuantityKind.Percentage, share, text)
                with
            {
                Numerator = converted,
                Denominator = _total,
                SampleSize = _total,
                FailingRecords = MetricText.Sample(_notConverted),
            };
        }

        private static string Describe(Window cohort) => "the " + UnitFormat.Duration(cohort.Length);
    }
}
