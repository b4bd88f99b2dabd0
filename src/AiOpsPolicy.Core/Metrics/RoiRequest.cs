// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using System.Collections.Immutable;
using AiOpsPolicy.Core.Evidence;
using AiOpsPolicy.Core.Units;

namespace AiOpsPolicy.Core.Metrics;

/// <summary>
/// Metric 7, ROI: (benefits - costs) / costs over the value lines whose period started in the window,
/// as a fraction (1.5 is 150%; negative when costs exceed benefits). The assumptions of every line
/// counted are listed with the value. Lines in different currencies are an error unless the policy set declares a base
/// currency and dated rates (<c>spec.currency</c>); then each line is converted at the rate in force on its period's
/// start, a line with no rate in force is an error, and the explanation names the rates used.
/// </summary>
/// <param name="Workflow">The workflow's name, or null for every workflow.</param>
/// <param name="Window">The window value-line periods must start in.</param>
internal sealed record RoiRequest(string? Workflow, Window Window) : MetricRequest
{
    public override ImmutableArray<EvidenceKind> Kinds => KindsRead;

    // Static, so that it takes no part in the record's equality: requests compare by their arguments.
    private static readonly ImmutableArray<EvidenceKind> KindsRead = [EvidenceKind.ValueLines];

    public override MetricAggregator CreateAggregator(MetricContext context)
    {
        var (start, end) = context.Resolve(Window);
        return new Aggregator(this, start, end, new MoneyConverter(context.Policies.Currency, "ROI is"));
    }

    private sealed class Aggregator(RoiRequest request, DateTimeOffset start, DateTimeOffset end, MoneyConverter money) : MetricAggregator
    {
        private readonly SortedSet<string> _assumptions = new(StringComparer.Ordinal);
        private double _benefits;
        private double _costs;
        private int _lines;

        public override void Add(ValueLine record)
        {
            if ((request.Workflow is not null && record.Workflow != request.Workflow) || record.PeriodStart < start || record.PeriodStart >= end)
            {
                return;
            }

            _lines++;
            var amount = money.Convert(record.Amount, record.Currency, record.PeriodStart, record.Key);
            if (record.Type == ValueLineType.Benefit)
            {
                _benefits += amount;
            }
            else
            {
                _costs += amount;
            }

            foreach (var (key, value) in record.Assumptions)
            {
                _assumptions.Add($"{record.Id}: {key}={value}");
            }
        }

        public override MetricValue Complete()
        {
            var name = MetricText.Scope("Roi", request.Workflow);
            var scope = request.Workflow ?? "all workflows";
            money.ThrowIfUnconvertible($"{scope} value lines in {request.Window.Describe()}");

            if (_costs == 0)
            {
                return MetricValue.Insufficient(name, QuantityKind.Percentage, $"no costs recorded for {scope} in {request.Window.Describe()} ({_lines} value line(s)), so ROI is undefined");
            }

            if (_costs < 0)
            {
                return MetricValue.Insufficient(name, QuantityKind.Percentage, $"the costs recorded for {scope} in {request.Window.Describe()} total {Money(_costs)}, below zero, so ROI is undefined");
            }

            var roi = (_benefits - _costs) / _costs;
            return MetricValue.Of(name, QuantityKind.Percentage, roi, $"ROI {UnitFormat.Percentage(roi)} for {scope} in {request.Window.Describe()}: (benefits {Money(_benefits)} - costs {Money(_costs)}) / costs {Money(_costs)} over {_lines} value line(s), {_assumptions.Count} stated assumption(s){money.Note()}")
                with
            {
                Numerator = _benefits - _costs,
                Denominator = _costs,
                SampleSize = _lines,
                Assumptions = [.. _assumptions],
            };
        }

        private string Money(double amount) => money.Format(amount);
    }
}
