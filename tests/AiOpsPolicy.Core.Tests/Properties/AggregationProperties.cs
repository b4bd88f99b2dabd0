// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using AiOpsPolicy.Core.Metrics;

namespace AiOpsPolicy.Core.Tests.Properties;

/// <summary>
/// Nearest-rank aggregation. Values are whole numbers (as durations in whole seconds are), so a mean
/// is computed without rounding surprises and the properties state exact relations.
/// </summary>
public sealed class AggregationProperties
{
    private static readonly Gen<List<double>> Values =
        Gen.NonEmptyListOf(Gen.Choose(-100_000, 100_000)).Select(list => list.Select(v => (double)v).ToList());

    private static readonly Gen<double> Percent = Gen.Choose(1, 1000).Select(tenths => tenths / 10.0);

    [Property(MaxTest = 50)]
    public Property Percentile_WhenApplied_ShouldBeOneOfTheInputValues() =>
        Prop.ForAll(Arb.From(Gen.Zip(Values, Percent)), pair =>
        {
            var (values, percent) = pair;
            var result = Aggregation.Percentile(percent).Apply([.. values]);
            return values.Contains(result) && values.Contains(Aggregation.Max.Apply([.. values]));
        });

    [Property(MaxTest = 50)]
    public Property Aggregations_WhenApplied_ShouldOrderMinMedianP90Max() =>
        Prop.ForAll(Arb.From(Values), values =>
        {
            var min = values.Min();
            var median = Aggregation.Median.Apply([.. values]);
            var p90 = Aggregation.P90.Apply([.. values]);
            var max = Aggregation.Max.Apply([.. values]);
            var mean = Aggregation.Mean.Apply([.. values]);
            return min <= median && median <= p90 && p90 <= max && max == values.Max() && min <= mean && mean <= max;
        });

    [Property(MaxTest = 50)]
    public Property Percentile_WhenThePercentGrows_ShouldNeverShrink() =>
        Prop.ForAll(Arb.From(Gen.Zip(Values, Gen.Zip(Percent, Percent), (v, p) => (Values: v, Low: Math.Min(p.Item1, p.Item2), High: Math.Max(p.Item1, p.Item2)))), c =>
            Aggregation.Percentile(c.Low).Apply([.. c.Values]) <= Aggregation.Percentile(c.High).Apply([.. c.Values]));

    [Property(MaxTest = 50)]
    public Property Aggregations_WhenInputsAreReordered_ShouldNotChange() =>
        Prop.ForAll(Arb.From(Values.SelectMany(v => Gen.Shuffle(v.ToArray()).Select(s => (Values: v, Shuffled: s.ToList())))), c =>
        {
            Aggregation[] all = [Aggregation.Mean, Aggregation.Median, Aggregation.P90, Aggregation.P95, Aggregation.P99, Aggregation.Max, Aggregation.Percentile(12.5)];
            return all.All(a => a.Apply([.. c.Values]) == a.Apply([.. c.Shuffled]));
        });

    [Property(MaxTest = 50)]
    public Property Percentile_WhenApplied_ShouldBeTheSmallestValueWithAtLeastThePercentAtOrBelowIt() =>
        Prop.ForAll(Arb.From(Gen.Zip(Values, Percent)), pair =>
        {
            var (values, percent) = pair;
            var result = Aggregation.Percentile(percent).Apply([.. values]);
            var atOrBelow = values.Count(v => v <= result);
            var below = values.Count(v => v < result);
            return atOrBelow * 100.0 >= percent * values.Count && below * 100.0 < percent * values.Count;
        });
}
