// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using System.Text;
using AiOpsPolicy.Core.Evidence;

namespace AiOpsPolicy.Warehouse.ClickHouse;

/// <summary>
/// The rows of a <c>TabSeparated</c> answer, one line each: fields split at tabs, ClickHouse's backslash escapes undone
/// (a tab or line break inside a value is always escaped, so a raw one always separates), <c>\N</c> a NULL.
/// </summary>
internal sealed class TsvRows : IDisposable
{
    private readonly HttpResponseMessage _response;
    private readonly StreamReader _reader;
    private readonly string _display;

    public TsvRows(HttpResponseMessage response, string display)
    {
        _response = response;
        _display = display;
        _reader = new StreamReader(response.Content.ReadAsStream(), new UTF8Encoding(false, false), false, 1 << 16);
    }

    /// <summary>Reads the next row.</summary>
    /// <returns>The fields (null for NULL), or null after the last row.</returns>
    /// <exception cref="EvidenceFormatException">The answer broke off.</exception>
    public string?[]? Next()
    {
        string? line;
        try
        {
            line = _reader.ReadLine();
        }
        catch (Exception ex) when (ex is IOException or HttpRequestException)
        {
            throw new EvidenceFormatException($"the answer of ClickHouse at '{_display}' broke off: {ex.Message.TrimEnd('.')}", ex);
        }

        return line is null ? null : Split(line);
    }

    public void Dispose()
    {
        _reader.Dispose();
        _response.Dispose();
    }

    /// <summary>Splits one line into unescaped fields.</summary>
    /// <param name="line">The line.</param>
    /// <returns>The fields.</returns>
    internal static string?[] Split(string line)
    {
        var fields = new List<string?>();
        var text = new StringBuilder();
        var start = 0;
        for (var i = 0; i <= line.Length; i++)
        {
            if (i < line.Length && line[i] != '\t')
            {
                continue;
            }

            fields.Add(Unescape(line, start, i, text));
            start = i + 1;
        }

        return [.. fields];
    }

    private static string? Unescape(string line, int start, int end, StringBuilder text)
    {
        if (end - start == 2 && line[start] == '\\' && line[start + 1] == 'N')
        {
            return null;
        }

        var slash = line.IndexOf('\\', start, end - start);
        if (slash < 0)
        {
            return line[start..end];
        }

        text.Clear();
        for (var i = start; i < end; i++)
        {
            var c = line[i];
            if (c != '\\' || i + 1 >= end)
            {
                text.Append(c);
                continue;
            }

            var next = line[++i];
            text.Append(next switch
            {
                'b' => '\b',
                'f' => '\f',
                'r' => '\r',
                'n' => '\n',
                't' => '\t',
                '0' => '\0',
                'a' => '\a',
                'v' => '\v',
                _ => next,
            });
        }

        return text.ToString();
    }
}
