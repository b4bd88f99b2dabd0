// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using System.Globalization;

namespace AiOpsPolicy.Reporting.Review;

/// <summary>An ISO 8601 week (Monday to Sunday, UTC), written <c>2026-W47</c>.</summary>
/// <param name="Year">The ISO week-numbering year.</param>
/// <param name="Week">The week of that year, 1 to 52 or 53.</param>
public readonly record struct IsoWeek(int Year, int Week) : IComparable<IsoWeek>
{
    /// <summary>Gets the first instant of the week: Monday 00:00 UTC.</summary>
    public DateTimeOffset Start => new(ISOWeek.ToDateTime(Year, Week, DayOfWeek.Monday), TimeSpan.Zero);

    /// <summary>Gets the first instant after the week: the next Monday 00:00 UTC.</summary>
    public DateTimeOffset End => Start.AddDays(7);

    /// <summary>Gets the week before this one.</summary>
    public IsoWeek Previous => Containing(Start.AddDays(-7));

    /// <summary>The week an instant falls in (UTC).</summary>
    /// <param name="time">The instant.</param>
    /// <returns>The week.</returns>
    public static IsoWeek Containing(DateTimeOffset time)
    {
        var utc = time.UtcDateTime;
        return new IsoWeek(ISOWeek.GetYear(utc), ISOWeek.GetWeekOfYear(utc));
    }

    /// <summary>The last full week before an instant: the week before the one the instant falls in.</summary>
    /// <param name="now">The instant.</param>
    /// <returns>The week.</returns>
    public static IsoWeek LastFullWeekBefore(DateTimeOffset now) => Containing(now).Previous;

    /// <summary>Parses <c>YYYY-Www</c> (for example <c>2026-W07</c>).</summary>
    /// <param name="text">The text.</param>
    /// <param name="week">The week.</param>
    /// <returns>True when the text names a week that exists.</returns>
    public static bool TryParse(string? text, out IsoWeek week)
    {
        week = default;
        if (text is not { Length: 8 } || text[4] != '-' || text[5] is not ('W' or 'w')
            || !int.TryParse(text.AsSpan(0, 4), NumberStyles.None, CultureInfo.InvariantCulture, out var year)
            || !int.TryParse(text.AsSpan(6, 2), NumberStyles.None, CultureInfo.InvariantCulture, out var number)
            || year < 1 || number < 1 || number > ISOWeek.GetWeeksInYear(year))
        {
            return false;
        }

        week = new IsoWeek(year, number);
        return true;
    }

    /// <summary>Whether an instant falls in the week.</summary>
    /// <param name="time">The instant.</param>
    /// <returns>True when it does.</returns>
    public bool Contains(DateTimeOffset time) => time >= Start && time < End;

    /// <inheritdoc />
    public int CompareTo(IsoWeek other) => Year != other.Year ? Year.CompareTo(other.Year) : Week.CompareTo(other.Week);

    /// <summary>Whether one week comes before another.</summary>
    /// <param name="left">The first week.</param>
    /// <param name="right">The second week.</param>
    /// <returns>True when it does.</returns>
    public static bool operator <(IsoWeek left, IsoWeek right) => left.CompareTo(right) < 0;

    /// <summary>Whether one week comes after another.</summary>
    /// <param name="left">The first week.</param>
    /// <param name="right">The second week.</param>
    /// <returns>True when it does.</returns>
    public static bool operator >(IsoWeek left, IsoWeek right) => left.CompareTo(right) > 0;

    /// <summary>Whether one week comes before another or is the same.</summary>
    /// <param name="left">The first week.</param>
    /// <param name="right">The second week.</param>
    /// <returns>True when it does.</returns>
    public static bool operator <=(IsoWeek left, IsoWeek right) => left.CompareTo(right) <= 0;

    /// <summary>Whether one week comes after another or is the same.</summary>
    /// <param name="left">The first week.</param>
    /// <param name="right">The second week.</param>
    /// <returns>True when it does.</returns>
    public static bool operator >=(IsoWeek left, IsoWeek right) => left.CompareTo(right) >= 0;

    /// <summary>The week as <c>YYYY-Www</c>.</summary>
    /// <returns>The text.</returns>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Year:0000}-W{Week:00}");

    /// <summary>The week's dates, for example <c>Mon 16 Nov to Sun 22 Nov 2026</c>.</summary>
    /// <returns>The text.</returns>
    public string Dates()
    {
        var first = Start.UtcDateTime;
        var last = first.AddDays(6);
        return first.ToString("ddd d MMM", CultureInfo.InvariantCulture) + " to " + last.ToString("ddd d MMM yyyy", CultureInfo.InvariantCulture);
    }
}
