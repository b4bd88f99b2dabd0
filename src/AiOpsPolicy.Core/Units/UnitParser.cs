// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using System.Globalization;

namespace AiOpsPolicy.Core.Units;

/// <summary>Parses the units of the policy language: durations, percentages and plain numbers.</summary>
public static class UnitParser
{
    /// <summary>How a duration is written, for messages.</summary>
    public const string DurationHint = "a number followed by ms, s, m, h, d or w, such as 90s, 4h or 1h30m";

    /// <summary>How a percentage is written, for messages.</summary>
    public const string PercentageHint = "a number followed by %, such as 95% or 0.5%";

    /// <summary>
    /// Parses a duration such as <c>250ms</c>, <c>90s</c>, <c>2m</c>, <c>4h</c>, <c>3d</c>, <c>1w</c> or
    /// <c>1h30m</c>. No spaces, at least one part, each unit at most once and largest first.
    /// </summary>
    /// <param name="text">The text.</param>
    /// <param name="duration">The duration.</param>
    /// <returns>True when the text is a duration.</returns>
    public static bool TryParseDuration(string text, out TimeSpan duration)
    {
        duration = TimeSpan.Zero;
        var span = text.AsSpan();
        if (span.IsEmpty)
        {
            return false;
        }

        var total = 0.0;
        var lastRank = int.MaxValue;
        while (!span.IsEmpty)
        {
            var digits = 0;
            while (digits < span.Length && (char.IsAsciiDigit(span[digits]) || span[digits] == '.'))
            {
                digits++;
            }

            if (digits == 0 || !double.TryParse(span[..digits], NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var number))
            {
                return false;
            }

            span = span[digits..];
            var (unitLength, seconds, rank) = span switch
            {
                _ when span.StartsWith("ms", StringComparison.Ordinal) => (2, 0.001, 0),
                _ when span.StartsWith('s') => (1, 1.0, 1),
                _ when span.StartsWith('m') => (1, 60.0, 2),
                _ when span.StartsWith('h') => (1, 3600.0, 3),
                _ when span.StartsWith('d') => (1, 86400.0, 4),
                _ when span.StartsWith('w') => (1, 604800.0, 5),
                _ => (0, 0.0, -1),
            };
            if (unitLength == 0 || rank >= lastRank)
            {
                return false;
            }

            lastRank = rank;
            total += number * seconds;
            span = span[unitLength..];
        }

        if (total > TimeSpan.MaxValue.TotalSeconds / 2)
        {
            return false;
        }

        duration = TimeSpan.FromSeconds(total);
        return true;
    }

    /// <summary>Parses a percentage such as <c>95%</c> or <c>-0.5%</c> into a fraction.</summary>
    /// <param name="text">The text.</param>
    /// <param name="fraction">The fraction (0.95 for 95%).</param>
    /// <returns>True when the text is a percentage.</returns>
    public static bool TryParsePercentage(string text, out double fraction)
    {
        fraction = 0;
        if (text.Length < 2 || text[^1] != '%' || char.IsWhiteSpace(text[^2]))
        {
            return false;
        }

        if (!double.TryParse(text.AsSpan(0, text.Length - 1), NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var percent))
        {
            return false;
        }

        fraction = percent / 100.0;
        return true;
    }

    /// <summary>Parses a plain number.</summary>
    /// <param name="text">The text.</param>
    /// <param name="value">The number.</param>
    /// <returns>True when the text is a finite number.</returns>
    public static bool TryParseNumber(string text, out double value) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value) && double.IsFinite(value);

    /// <summary>Parses any quantity: a percentage, a duration or a plain number.</summary>
    /// <param name="text">The text.</param>
    /// <param name="quantity">The quantity.</param>
    /// <returns>True when the text is one of the three.</returns>
    public static bool TryParseQuantity(string text, out Quantity quantity)
    {
        if (TryParsePercentage(text, out var fraction))
        {
            quantity = new Quantity(QuantityKind.Percentage, fraction, text);
            return true;
        }

        if (TryParseNumber(text, out var number))
        {
            quantity = new Quantity(QuantityKind.Number, number, text);
            return true;
        }

        if (TryParseDuration(text, out var duration))
        {
            quantity = new Quantity(QuantityKind.Duration, duration.TotalSeconds, text);
            return true;
        }

        quantity = default;
        return false;
    }
}
