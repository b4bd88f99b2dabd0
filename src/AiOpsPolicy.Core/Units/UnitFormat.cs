// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using System.Globalization;

namespace AiOpsPolicy.Core.Units;

/// <summary>Formats values for people, the same way in every report: invariant culture, short units.</summary>
public static class UnitFormat
{
    /// <summary>Formats a fraction as a percentage with up to two decimals: 0.9567 is <c>95.67%</c>.</summary>
    /// <param name="fraction">The fraction.</param>
    /// <returns>The text.</returns>
    public static string Percentage(double fraction) => (fraction * 100).ToString("0.##", CultureInfo.InvariantCulture) + "%";

    /// <summary>Formats a number with up to three decimals.</summary>
    /// <param name="value">The number.</param>
    /// <returns>The text.</returns>
    public static string Number(double value) => value.ToString("0.###", CultureInfo.InvariantCulture);

    /// <summary>Formats a duration in its two largest units: <c>1h 30m</c>, <c>45s</c>, <c>250ms</c>.</summary>
    /// <param name="duration">The duration.</param>
    /// <returns>The text.</returns>
    public static string Duration(TimeSpan duration)
    {
        var sign = duration < TimeSpan.Zero ? "-" : string.Empty;
        var d = duration.Duration();
        if (d.TotalSeconds < 1)
        {
            return sign + d.TotalMilliseconds.ToString("0", CultureInfo.InvariantCulture) + "ms";
        }

        ReadOnlySpan<(long Value, string Unit)> units =
        [
            ((long)d.TotalDays, "d"),
            (d.Hours, "h"),
            (d.Minutes, "m"),
            (d.Seconds, "s"),
        ];
        var first = 0;
        while (first < units.Length - 1 && units[first].Value == 0)
        {
            first++;
        }

        var text = units[first].Value.ToString(CultureInfo.InvariantCulture) + units[first].Unit;
        if (first + 1 < units.Length && units[first + 1].Value != 0)
        {
            text += " " + units[first + 1].Value.ToString(CultureInfo.InvariantCulture) + units[first + 1].Unit;
        }

        return sign + text;
    }
}
