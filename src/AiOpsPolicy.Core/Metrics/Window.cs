// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using AiOpsPolicy.Core.Units;

namespace AiOpsPolicy.Core.Metrics;

/// <summary>
/// A time window that ends at the evaluation time ("the last 7 days"), or the same length of time a
/// number of periods earlier, so that policies can compare period over period. A duration converts
/// to a window implicitly: <c>SlaAttainment("x", window: Days(14))</c>.
/// </summary>
/// <param name="Length">The window's length.</param>
/// <param name="PeriodsBack">0 for the window ending now; 1 for the one before it; and so on.</param>
public readonly record struct Window(TimeSpan Length, int PeriodsBack = 0)
{
    /// <summary>The window of the same length just before this one, for period-over-period rules.</summary>
    /// <returns>The earlier window.</returns>
    public Window Previous() => this with { PeriodsBack = PeriodsBack + 1 };

    /// <summary>A window of the given length ending at the evaluation time.</summary>
    /// <param name="length">The length.</param>
    public static implicit operator Window(TimeSpan length) => new(length);

    /// <summary>A window of the given length ending at the evaluation time.</summary>
    /// <param name="length">The length.</param>
    /// <returns>The window.</returns>
    public static Window FromTimeSpan(TimeSpan length) => new(length);

    /// <summary>The window's start (inclusive) and end (exclusive) for an evaluation time.</summary>
    /// <param name="now">The evaluation time.</param>
    /// <returns>The bounds.</returns>
    public (DateTimeOffset Start, DateTimeOffset End) Resolve(DateTimeOffset now)
    {
        var end = now - (Length * PeriodsBack);
        return (end - Length, end);
    }

    /// <inheritdoc />
    public override string ToString() => Describe();

    /// <summary>Describes the window for explanations: "the last 7d", "the 7d before the last 7d".</summary>
    /// <returns>The text.</returns>
    public string Describe() => PeriodsBack switch
    {
        0 => "the last " + UnitFormat.Duration(Length),
        1 => $"the {UnitFormat.Duration(Length)} before the last {UnitFormat.Duration(Length)}",
        _ => $"the {UnitFormat.Duration(Length)} ending {UnitFormat.Duration(Length * PeriodsBack)} ago",
    };
}
