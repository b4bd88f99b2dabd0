// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

namespace AiOpsPolicy.Sources.Prometheus;

/// <summary>
/// Exact counter increases between the points of a range query, summed over series. Unlike PromQL's
/// <c>increase()</c>, which extrapolates to the edges of its range and gives fractions, this takes the
/// difference of the counter's values at consecutive points, so a histogram's bucket and count give whole
/// numbers of runs that equal the runs behind them. A value lower than the one before is a counter reset
/// (the process restarted): the new value is the increase since. A series that first appears after the
/// range's first point started from zero (a new label combination). A point that is missing (no sample in
/// Prometheus's lookback) is skipped; the next present value is compared with the last one seen.
/// </summary>
internal static class CounterIncreases
{
    /// <summary>Sums the increases of the series into the intervals between consecutive points.</summary>
    /// <param name="series">The series.</param>
    /// <param name="firstMs">The time of the range's first point (the baseline).</param>
    /// <param name="stepMs">The step between points.</param>
    /// <param name="intervals">How many intervals follow the baseline.</param>
    /// <param name="leftOut">Counts values that are not finite non-negative numbers, which are left out.</param>
    /// <returns>The increase in each interval (index 0 ends at the second point).</returns>
    public static double[] Sum(IEnumerable<PrometheusSeries> series, long firstMs, long stepMs, int intervals, ref int leftOut)
    {
        var sums = new double[intervals];
        foreach (var one in series)
        {
            double? last = null;
            foreach (var (time, value) in one.Points)
            {
                if (!double.IsFinite(value) || value < 0)
                {
                    leftOut++;
                    continue;
                }

                var index = (time - firstMs) / stepMs;
                if ((time - firstMs) % stepMs != 0 || index < 0 || index > intervals)
                {
                    leftOut++;
                    continue;
                }

                if (index == 0)
                {
                    last = value;
                    continue;
                }

                var increase = last is { } previous ? (value >= previous ? value - previous : value) : value;
                sums[index - 1] += increase;
                last = value;
            }
        }

        return sums;
    }
}
