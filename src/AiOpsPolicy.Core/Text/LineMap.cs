// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

namespace AiOpsPolicy.Core.Text;

/// <summary>
/// Maps 0-based character offsets in a text to 1-based lines and columns. Built once per file.
/// </summary>
public sealed class LineMap
{
    private readonly int[] _lineStarts;

    /// <summary>Initializes a new instance of the <see cref="LineMap"/> class.</summary>
    /// <param name="text">The whole text of the file.</param>
    public LineMap(string text)
    {
        var starts = new List<int> { 0 };
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '\n')
            {
                starts.Add(i + 1);
            }
        }

        _lineStarts = [.. starts];
    }

    /// <summary>Gets the number of lines.</summary>
    public int LineCount => _lineStarts.Length;

    /// <summary>Gets the 1-based line and column of a 0-based offset.</summary>
    /// <param name="offset">The offset into the text.</param>
    /// <returns>The line and column.</returns>
    public (int Line, int Column) GetPosition(int offset)
    {
        var index = Array.BinarySearch(_lineStarts, offset);
        var line = index >= 0 ? index : ~index - 1;
        return (line + 1, offset - _lineStarts[line] + 1);
    }

    /// <summary>Gets the 0-based offset of a 1-based line and column.</summary>
    /// <param name="line">1-based line.</param>
    /// <param name="column">1-based column.</param>
    /// <returns>The offset.</returns>
    public int GetOffset(int line, int column) => _lineStarts[Math.Clamp(line - 1, 0, _lineStarts.Length - 1)] + column - 1;
}
