// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

namespace AiOpsPolicy.Reporting;

/// <summary>
/// The tables of <c>history</c> and <c>coverage</c> (trends, flips, waivers, coverage per period): aligned plain text,
/// or a Markdown table for a wiki or a pull request.
/// </summary>
public static class TextTable
{
    /// <summary>Writes an aligned text table, or a Markdown table; columns from <paramref name="firstNumericColumn"/> on are right-aligned.</summary>
    /// <param name="writer">Where to write.</param>
    /// <param name="markdown">Whether to write a Markdown table (cells' <c>|</c> escaped) rather than aligned text.</param>
    /// <param name="headers">The column headers.</param>
    /// <param name="rows">The rows, a cell per header.</param>
    /// <param name="firstNumericColumn">The first right-aligned column.</param>
    public static void Write(TextWriter writer, bool markdown, IReadOnlyList<string> headers, IReadOnlyList<string[]> rows, int firstNumericColumn)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(headers);
        ArgumentNullException.ThrowIfNull(rows);
        if (markdown)
        {
            writer.WriteLine("| " + string.Join(" | ", headers) + " |");
            writer.WriteLine("| " + string.Join(" | ", headers.Select((_, i) => i >= firstNumericColumn ? "---:" : "---")) + " |");
            foreach (var row in rows)
            {
                writer.WriteLine("| " + string.Join(" | ", row.Select(c => c.Replace("|", "\\|", StringComparison.Ordinal))) + " |");
            }

            return;
        }

        var widths = headers.Select((h, i) => Math.Max(h.Length, rows.Select(r => r[i].Length).DefaultIfEmpty(0).Max())).ToArray();
        string Line(IReadOnlyList<string> cells) =>
            string.Join("  ", cells.Select((c, i) => i >= firstNumericColumn ? c.PadLeft(widths[i]) : c.PadRight(widths[i]))).TrimEnd();
        writer.WriteLine(Line(headers));
        writer.WriteLine(string.Join("  ", widths.Select(w => new string('-', w))));
        foreach (var row in rows)
        {
            writer.WriteLine(Line(row));
        }
    }
}
