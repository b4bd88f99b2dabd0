// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using System.Collections.Immutable;
using AiOpsPolicy.Core.Evaluation;
using AiOpsPolicy.Core.Evidence;
using AiOpsPolicy.Core.Units;

namespace AiOpsPolicy.Core.Metrics;

/// <summary>
/// Metric 13, experiment-to-operations conversion: of the pilots started in the cohort window, the
/// share that became owned production services (in production, monitored, with an on-call owner and a
/// promise to users). Production pilots that miss any of these do not count, and the explanation says
/// what they lack.
/// </summary>
/// <param name="Cohort">The window pilots must have started in.</param>
internal sealed record PilotConversionRequest(Window Cohort) : MetricRequest
{
    public override ImmutableArray<EvidenceKind> Kinds => KindsRead;

    // Static, so that it takes no part in the record's equality: requests compare by their arguments.
    private static readonly ImmutableArray<EvidenceKind> KindsRead = [EvidenceKind.Pilots];

    public override MetricAggregator CreateAggregator(MetricContext context)
    {
        var (start, end) = context.Resolve(Cohort);
        return new Aggregator(this, start, end);
    }

    private sealed class Aggregator(PilotConversionRequest request, DateTimeOffset start, DateTimeOffset end) : MetricAggregator
    {
        private readonly List<string> _notConverted = [];
        private readonly List<(string Id, string Lacks)> _productionNotOwned = [];
        private int _total;

        public override void Add(Pilot record)
        {
            if (record.StartedAt < start || record.StartedAt >= end)
            {
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
            const string name = "PilotConversion";
            if (_total == 0)
            {
                return MetricValue.Insufficient(name, QuantityKind.Percentage, $"no pilot started in {request.Cohort.Describe()}, so there is no cohort to convert");
            }

            var converted = _total - _notConverted.Count;
            var share = (double)converted / _total;
            var text = $"{UnitFormat.Percentage(share)} of {MetricText.Count(_total)} pilots started in {request.Cohort.Describe()} became owned production services ({converted}/{_total})";
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
    }
}
