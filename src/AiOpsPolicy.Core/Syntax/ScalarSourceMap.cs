// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using System.Globalization;

namespace AiOpsPolicy.Core.Syntax;

/// <summary>
/// Rebuilds a scalar's value from its source text while remembering, for every character of the
/// value, the offset in the file it came from. YAML folds lines, strips indentation and unescapes
/// quotes, so "character 17 of the expression" is not "column 17 of the line"; this map is what
/// lets a C# error inside a block scalar point at the right line and column.
/// </summary>
/// <remarks>
/// The rebuilt value is compared with the value YamlDotNet produced. When they differ (an exotic
/// construct this scanner does not model), <see cref="Build"/> returns null and callers fall back to
/// the scalar's own location: less precise, never wrong.
/// </remarks>
internal static class ScalarSourceMap
{
    /// <summary>Builds the map, or returns null when the value cannot be rebuilt exactly.</summary>
    /// <param name="text">The file's text.</param>
    /// <param name="start">Offset of the scalar's first character (its opening quote or block indicator).</param>
    /// <param name="end">Offset just past the scalar.</param>
    /// <param name="style">How the scalar was written.</param>
    /// <param name="expected">The value the YAML parser produced.</param>
    /// <returns>For each character of the value, its offset in the file; or null.</returns>
    public static int[]? Build(string text, int start, int end, YamlScalarStyle style, string expected)
    {
        if (start < 0 || end > text.Length || start > end)
        {
            return null;
        }

        var builder = new Builder();
        var ok = style switch
        {
            YamlScalarStyle.Plain => Flow(text, start, end, builder, FlowQuoting.None),
            YamlScalarStyle.SingleQuoted => Flow(text, start + 1, end - 1, builder, FlowQuoting.Single),
            YamlScalarStyle.DoubleQuoted => Flow(text, start + 1, end - 1, builder, FlowQuoting.Double),
            YamlScalarStyle.Literal => Block(text, start, end, builder, folded: false),
            YamlScalarStyle.Folded => Block(text, start, end, builder, folded: true),
            _ => false,
        };

        if (!ok || !builder.Matches(expected, allowTrailingBreaks: style is YamlScalarStyle.Literal or YamlScalarStyle.Folded))
        {
            return null;
        }

        return builder.Offsets(expected.Length);
    }

    private enum FlowQuoting
    {
        None,
        Single,
        Double,
    }

    private static bool Flow(string text, int from, int to, Builder output, FlowQuoting quoting)
    {
        if (from > to)
        {
            return false;
        }

        var breaks = 0;
        var breakOffset = 0;
        var i = from;
        while (i < to)
        {
            var c = text[i];
            if (c is '\r' or '\n')
            {
                output.TrimTrailingBlanks();
                breaks++;
                breakOffset = i;
                i += c == '\r' && i + 1 < to && text[i + 1] == '\n' ? 2 : 1;
                while (i < to && text[i] is ' ' or '\t')
                {
                    i++;
                }

                continue;
            }

            if (breaks > 0)
            {
                output.AddFold(breaks, breakOffset);
                breaks = 0;
            }

            if (quoting == FlowQuoting.Single && c == '\'' && i + 1 < to && text[i + 1] == '\'')
            {
                output.Add('\'', i);
                i += 2;
                continue;
            }

            if (quoting == FlowQuoting.Double && c == '\\' && i + 1 < to)
            {
                var consumed = Escape(text, i, to, output);
                if (consumed == 0)
                {
                    return false;
                }

                i += consumed;
                continue;
            }

            output.Add(c, i);
            i++;
        }

        return true;
    }

    private static int Escape(string text, int at, int to, Builder output)
    {
        var code = text[at + 1];
        char? simple = code switch
        {
            '0' => '\0',
            'a' => '\a',
            'b' => '\b',
            't' or '\t' => '\t',
            'n' => '\n',
            'v' => '\v',
            'f' => '\f',
            'r' => '\r',
            'e' => '\u001b',
            ' ' => ' ',
            '"' => '"',
            '/' => '/',
            '\\' => '\\',
            'N' => '\u0085',
            '_' => '\u00a0',
            'L' => '\u2028',
            'P' => '\u2029',
            _ => null,
        };
        if (simple is { } ch)
        {
            output.Add(ch, at);
            return 2;
        }

        if (code is '\r' or '\n')
        {
            // An escaped line break joins the lines with nothing between them.
            var i = at + 2;
            if (code == '\r' && i < to && text[i] == '\n')
            {
                i++;
            }

            while (i < to && text[i] is ' ' or '\t')
            {
                i++;
            }

            return i - at;
        }

        var digits = code switch
        {
            'x' => 2,
            'u' => 4,
            'U' => 8,
            _ => 0,
        };
        if (digits == 0 || at + 2 + digits > to ||
            !int.TryParse(text.AsSpan(at + 2, digits), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var codePoint))
        {
            return 0;
        }

        foreach (var unit in char.ConvertFromUtf32(codePoint))
        {
            output.Add(unit, at);
        }

        return 2 + digits;
    }

    private static bool Block(string text, int start, int end, Builder output, bool folded)
    {
        // Header: the indicator, optional chomping and indentation indicators, an optional comment.
        var i = start + 1;
        while (i < end && text[i] is '+' or '-')
        {
            i++;
        }

        if (i < end && char.IsAsciiDigit(text[i]))
        {
            // An explicit indentation indicator is relative to the parent's indentation, which this
            // scanner does not know; fall back to the scalar's own location.
            return false;
        }

        var lineEnd = text.IndexOf('\n', i);
        if (lineEnd < 0 || lineEnd >= end)
        {
            return true;
        }

        var lines = new List<(int Start, int End)>();
        var pos = lineEnd + 1;
        while (pos < end)
        {
            var next = text.IndexOf('\n', pos);
            var stop = next < 0 || next > end ? end : next;
            var contentEnd = stop > pos && text[stop - 1] == '\r' ? stop - 1 : stop;
            lines.Add((pos, contentEnd));
            pos = stop + 1;
        }

        var indent = -1;
        foreach (var (ls, le) in lines)
        {
            var spaces = CountSpaces(text, ls, le);
            if (ls + spaces < le)
            {
                indent = spaces;
                break;
            }
        }

        if (indent < 0)
        {
            return true;
        }

        var previous = LineKind.None;
        var empty = 0;
        var lastBreak = lineEnd;
        foreach (var (ls, le) in lines)
        {
            var spaces = CountSpaces(text, ls, le);
            if (ls + spaces >= le)
            {
                empty++;
                lastBreak = le;
                continue;
            }

            if (spaces < indent)
            {
                break;
            }

            var contentStart = ls + indent;
            var kind = text[contentStart] is ' ' or '\t' ? LineKind.MoreIndented : LineKind.Normal;
            if (previous != LineKind.None)
            {
                if (folded && previous == LineKind.Normal && kind == LineKind.Normal)
                {
                    if (empty == 0)
                    {
                        output.Add(' ', lastBreak);
                    }
                    else
                    {
                        output.AddBreaks(empty, lastBreak);
                    }
                }
                else
                {
                    output.AddBreaks(empty + 1, lastBreak);
                }
            }
            else
            {
                output.AddBreaks(empty, lastBreak);
            }

            for (var c = contentStart; c < le; c++)
            {
                output.Add(text[c], c);
            }

            empty = 0;
            previous = kind;
            lastBreak = le;
        }

        output.AddBreaks(1, lastBreak);
        return true;
    }

    private static int CountSpaces(string text, int from, int to)
    {
        var n = 0;
        while (from + n < to && text[from + n] == ' ')
        {
            n++;
        }

        return n;
    }

    private enum LineKind
    {
        None,
        Normal,
        MoreIndented,
    }

    private sealed class Builder
    {
        private readonly List<char> _chars = [];
        private readonly List<int> _offsets = [];

        public void Add(char c, int offset)
        {
            _chars.Add(c);
            _offsets.Add(offset);
        }

        public void AddBreaks(int count, int offset)
        {
            for (var i = 0; i < count; i++)
            {
                Add('\n', offset);
            }
        }

        public void AddFold(int breaks, int offset)
        {
            if (breaks == 1)
            {
                Add(' ', offset);
            }
            else
            {
                AddBreaks(breaks - 1, offset);
            }
        }

        public void TrimTrailingBlanks()
        {
            while (_chars.Count > 0 && _chars[^1] is ' ' or '\t')
            {
                _chars.RemoveAt(_chars.Count - 1);
                _offsets.RemoveAt(_offsets.Count - 1);
            }
        }

        public bool Matches(string expected, bool allowTrailingBreaks)
        {
            if (_chars.Count < expected.Length)
            {
                return false;
            }

            for (var i = 0; i < expected.Length; i++)
            {
                if (_chars[i] != expected[i])
                {
                    return false;
                }
            }

            for (var i = expected.Length; i < _chars.Count; i++)
            {
                if (!allowTrailingBreaks || _chars[i] != '\n')
                {
                    return false;
                }
            }

            return true;
        }

        public int[] Offsets(int length)
        {
            var result = new int[length + 1];
            for (var i = 0; i < length; i++)
            {
                result[i] = _offsets[i];
            }

            result[length] = length > 0 ? _offsets[length - 1] + 1 : (_offsets.Count > 0 ? _offsets[0] : 0);
            return result;
        }
    }
}
