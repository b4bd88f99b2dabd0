// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using System.Globalization;

namespace AiOpsPolicy.Core.Metrics;

/// <summary>How a metric summarises many values: mean, median, a percentile or the maximum.</summary>
/// <remarks>
/// Aggregation is always an explicit, documented parameter, because tools disagree on it silently
/// (one well-known DORA tool documents MTTR as a mean and computes a median). Percentiles use the
/// nearest-rank method: the smallest value with at least p% of the values at or below it, so every
/// reported percentile is a value that was actually observed.
/// </remarks>
/// <param name="Kind">The kind of aggregation.</param>
/// <param name="Percent">For a percentile, which one (0-100].</param>
/// <param name="Method">For a percentile, how it is read: nearest rank (the default) or linear interpolation.</param>
public readonly record struct Aggregation(AggregationKind Kind, double Percent = 0, PercentileMethod Method = PercentileMethod.NearestRank)
{
    /// <summary>Gets the arithmetic mean.</summary>
    public static Aggregation Mean => new(AggregationKind.Mean);

    /// <summary>Gets the median (the 50th percentile, nearest rank).</summary>
    public static Aggregation Median => new(AggregationKind.Percentile, 50);

    /// <summary>Gets the 90th percentile.</summary>
    public static Aggregation P90 => new(AggregationKind.Percentile, 90);

    /// <summary>Gets the 95th percentile.</summary>
    public static Aggregation P95 => new(AggregationKind.Percentile, 95);

    /// <summary>Gets the 99th percentile.</summary>
    public static Aggregation P99 => new(AggregationKind.Percentile, 99);

    /// <summary>Gets the largest value.</summary>
    public static Aggregation Max => new(AggregationKind.Max);

    /// <summary>Any percentile, nearest rank.</summary>
    /// <param name="percent">The percentile, in (0, 100].</param>
    /// <returns>The aggregation.</returns>
    public static Aggregation Percentile(double percent) =>
        percent is > 0 and <= 100 ? new(AggregationKind.Percentile, percent) : throw new ArgumentOutOfRangeException(nameof(percent), percent, "A percentile is in (0, 100].");

    /// <summary>Any percentile, read with the given method.</summary>
    /// <param name="percent">The percentile, in (0, 100].</param>
    /// <param name="method">Nearest rank, or linear interpolation (numpy's default, Excel's PERCENTILE.INC).</param>
    /// <returns>The aggregation.</returns>
    public static Aggregation Percentile(double percent, PercentileMethod method) => Percentile(percent) with { Method = method };

    /// <summary>The median by linear interpolation: the mean of the two middle values for an even count.</summary>
    public static Aggregation MedianLinear => new(AggregationKind.Percentile, 50, PercentileMethod.Linear);

    /// <summary>Applies the aggregation. The list is sorted in place.</summary>
    /// <param name="values">The values; at least one.</param>
    /// <returns>The aggregate.</returns>
    public double Apply(List<double> values)
    {
        if (values.Count == 0)
        {
            throw new ArgumentException("Nothing to aggregate.", nameof(values));
        }

        switch (Kind)
        {
            case AggregationKind.Mean:
                return values.Average();
            case AggregationKind.Max:
                return values.Max();
            default:
                values.Sort();
                if (Method == PercentileMethod.Linear)
                {
                    // PERCENTILE.INC: 0-based rank (n - 1) x p, between the two closest values.
                    var position = Percent / 100.0 * (values.Count - 1);
                    var lower = (int)Math.Floor(position);
                    var upper = Math.Min(lower + 1, values.Count - 1);
                    return values[lower] + ((position - lower) * (values[upper] - values[lower]));
                }

                var rank = (int)Math.Ceiling(Percent / 100.0 * values.Count);
                return values[Math.Clamp(rank, 1, values.Count) - 1];
        }
    }

    /// <summary>A word for explanations: "mean", "median", "p90", "max"; "median-linear", "p90-linear" when interpolated.</summary>
    /// <returns>The word.</returns>
    public override string ToString() => Kind switch
    {
        AggregationKind.Mean => "mean",
        AggregationKind.Max => "max",
        _ => (Percent == 50 ? "median" : "p" + Percent.ToString("0.##", CultureInfo.InvariantCulture)) + (Method == PercentileMethod.Linear ? "-linear" : string.Empty),
    };
}

/// <summary>The kinds of aggregation.</summary>
public enum AggregationKind
{
    /// <summary>The arithmetic mean.</summary>
    Mean,

    /// <summary>A percentile, nearest rank.</summary>
    Percentile,

    /// <summary>The largest value.</summary>
    Max,
}
