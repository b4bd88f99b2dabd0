// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using System.Globalization;
using AiOpsPolicy.Core.Results;

namespace AiOpsPolicy.Reporting.Coverage;

/// <summary>How <c>aiops-policy coverage</c> words its values, in the text and Markdown tables and in JSON alike.</summary>
public static class CoverageText
{
    /// <summary>A coverage row as table cells: period, start day, the group when grouped, the four counts and the automated share.</summary>
    /// <param name="row">The row.</param>
    /// <param name="period">Weeks or months.</param>
    /// <param name="grouped">Whether the rows are grouped (by team or enforcement point).</param>
    /// <returns>The cells.</returns>
    public static string[] Row(CoverageRow row, CoveragePeriod period, bool grouped)
    {
        ArgumentNullException.ThrowIfNull(row);
        List<string> cells = [Period(row.PeriodStart, period), row.PeriodStart.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)];
        if (grouped)
        {
            cells.Add(row.Group ?? string.Empty);
        }

        cells.AddRange(
        [
            Count(row.Observations),
            Count(row.AutomatedAndEvidenced),
            Count(row.DeclaredOnly),
            Count(row.NotAutomated),
            row.Observations == 0 ? "-" : Share(row),
        ]);
        return [.. cells];
    }

    /// <summary>A period's label: the ISO week (<c>2026-W49</c>) or the month (<c>2026-12</c>).</summary>
    /// <param name="start">The period's first day.</param>
    /// <param name="period">Weeks or months.</param>
    /// <returns>The label.</returns>
    public static string Period(DateOnly start, CoveragePeriod period)
    {
        if (period == CoveragePeriod.Month)
        {
            return start.ToString("yyyy-MM", CultureInfo.InvariantCulture);
        }

        var monday = start.ToDateTime(TimeOnly.MinValue);
        return string.Create(CultureInfo.InvariantCulture, $"{ISOWeek.GetYear(monday)}-W{ISOWeek.GetWeekOfYear(monday):00}");
    }

    /// <summary>A row's automated share as a percentage with one decimal.</summary>
    /// <param name="row">The row.</param>
    /// <returns>The text.</returns>
    public static string Share(CoverageRow row)
    {
        ArgumentNullException.ThrowIfNull(row);
        return Percent(row.AutomatedShare);
    }

    /// <summary>A share (0 to 1) as a percentage with one decimal.</summary>
    /// <param name="share">The share.</param>
    /// <returns>The text.</returns>
    public static string Percent(double share) => share.ToString("P1", CultureInfo.InvariantCulture);

    /// <summary>A count, invariant.</summary>
    /// <param name="value">The count.</param>
    /// <returns>The text.</returns>
    public static string Count(int value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>An instant in UTC to the second.</summary>
    /// <param name="at">The instant.</param>
    /// <returns>The text.</returns>
    public static string Time(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
