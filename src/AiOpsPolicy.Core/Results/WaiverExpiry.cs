// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using System.Globalization;

namespace AiOpsPolicy.Core.Results;

/// <summary>
/// How every report and the console say when a waiver ends. A waiver declared <c>expires: 2026-12-12</c>
/// applies through that whole day in UTC: it is stored as the first instant it no longer applies
/// (2026-12-13T00:00:00Z, which the JSON report's <c>expires</c> keeps), and shown as its last day,
/// "through 2026-12-12 (UTC)". A waiver declared with a time (<c>2026-12-31T18:00:00Z</c>) is shown
/// "until" that time. Showing the stored instant as a date gave "until 2026-12-13", a day late.
/// </summary>
public static class WaiverExpiry
{
    /// <summary>"through 2026-12-12 (UTC)" for an expiry at midnight UTC, else "until 2026-12-31T18:00:00Z".</summary>
    /// <param name="expires">The first instant the waiver no longer applies.</param>
    /// <returns>The text.</returns>
    public static string Describe(DateTimeOffset expires)
    {
        var utc = expires.ToUniversalTime();
        return utc.TimeOfDay == TimeSpan.Zero && utc > DateTimeOffset.MinValue
            ? "through " + LastDay(expires) + " (UTC)"
            : "until " + utc.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
    }

    /// <summary>The last day (UTC) on which the waiver applies, as yyyy-MM-dd: the day before an expiry at midnight, else the expiry's own day.</summary>
    /// <param name="expires">The first instant the waiver no longer applies.</param>
    /// <returns>The day.</returns>
    public static string LastDay(DateTimeOffset expires)
    {
        var utc = expires.ToUniversalTime();
        var last = utc > DateTimeOffset.MinValue ? utc.AddTicks(-1) : utc;
        return last.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
    }
}
