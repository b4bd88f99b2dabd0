// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using System.Globalization;

namespace AiOpsPolicy.Core.Units;

/// <summary>A value with its unit, as written in a policy: <c>95%</c>, <c>4h</c> or <c>2.5</c>.</summary>
/// <param name="Kind">What the value measures.</param>
/// <param name="Magnitude">The value: the number, the fraction for a percentage, seconds for a duration.</param>
/// <param name="Text">The value as written, for reports.</param>
public readonly record struct Quantity(QuantityKind Kind, double Magnitude, string Text)
{
    /// <summary>Gets the value as a duration. Meaningful only for <see cref="QuantityKind.Duration"/>.</summary>
    public TimeSpan Duration => TimeSpan.FromSeconds(Magnitude);

    /// <summary>A plain number.</summary>
    /// <param name="value">The number.</param>
    /// <returns>The quantity.</returns>
    public static Quantity FromNumber(double value) => new(QuantityKind.Number, value, value.ToString("0.###", CultureInfo.InvariantCulture));

    /// <summary>A percentage from a fraction.</summary>
    /// <param name="fraction">The fraction (0.95 for 95%).</param>
    /// <returns>The quantity.</returns>
    public static Quantity FromFraction(double fraction) => new(QuantityKind.Percentage, fraction, UnitFormat.Percentage(fraction));

    /// <summary>A duration.</summary>
    /// <param name="duration">The duration.</param>
    /// <returns>The quantity.</returns>
    public static Quantity FromDuration(TimeSpan duration) => new(QuantityKind.Duration, duration.TotalSeconds, UnitFormat.Duration(duration));

    /// <inheritdoc />
    public override string ToString() => Text;
}
