// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using System.Collections.Immutable;
using AiOpsPolicy.Core.Evidence;
using AiOpsPolicy.Core.Units;

namespace AiOpsPolicy.Core.Metrics;

/// <summary>
/// A metric's value with everything needed to trust it: the number and its unit, the counts behind
/// it, the records that pulled it down, and a one-line explanation. A metric with no evidence behind
/// it is insufficient: reading its value throws <see cref="InsufficientEvidenceException"/>, which
/// ends the gate <c>insufficient-evidence</c> instead of passing or failing on a made-up number.
/// </summary>
public sealed record MetricValue
{
    private readonly double _magnitude;

    private MetricValue(string metric, QuantityKind unit, double magnitude, string explanation, string? insufficientReason)
    {
        Metric = metric;
        Unit = unit;
        _magnitude = magnitude;
        Explanation = explanation;
        InsufficientReason = insufficientReason;
    }

    /// <summary>Gets the metric's name and scope, such as <c>SlaAttainment(ticket-triage)</c>.</summary>
    public string Metric { get; }

    /// <summary>Gets the unit of the value.</summary>
    public QuantityKind Unit { get; }

    /// <summary>Gets the numerator behind a share or rate, if any.</summary>
    public double? Numerator { get; init; }

    /// <summary>Gets the denominator behind a share or rate, if any.</summary>
    public double? Denominator { get; init; }

    /// <summary>Gets how many records the value was computed from.</summary>
    public long SampleSize { get; init; }

    /// <summary>Gets a one-line explanation in numbers.</summary>
    public string Explanation { get; }

    /// <summary>Gets the keys of the first records that pulled the value down, in a stable order.</summary>
    public ImmutableArray<string> FailingRecords { get; init; } = [];

    /// <summary>Gets the stated assumptions behind the value, if any.</summary>
    public ImmutableArray<string> Assumptions { get; init; } = [];

    /// <summary>Gets why there is no value, when the metric is insufficient.</summary>
    public string? InsufficientReason { get; }

    /// <summary>Gets a value indicating whether the metric has a value.</summary>
    public bool IsSufficient => InsufficientReason is null;

    /// <summary>Gets the value: the fraction, the number, or seconds for a duration.</summary>
    /// <exception cref="InsufficientEvidenceException">The metric has no evidence behind it.</exception>
    public double Value => InsufficientReason is null ? _magnitude : throw new InsufficientEvidenceException(InsufficientReason);

    /// <summary>Gets the value as a duration.</summary>
    /// <exception cref="InsufficientEvidenceException">The metric has no evidence behind it.</exception>
    /// <exception cref="InvalidOperationException">The metric is not a duration.</exception>
    public TimeSpan Duration => Unit == QuantityKind.Duration
        ? TimeSpan.FromSeconds(Value)
        : throw new InvalidOperationException($"{Metric} is a {Unit.ToString().ToLowerInvariant()}, not a duration");

    /// <summary>Gets the value formatted in its unit, or "n/a".</summary>
    public string Display => !IsSufficient ? "n/a" : Unit switch
    {
        QuantityKind.Percentage => UnitFormat.Percentage(_magnitude),
        QuantityKind.Duration => UnitFormat.Duration(TimeSpan.FromSeconds(_magnitude)),
        _ => UnitFormat.Number(_magnitude),
    };

    /// <summary>The metric's value as a number; a share is a fraction (0.95).</summary>
    /// <param name="metric">The metric.</param>
    public static implicit operator double(MetricValue metric) => metric.Value;

    /// <summary>The metric's value as a duration.</summary>
    /// <param name="metric">The metric.</param>
    public static implicit operator TimeSpan(MetricValue metric) => metric.Duration;

    /// <summary>Creates a metric with a value.</summary>
    /// <param name="metric">The metric's name and scope.</param>
    /// <param name="unit">The unit.</param>
    /// <param name="magnitude">The value: fraction, number, or seconds.</param>
    /// <param name="explanation">A one-line explanation in numbers.</param>
    /// <returns>The metric value.</returns>
    public static MetricValue Of(string metric, QuantityKind unit, double magnitude, string explanation) =>
        new(metric, unit, magnitude, explanation, null);

    /// <summary>Creates a metric that has no value, saying why.</summary>
    /// <param name="metric">The metric's name and scope.</param>
    /// <param name="unit">The unit it would have.</param>
    /// <param name="reason">Why there is no value.</param>
    /// <returns>The metric value.</returns>
    public static MetricValue Insufficient(string metric, QuantityKind unit, string reason) =>
        new(metric, unit, double.NaN, reason, reason);

    /// <summary>The value as a double.</summary>
    /// <returns>The value.</returns>
    public double ToDouble() => Value;

    /// <summary>The value as a duration.</summary>
    /// <returns>The value.</returns>
    public TimeSpan ToTimeSpan() => Duration;

    /// <inheritdoc />
    public override string ToString() => $"{Metric} = {Display}";
}
