// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using System.Text;

namespace AiOpsPolicy.Core.Evidence;

/// <summary>An RFC 4180 CSV reader: quoted fields, doubled quotes, line breaks inside quotes.</summary>
internal sealed class CsvReader
{
    private readonly string _text;
    private int _position;
    private int _line = 1;

    public CsvReader(string text)
    {
        _text = text;
    }

    /// <summary>Reads the next row.</summary>
    /// <param name="row">The row's fields.</param>
    /// <param name="line">The 1-based line the row starts on.</param>
    /// <param name="error">What is wrong with the row, if anything.</param>
    /// <returns>False at the end of the text.</returns>
    public bool ReadRow(out List<string> row, out int line, out string? error)
    {
        row = [];
        line = _line;
        error = null;
        if (_position >= _text.Length)
        {
            return false;
        }

        var field = new StringBuilder();
        var quoted = false;
        var wasQuoted = false;
        while (_position < _text.Length)
        {
            var c = _text[_position++];
            if (quoted)
            {
                if (c == '"')
                {
                    if (_position < _text.Length && _text[_position] == '"')
                    {
                        field.Append('"');
                        _position++;
                    }
                    else
                    {
                        quoted = false;
                    }
                }
                else
                {
                    if (c == '\n')
                    {
                        _line++;
                    }

                    field.Append(c);
                }

                continue;
            }

            switch (c)
            {
                case '"' when field.Length == 0 && !wasQuoted:
                    quoted = true;
                    wasQuoted = true;
                    break;
                case '"':
                    error = $"a quote in the middle of an unquoted field on line {_line}; quote the whole field and double the quote";
                    SkipLine();
                    return true;
                case ',':
                    row.Add(field.ToString());
                    field.Clear();
                    wasQuoted = false;
                    break;
                case '\r':
                    break;
                case '\n':
                    _line++;
                    row.Add(field.ToString());
                    return true;
                default:
                    field.Append(c);
                    break;
            }
        }

        if (quoted)
        {
            error = $"a quoted field that starts on line {line} is never closed";
            return true;
        }

        row.Add(field.ToString());
        return true;
    }

    private void SkipLine()
    {
        while (_position < _text.Length && _text[_position++] != '\n')
        {
        }

        _line++;
    }
}
