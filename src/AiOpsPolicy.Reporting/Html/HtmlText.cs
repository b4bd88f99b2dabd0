// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using System.Globalization;
using System.Net;

namespace AiOpsPolicy.Reporting.Html;

/// <summary>Escaping and invariant formatting for the HTML report.</summary>
internal static class HtmlText
{
    /// <summary>Escapes text for an HTML (or SVG) text node or a quoted attribute value.</summary>
    /// <param name="text">The text, possibly null.</param>
    /// <returns>The escaped text; empty for null.</returns>
    public static string Encode(string? text) => text is null ? string.Empty : WebUtility.HtmlEncode(text);

    /// <summary>Formats a number for SVG coordinates: invariant, at most two decimals.</summary>
    /// <param name="value">The number.</param>
    /// <returns>The text.</returns>
    public static string Num(double value) => Math.Round(value, 2).ToString("0.##", CultureInfo.InvariantCulture);

    /// <summary>Formats an integer invariantly.</summary>
    /// <param name="value">The number.</param>
    /// <returns>The text.</returns>
    public static string Int(int value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>Formats a time as UTC ISO 8601 to the second.</summary>
    /// <param name="time">The time.</param>
    /// <returns>The text.</returns>
    public static string Time(DateTimeOffset time) => time.ToUniversalTime().ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    /// <summary>Formats a time in machine-readable form, for <c>&lt;time datetime&gt;</c>.</summary>
    /// <param name="time">The time.</param>
    /// <returns>The text.</returns>
    public static string MachineTime(DateTimeOffset time) => time.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    /// <summary>Formats a share as a percentage with at most one decimal.</summary>
    /// <param name="fraction">The share, 0 to 1.</param>
    /// <returns>The text.</returns>
    public static string Percent(double fraction) => (fraction * 100).ToString("0.#", CultureInfo.InvariantCulture) + "%";
}
