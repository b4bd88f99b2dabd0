// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

namespace AiOpsPolicy.Core.Evidence.Contract;

/// <summary>
/// The written shapes of times, days and durations in evidence. Each shape has a pattern the JSON
/// Schemas carry and a byte-level check the loader runs; a test proves the two accept the same text.
/// </summary>
public static class EvidenceTimes
{
    /// <summary>
    /// A calendar day as a pattern: months of 30 and 31 days, 28 days in February and the 29th in leap
    /// years, no year 0000. Spelled out so that a schema validator refuses what the loader refuses.
    /// </summary>
    public const string CalendarDay = "(?!0000)(?:[0-9]{4}-(?:(?:0[13578]|1[02])-(?:0[1-9]|[12][0-9]|3[01])|(?:0[469]|11)-(?:0[1-9]|[12][0-9]|30)|02-(?:0[1-9]|1[0-9]|2[0-8]))|(?:[0-9]{2}(?:0[48]|[2468][048]|[13579][26])|(?:[02468][048]|[13579][26])00)-02-29)";

    /// <summary>
    /// An ISO 8601 (RFC 3339) time with seconds, up to 7 fraction digits (the engine's precision) and
    /// an offset of at most 14 hours: <c>2026-11-28T06:00:00Z</c>, <c>2026-11-28T07:00:00.5+01:00</c>.
    /// </summary>
    public const string TimePattern = "^" + CalendarDay + "T(?:[01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9](?:\\.[0-9]{1,7})?(?:Z|[+-](?:(?:0[0-9]|1[0-3]):[0-5][0-9]|14:00))$";

    /// <summary>A day: <c>2026-11-28</c>.</summary>
    public const string DayPattern = "^" + CalendarDay + "$";

    /// <summary>A duration string: <c>90s</c>, <c>15m</c>, <c>1h30m</c>.</summary>
    public const string DurationPattern = "^([0-9]+(\\.[0-9]+)?(ms|s|m|h|d|w))+$";

    /// <summary>The longest duration a record may hold, in seconds (half of what a TimeSpan holds, so sums stay in range).</summary>
    public static readonly double MaxDurationSeconds = TimeSpan.MaxValue.TotalSeconds / 2;

    /// <summary>Whether text has the shape of <see cref="TimePattern"/>.</summary>
    /// <param name="text">The UTF-8 text.</param>
    /// <returns>True when it does.</returns>
    public static bool IsTimeShape(ReadOnlySpan<byte> text)
    {
        // yyyy-MM-ddTHH:mm:ss is 19 bytes.
        if (text.Length < 20 || !Digits(text, 0, 4) || text[4] != '-' || !Digits(text, 5, 2) || text[7] != '-' || !Digits(text, 8, 2)
            || text[10] != 'T' || !Digits(text, 11, 2) || text[13] != ':' || !Digits(text, 14, 2) || text[16] != ':' || !Digits(text, 17, 2))
        {
            return false;
        }

        var i = 19;
        if (text[i] == '.')
        {
            var start = ++i;
            while (i < text.Length && text[i] is >= (byte)'0' and <= (byte)'9')
            {
                i++;
            }

            if (i - start is < 1 or > 7)
            {
                return false;
            }
        }

        var offset = text[i..];
        return offset.SequenceEqual("Z"u8)
            || (offset.Length == 6 && offset[0] is (byte)'+' or (byte)'-' && Digits(offset, 1, 2) && offset[3] == ':' && Digits(offset, 4, 2));
    }

    /// <summary>
    /// Whether a time of <see cref="IsTimeShape"/>'s shape is certainly a valid time: every part in
    /// range (the day in its month), the offset at most 14 hours, and a year from 0002 to 9998, so that
    /// no offset can move the instant off the calendar. Checked on the digits, without parsing: the
    /// loader's hot path (two times a run, a million runs) then skips the full parse, which still
    /// decides every time this does not accept.
    /// </summary>
    /// <param name="text">The UTF-8 text, already of the time's shape.</param>
    /// <returns>True when the time is valid; false when only a full parse can tell.</returns>
    public static bool IsCertainlyValidTime(ReadOnlySpan<byte> text)
    {
        var year = Number(text, 0, 4);
        var month = Number(text, 5, 2);
        var day = Number(text, 8, 2);
        if (year is < 2 or > 9998 || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month)
            || Number(text, 11, 2) > 23 || Number(text, 14, 2) > 59 || Number(text, 17, 2) > 59)
        {
            return false;
        }

        if (text[^1] == 'Z')
        {
            return true;
        }

        var hours = Number(text, text.Length - 5, 2);
        var minutes = Number(text, text.Length - 2, 2);
        return hours < 14 ? minutes <= 59 : hours == 14 && minutes == 0;
    }

    /// <summary>Whether text is a time that only lacks its offset (for a message that says what to add).</summary>
    /// <param name="text">The UTF-8 text.</param>
    /// <returns>True when adding Z would make it a time.</returns>
    public static bool LacksOffset(ReadOnlySpan<byte> text)
    {
        Span<byte> withZ = stackalloc byte[Math.Min(text.Length + 1, 64)];
        if (text.Length + 1 > withZ.Length)
        {
            return false;
        }

        text.CopyTo(withZ);
        withZ[^1] = (byte)'Z';
        return IsTimeShape(withZ);
    }

    /// <summary>Whether text has the shape of <see cref="DayPattern"/>.</summary>
    /// <param name="text">The text.</param>
    /// <returns>True when it does.</returns>
    public static bool IsDayShape(string text) =>
        text.Length == 10 && text.AsSpan(0, 4).ContainsAnyExceptInRange('0', '9') is false && text[4] == '-'
        && text.AsSpan(5, 2).ContainsAnyExceptInRange('0', '9') is false && text[7] == '-' && text.AsSpan(8, 2).ContainsAnyExceptInRange('0', '9') is false;

    /// <summary>Whether text has the shape of <see cref="DurationPattern"/>.</summary>
    /// <param name="text">The text.</param>
    /// <returns>True when it does.</returns>
    public static bool IsDurationShape(string text)
    {
        var i = 0;
        if (text.Length == 0)
        {
            return false;
        }

        while (i < text.Length)
        {
            var start = i;
            while (i < text.Length && char.IsAsciiDigit(text[i]))
            {
                i++;
            }

            if (i == start)
            {
                return false;
            }

            if (i < text.Length && text[i] == '.')
            {
                var fraction = ++i;
                while (i < text.Length && char.IsAsciiDigit(text[i]))
                {
                    i++;
                }

                if (i == fraction)
                {
                    return false;
                }
            }

            if (text.AsSpan(i).StartsWith("ms", StringComparison.Ordinal))
            {
                i += 2;
            }
            else if (i < text.Length && text[i] is 's' or 'm' or 'h' or 'd' or 'w')
            {
                i++;
            }
            else
            {
                return false;
            }
        }

        return true;
    }

    private static int Number(ReadOnlySpan<byte> text, int start, int count)
    {
        var value = 0;
        for (var i = start; i < start + count; i++)
        {
            value = (value * 10) + (text[i] - '0');
        }

        return value;
    }

    private static bool Digits(ReadOnlySpan<byte> text, int start, int count)
    {
        for (var i = start; i < start + count; i++)
        {
            if (text[i] is < (byte)'0' or > (byte)'9')
            {
                return false;
            }
        }

        return true;
    }
}
