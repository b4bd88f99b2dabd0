// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using System.Collections.Immutable;
using AiOpsPolicy.Core.Evidence;
using AiOpsPolicy.Core.Units;

namespace AiOpsPolicy.Core.Metrics;

/// <summary>
/// Cost savings: the hard-money reduction against the baseline, per category (cloud, vendor, labour). For each
/// category the baseline's cost per day (every baseline line of the workflow, whenever it was) prices the days the
/// current lines cover; the savings are what those days would have cost at the baseline rate minus what they cost.
/// Current lines count when their period started in the window. Labour hours are money at the declared rate. Amounts
/// in more than one currency are an error unless the policy set declares a base currency and dated rates
/// (<c>spec.currency</c>): then every line is converted at the rate in force on its period's start (a line with no rate
/// in force is an error), labour rates are in the base currency, and the explanation names the rates used.
/// </summary>
/// <param name="Workflow">The workflow's name, or null for the total over every workflow (each priced against its own baseline).</param>
/// <param name="Window">The window current lines' periods must start in.</param>
/// <param name="LabourRate">The money one labour hour costs, in the lines' currency (the base currency when one is declared); required when labour lines are read.</param>
internal sealed record CostSavingsRequest(string? Workflow, Window Window, double? LabourRate) : MetricRequest
{
    public override ImmutableArray<EvidenceKind> Kinds => KindsRead;

    // Static, so that it takes no part in the record's equality: requests compare by their arguments.
    private static readonly ImmutableArray<EvidenceKind> KindsRead = [EvidenceKind.Costs];

    public override MetricAggregator CreateAggregator(MetricContext context)
    {
        var (start, end) = context.Resolve(Window);
        return new Aggregator(this, start, end, new MoneyConverter(context.Policies.Currency, "cost savings are"));
    }

    private sealed class Aggregator(CostSavingsRequest request, DateTimeOffset start, DateTimeOffset end, MoneyConverter money) : MetricAggregator
    {
        private readonly SortedSet<string> _assumptions = new(StringComparer.Ordinal);

        // Per (workflow, category): the baseline's money and days, and the current lines with their cost in the base currency.
        private readonly Dictionary<(string Workflow, CostCategory Category), (double Money, double Days)> _baseline = [];
        private readonly List<(CostLine Line, double Cost)> _current = [];
        private int _labourWithoutRate;

        public override void Add(CostLine record)
        {
            if (request.Workflow is not null && record.Workflow != request.Workflow)
            {
                return;
            }

            if (record.Phase == CostPhase.Current && (record.PeriodStart < start || record.PeriodStart >= end))
            {
                return;
            }

            if (record.Hours is not null && request.LabourRate is null)
            {
                _labourWithoutRate++;
                return;
            }

            foreach (var (key, value) in record.Assumptions)
            {
                _assumptions.Add($"{record.Id}: {key}={value}");
            }

            // Labour hours are priced at the labour rate, already in the base currency; amounts are converted at the rate in
            // force on the line's period start.
            var cost = record.Amount is { } amount && record.Currency is { } currency
                ? money.Convert(amount, currency, record.PeriodStart, record.Key)
                : record.Amount ?? (record.Hours!.Value * request.LabourRate!.Value);
            if (record.Phase == CostPhase.Baseline)
            {
                var key = (record.Workflow, record.Category);
                var (total, days) = _baseline.GetValueOrDefault(key);
                _baseline[key] = (total + cost, days + Days(record));
            }
            else
            {
                _current.Add((record, cost));
            }
        }

        public override MetricValue Complete()
        {
            var name = MetricText.Scope("CostSavings", request.Workflow);
            var scope = request.Workflow ?? "all workflows";
            money.ThrowIfUnconvertible($"{scope} cost lines");

            if (_labourWithoutRate > 0)
            {
                return MetricValue.Insufficient(name, QuantityKind.Number, $"{_labourWithoutRate} labour line(s) of {scope} give hours and no labourRate was given to convert them (CostSavings(..., labourRate: 60))");
            }

            // Per category: the current lines priced at their workflow's baseline rate. Summed in a hash table and sorted
            // once, and the lines that cost more kept a few at a time: at 100M runs (half a million current lines) a sorted
            // table updated per line and a sort of every increase took 180 ms of a gate.
            var sums = new Dictionary<CostCategory, (double Baseline, double Current, int Lines)>();
            var unmatched = new HashSet<(string Workflow, CostCategory Category)>();
            var increases = new List<(string Id, double By)>();
            foreach (var (line, cost) in _current)
            {
                var atBaseline = 0.0;
                if (_baseline.TryGetValue((line.Workflow, line.Category), out var baseline) && baseline.Days > 0)
                {
                    atBaseline = baseline.Money / baseline.Days * Days(line);
                }
                else
                {
                    // A cost the baseline did not have (inference for a new AI step) is a cost added: counted against
                    // a baseline of 0, and said so.
                    unmatched.Add((line.Workflow, line.Category));
                }

                var (b, c, n) = sums.GetValueOrDefault(line.Category);
                sums[line.Category] = (b + atBaseline, c + cost, n + 1);
                if (cost > atBaseline)
                {
                    increases.Add((line.Id, cost - atBaseline));
                }
            }

            var categories = new SortedDictionary<CostCategory, (double Baseline, double Current, int Lines)>(sums);
            var noBaseline = new SortedSet<string>(unmatched.Select(u => $"{u.Workflow} {Word(u.Category)}"), StringComparer.Ordinal);

            if (categories.Count == 0)
            {
                return MetricValue.Insufficient(name, QuantityKind.Number, $"no current cost line of {scope} started in {request.Window.Describe()}");
            }

            var baselineTotal = categories.Values.Sum(v => v.Baseline);
            var currentTotal = categories.Values.Sum(v => v.Current);
            var savings = baselineTotal - currentTotal;
            var lines = string.Join("; ", categories.Select(c => $"{Word(c.Key)}: baseline {Format(c.Value.Baseline)}, current {Format(c.Value.Current)}, saved {Format(c.Value.Baseline - c.Value.Current)} ({c.Value.Lines} line(s))"));
            var rate = request.LabourRate is { } r && categories.ContainsKey(CostCategory.Labour) ? $"; labour at {Format(r)}/h" : string.Empty;
            var missing = noBaseline.Count > 0 ? $"; no baseline for {string.Join(", ", noBaseline)} (counted as 0: a cost added)" : string.Empty;
            return MetricValue.Of(name, QuantityKind.Number, savings, $"saved {Format(savings)} for {scope} in {request.Window.Describe()}: the baseline's cost per day over the days the current lines cover, {Format(baselineTotal)}, minus their cost, {Format(currentTotal)} ({lines}){rate}{missing}{money.Note()}")
                with
            {
                Numerator = savings,
                Denominator = baselineTotal,
                SampleSize = _current.Count,
                FailingRecords = MetricText.Worst(increases),
                Assumptions = [.. _assumptions],
            };
        }

        private static double Days(CostLine line) => (line.PeriodEnd - line.PeriodStart).TotalDays;

        private static string Word(CostCategory category) => category switch
        {
            CostCategory.Cloud => "cloud",
            CostCategory.Vendor => "vendor",
            _ => "labour",
        };

        private string Format(double amount) => money.Format(amount);
    }
}
