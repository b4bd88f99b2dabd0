// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using System.Text;

namespace AiOpsPolicy.Reporting;

/// <summary>
/// Makes untrusted text (policy names and versions, descriptions, waiver reasons, finding messages,
/// exception messages, evidence ids, file paths) safe to print where a terminal or a CI runner reads it.
/// <see cref="Inline"/> gives one line: terminal escape sequences are removed, line breaks and every
/// other control character are shown as <c>\n</c>, <c>\r</c>, <c>\t</c> or <c>\uXXXX</c>, and CI
/// service-message markers (<c>##[</c>, <c>##vso[</c>, <c>##teamcity[</c>) lose their power. The
/// streaming <see cref="ConsoleTextFilter"/> applies the same rules to everything the CLI prints.
/// docs/security.md ("Console and annotation output") lists the rules and why.
/// </summary>
public static class ConsoleText
{
    /// <summary>Returns untrusted text as one line that no terminal or CI runner acts on.</summary>
    /// <param name="text">The text; null gives an empty string.</param>
    /// <returns>The text with escape sequences removed and control characters escaped.</returns>
    public static string Inline(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return string.Empty;
        }

        if (!NeedsFiltering(text))
        {
            return text;
        }

        var builder = new StringBuilder(text.Length + 16);
        var filter = new ConsoleTextFilter(singleLine: true, allowColor: false);
        filter.Append(text, builder);
        filter.Complete(builder);
        return builder.ToString();
    }

    /// <summary>Whether a character is a bidirectional control that can make text read differently from what it is ("Trojan Source").</summary>
    /// <param name="c">The character.</param>
    /// <returns>True for the embedding, override, isolate and mark characters.</returns>
    public static bool IsBidiControl(char c) =>
        c is '\u061C' or '\u200E' or '\u200F' or (>= '\u202A' and <= '\u202E') or (>= '\u2066' and <= '\u2069');

    private static bool NeedsFiltering(string text)
    {
        foreach (var c in text)
        {
            if (c < ' ' || c is '#' or ':' || (c >= '\u007F' && (c <= '\u009F' || IsBidiControl(c) || c is '\u2028' or '\u2029')))
            {
                return true;
            }
        }

        return false;
    }
}
