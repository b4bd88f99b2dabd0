// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using System.Globalization;

namespace AiOpsPolicy.Core.Tests;

/// <summary>
/// The one "now" of Core's tests: every evaluation, evidence time and as-of instant a test does not state otherwise is
/// relative to <see cref="Now"/>, so that tests can share evidence builders and expected values. The engine never reads
/// the wall clock (docs/architecture.md), so a fixed instant keeps every test's result the same on every day it runs.
/// </summary>
internal static class TestClock
{
    /// <summary>The evaluation time of every test: 2026-11-28T12:00:00Z, the example's evaluation time in the README.</summary>
    public static readonly DateTimeOffset Now = new(2026, 11, 28, 12, 0, 0, TimeSpan.Zero);

    /// <summary>A time relative to <see cref="Now"/>, in ISO 8601 (round-trip form), unquoted.</summary>
    /// <param name="daysAgo">How many days before <see cref="Now"/>.</param>
    /// <returns>The text.</returns>
    public static string Ago(double daysAgo) => Now.AddDays(-daysAgo).ToString("O", CultureInfo.InvariantCulture);

    /// <summary>A time as evidence writes it, quoted for JSON.</summary>
    /// <param name="time">The time.</param>
    /// <returns>The JSON string.</returns>
    public static string At(DateTimeOffset time) => "\"" + time.ToString("O", CultureInfo.InvariantCulture) + "\"";

    /// <summary>A JSON time the given number of hours before <see cref="Now"/>.</summary>
    /// <param name="hours">How many hours before <see cref="Now"/>.</param>
    /// <returns>The JSON string.</returns>
    public static string HoursAgo(double hours) => At(Now.AddHours(-hours));
}
