// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using System.Collections.Immutable;
using AiOpsPolicy.Core.Evidence;
using AiOpsPolicy.Core.Units;

namespace AiOpsPolicy.Core.Metrics;

/// <summary>
/// Metric 2, incident rate: incidents detected in the window that required a change to the model,
/// data pipeline, prompt or workflow logic, per 1,000 transactions whose period started in the window.
/// </summary>
/// <param name="Workflow">The workflow's name, or null for every workflow.</param>
/// <param name="Window">The window.</param>
internal sealed record IncidentRateRequest(string? Workflow, Window Window) : MetricRequest
{
    /// <summary>The causes a change of ours can fix; vendor outages and "other" are not counted.</summary>
    public static readonly ImmutableArray<IncidentCause> ChangeCauses = [IncidentCause.Model, IncidentCause.DataPipeline, IncidentCause.Prompt, IncidentCause.WorkflowLogic];

    public override ImmutableArray<EvidenceKind> Kinds => KindsRead;

    // Static, so that it takes no part in the record's equality: requests compare by their arguments.
    private static readonly ImmutableArray<EvidenceKind> KindsRead = [EvidenceKind.Incidents, EvidenceKind.Transactions];

    public override MetricAggregator CreateAggregator(MetricContext context)
    {
        var (start, end) = context.Resolve(Window);
        return new Aggregator(this, start, end);
    }

    private sealed class Aggregator(IncidentRateRequest request, DateTimeOffset start, DateTimeOffset end) : MetricAggregator
    {
        private readonly List<string> _counted = [];
        private long _transactions;

        public override void Add(Incident record)
        {
            if ((request.Workflow is null || record.Workflow == request.Workflow) && record.DetectedAt >= start && record.DetectedAt < end
                && record.RequiredChange && ChangeCauses.Contains(record.Cause))
            {
                _counted.Add(record.Id);
            }
        }

        public override void Add(TransactionVolume record)
        {
            if ((request.Workflow is null || record.Workflow == request.Workflow) && record.PeriodStart >= start && record.PeriodStart < end)
            {
                _transactions += record.Count;
            }
        }

        public override MetricValue Complete()
        {
            var name = MetricText.Scope("IncidentRate", request.Workflow);
            var scope = request.Workflow ?? "all workflows";
            if (_transactions == 0)
            {
                return MetricValue.Insufficient(name, QuantityKind.Number, $"no {scope} transactions recorded in {request.Window.Describe()}, so no rate per 1,000 can be computed");
            }

            var rate = _counted.Count * 1000.0 / _transactions;
            return MetricValue.Of(name, QuantityKind.Number, rate, $"{UnitFormat.Number(rate)} incidents per 1,000 transactions: {_counted.Count} change-requiring incident(s) over {MetricText.Count(_transactions)} {scope} transactions in {request.Window.Describe()}")
                with
            {
                Numerator = _counted.Count,
                Denominator = _transactions,
                SampleSize = _counted.Count,
                FailingRecords = MetricText.Sample(_counted),
            };
        }
    }
}
