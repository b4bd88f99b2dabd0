// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using System.Text;

namespace AiOpsPolicy.Reporting;

/// <summary>
/// Makes untrusted text (policy names and versions, descriptions, waiver reasons, finding messages,
/// exception messages, evidence ids, file paths) safe to print where a terminal or a CI runner reads it.
/// <see cref="Inline"/> gives one line: terminal escape sequences are removed, line breaks, every
/// other control character and the invisible ones are shown as <c>\n</c>, <c>\r</c>, <c>\t</c> or <c>\uXXXX</c>, and CI
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

    /// <summary>
    /// Whether a character prints as nothing and means nothing in a line of output: the zero-width space, the word joiner
    /// and the invisible mathematical operators, the zero-width no-break space (a byte order mark inside text), the
    /// Mongolian vowel separator. A name holding one looks exactly like the name without it ('prod' and 'pro\u200Bd'),
    /// so a diagnostic that quotes it would say a name is unknown while showing the known one. The zero-width joiner and
    /// non-joiner are not here: emoji sequences and several scripts need them.
    /// </summary>
    /// <param name="c">The character.</param>
    /// <returns>True for those characters.</returns>
    public static bool IsInvisible(char c) => c is '\u180E' or '\u200B' or (>= '\u2060' and <= '\u2064') or '\uFEFF';

    /// <summary>
    /// The high surrogate of the Unicode tag characters (U+E0000-U+E007F, invisible copies of ASCII that can hide a whole
    /// sentence in text that looks short) and the variation selectors supplement: the filters show it and the low
    /// surrogate after it as <c>\uXXXX</c>, both invisible when printed.
    /// </summary>
    public const char TagsHighSurrogate = '\uDB40';

    /// <summary>
    /// Whether a character is never printed as it is: control characters (C0, DEL, C1), the Unicode line and paragraph
    /// separators, bidirectional controls, invisible characters and the tags' high surrogate. The console filter shows
    /// them as <c>\uXXXX</c> (line feed, carriage return and tab by their own rules), the Markdown summary as spaces.
    /// </summary>
    /// <param name="c">The character.</param>
    /// <returns>True for those characters.</returns>
    public static bool IsUnprintable(char c) =>
        c < ' ' || c is (>= '\u007F' and <= '\u009F') or '\u2028' or '\u2029' or TagsHighSurrogate || IsBidiControl(c) || IsInvisible(c);

    private static bool NeedsFiltering(string text)
    {
        foreach (var c in text)
        {
            if (c is '#' or ':' || IsUnprintable(c))
            {
                return true;
            }
        }

        return false;
    }
}
