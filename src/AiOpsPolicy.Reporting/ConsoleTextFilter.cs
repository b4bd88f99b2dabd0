// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using System.Globalization;
using System.Text;

namespace AiOpsPolicy.Reporting;

/// <summary>
/// A streaming filter for text on its way to a terminal or a CI log, one character at a time, so a
/// sequence split across two writes is still recognised:
/// <list type="bullet">
/// <item>Escape sequences (ECMA-48: CSI, OSC, DCS, SOS, PM, APC, two-byte ESC sequences, and their C1
/// forms) are removed whole. With <c>allowColor</c>, only SGR sequences (<c>ESC [ digits ; ... m</c>),
/// which change colour and weight and nothing else, are kept: the CLI's own colours. An unterminated
/// sequence ends at the next line break, so it cannot swallow the lines after it.</item>
/// <item>Other control characters, DEL, C1 controls, bidirectional controls, invisible characters
/// (<see cref="ConsoleText.IsInvisible"/>, and the tag characters as their two surrogates) and the Unicode line and
/// paragraph separators are shown as <c>\uXXXX</c>; with <c>singleLine</c>, line feed, carriage return
/// and tab are shown as <c>\n</c>, <c>\r</c> and <c>\t</c>, otherwise a carriage return is kept only
/// before a line feed (a lone one would let a line overwrite itself on a terminal).</item>
/// <item>A line whose first non-blank characters are <c>::</c> (a GitHub Actions workflow command)
/// is written <c>:\:</c>, and <c>##</c> followed by letters and <c>[</c> (the service messages of
/// GitHub's older syntax, Azure Pipelines and TeamCity, recognised anywhere in a line) is written
/// with <c>\[</c>, so a runner reading the log acts on neither.</item>
/// </list>
/// </summary>
public sealed class ConsoleTextFilter
{
    private const char Esc = '\u001b';
    private const int MaxSequenceLength = 256;

    private readonly bool _singleLine;
    private readonly bool _allowColor;
    private readonly StringBuilder _sequence = new();
    private State _state;
    private LineState _line;
    private int _hashes;
    private bool _hashWord;
    private bool _pendingCarriageReturn;
    private bool _afterTagsHighSurrogate;

    /// <summary>Initializes a new instance of the <see cref="ConsoleTextFilter"/> class.</summary>
    /// <param name="singleLine">Whether line breaks and tabs are escaped too (text embedded in one line).</param>
    /// <param name="allowColor">Whether SGR colour sequences are kept (the CLI's own colours on a terminal).</param>
    public ConsoleTextFilter(bool singleLine, bool allowColor)
    {
        _singleLine = singleLine;
        _allowColor = allowColor;
    }

    private enum State
    {
        Text,
        Escape,
        EscapeIntermediate,
        ControlSequence,
        CommandString,
        CommandStringEscape,
    }

    private enum LineState
    {
        Start,
        OneColon,
        Other,
    }

    /// <summary>Gets a value indicating whether nothing but blanks has been written since the last line break.</summary>
    public bool AtLineStart => _line == LineState.Start && !_pendingCarriageReturn;

    /// <summary>Filters text, appending what may be shown.</summary>
    /// <param name="text">The text.</param>
    /// <param name="output">Where the filtered text goes.</param>
    public void Append(ReadOnlySpan<char> text, StringBuilder output)
    {
        ArgumentNullException.ThrowIfNull(output);
        foreach (var c in text)
        {
            Append(c, output);
        }
    }

    /// <summary>Ends the text: drops an unterminated escape sequence and shows a trailing lone carriage return.</summary>
    /// <param name="output">Where the filtered text goes.</param>
    public void Complete(StringBuilder output)
    {
        ArgumentNullException.ThrowIfNull(output);
        _state = State.Text;
        _sequence.Clear();
        if (_pendingCarriageReturn)
        {
            _pendingCarriageReturn = false;
            EmitVisible("\\r", output);
        }
    }

    /// <summary>Tells the filter that a line was written around it (a trusted workflow command), so the next text starts a line.</summary>
    public void ResetLine()
    {
        _line = LineState.Start;
        _hashes = 0;
        _hashWord = false;
    }

    /// <summary>Filters one character.</summary>
    /// <param name="c">The character.</param>
    /// <param name="output">Where the filtered text goes.</param>
    public void Append(char c, StringBuilder output)
    {
        ArgumentNullException.ThrowIfNull(output);
        switch (_state)
        {
            case State.Escape:
                _sequence.Append(c);
                if (c == '[')
                {
                    _state = State.ControlSequence;
                }
                else if (c is ']' or 'P' or 'X' or '^' or '_')
                {
                    _state = State.CommandString;
                }
                else if (c is >= ' ' and <= '/')
                {
                    _state = State.EscapeIntermediate;
                }
                else if (c is >= '0' and <= '~')
                {
                    EndSequence();
                }
                else
                {
                    // Not a sequence after all: drop the ESC and read the character as text.
                    EndSequence();
                    Text(c, output);
                }

                return;
            case State.EscapeIntermediate:
                if (c is >= ' ' and <= '/' && _sequence.Length < MaxSequenceLength)
                {
                    _sequence.Append(c);
                    return;
                }

                EndSequence();
                if (c is < '0' or > '~')
                {
                    Text(c, output);
                }

                return;
            case State.ControlSequence:
                if (c is >= ' ' and <= '?' && _sequence.Length < MaxSequenceLength)
                {
                    _sequence.Append(c);
                    return;
                }

                if (c is >= '@' and <= '~')
                {
                    if (c == 'm' && _allowColor && IsSelectGraphicRendition(_sequence))
                    {
                        output.Append(_sequence).Append(c);
                    }

                    EndSequence();
                    return;
                }

                EndSequence();
                Text(c, output);
                return;
            case State.CommandString:
                if (c is '\u0007' or '\u009c')
                {
                    EndSequence();
                }
                else if (c == Esc)
                {
                    _state = State.CommandStringEscape;
                }
                else if (c is '\n' or '\r' || _sequence.Length >= MaxSequenceLength * 16)
                {
                    EndSequence();
                    Text(c, output);
                }
                else
                {
                    _sequence.Append(c);
                }

                return;
            case State.CommandStringEscape:
                EndSequence();
                if (c != '\\')
                {
                    // ESC inside a string starts a new sequence; the string ended without its terminator.
                    Append(Esc, output);
                    Append(c, output);
                }

                return;
            default:
                Text(c, output);
                return;
        }
    }

    private static bool IsSelectGraphicRendition(StringBuilder sequence)
    {
        // ESC [ then digits and semicolons only (no private-mode '?' and no intermediates).
        if (sequence.Length < 2 || sequence[0] != Esc || sequence[1] != '[')
        {
            return false;
        }

        for (var i = 2; i < sequence.Length; i++)
        {
            if (sequence[i] is not ((>= '0' and <= '9') or ';'))
            {
                return false;
            }
        }

        return true;
    }

    private static string Escaped(char c) => "\\u" + ((int)c).ToString("X4", CultureInfo.InvariantCulture);

    private void EndSequence()
    {
        _state = State.Text;
        _sequence.Clear();
    }

    private void Text(char c, StringBuilder output)
    {
        // The low surrogate after an escaped tags high surrogate is escaped too (U+E0000-U+E01EF: tags and variation selectors).
        var afterTagsHighSurrogate = _afterTagsHighSurrogate;
        _afterTagsHighSurrogate = false;
        if (_pendingCarriageReturn)
        {
            _pendingCarriageReturn = false;
            if (c == '\n')
            {
                output.Append('\r').Append('\n');
                ResetLine();
                return;
            }

            EmitVisible("\\r", output);
        }

        switch (c)
        {
            case Esc:
                _state = State.Escape;
                _sequence.Append(c);
                return;
            case '\u009b':
                // The C1 form of CSI is never kept, even with colour: the CLI writes only the ESC [ form.
                _state = State.ControlSequence;
                _sequence.Append(c).Append('[');
                return;
            case '\u0090' or '\u0098' or '\u009d' or '\u009e' or '\u009f':
                _state = State.CommandString;
                _sequence.Append(c);
                return;
            case '\n':
                if (_singleLine)
                {
                    EmitVisible("\\n", output);
                }
                else
                {
                    output.Append('\n');
                    ResetLine();
                }

                return;
            case '\r':
                if (_singleLine)
                {
                    EmitVisible("\\r", output);
                }
                else
                {
                    _pendingCarriageReturn = true;
                }

                return;
            case '\t':
                if (_singleLine)
                {
                    EmitVisible("\\t", output);
                }
                else
                {
                    output.Append('\t');
                }

                return;
        }

        if (ConsoleText.IsUnprintable(c) || (afterTagsHighSurrogate && char.IsLowSurrogate(c)))
        {
            _afterTagsHighSurrogate = c == ConsoleText.TagsHighSurrogate;
            EmitVisible(Escaped(c), output);
            return;
        }

        Emit(c, output);
    }

    private void EmitVisible(string text, StringBuilder output)
    {
        foreach (var c in text)
        {
            Emit(c, output);
        }
    }

    private void Emit(char c, StringBuilder output)
    {
        // A workflow command is a line whose first non-blank characters are "::".
        switch (_line)
        {
            case LineState.Start when c == ':':
                _line = LineState.OneColon;
                break;
            case LineState.Start when c is ' ' or '\t':
                break;
            case LineState.OneColon when c == ':':
                output.Append('\\');
                _line = LineState.Other;
                break;
            default:
                _line = LineState.Other;
                break;
        }

        // A service message is "##", optional letters, then "[" anywhere in a line.
        if (c == '#')
        {
            _hashes = _hashWord ? 1 : _hashes + 1;
            _hashWord = false;
        }
        else if (c == '[' && _hashes >= 2)
        {
            output.Append('\\');
            _hashes = 0;
            _hashWord = false;
        }
        else if (_hashes >= 2 && char.IsAsciiLetter(c))
        {
            _hashWord = true;
        }
        else
        {
            _hashes = 0;
            _hashWord = false;
        }

        output.Append(c);
    }
}
