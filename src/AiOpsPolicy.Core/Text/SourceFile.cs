// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

namespace AiOpsPolicy.Core.Text;

/// <summary>A policy or evidence file's path and text, read once and shared by every stage.</summary>
public sealed class SourceFile
{
    private LineMap? _lines;

    /// <summary>Initializes a new instance of the <see cref="SourceFile"/> class.</summary>
    /// <param name="path">The path shown in diagnostics.</param>
    /// <param name="text">The file's text.</param>
    public SourceFile(string path, string text)
    {
        Path = path;
        Text = text;
    }

    /// <summary>Gets the path shown in diagnostics.</summary>
    public string Path { get; }

    /// <summary>Gets the file's text.</summary>
    public string Text { get; }

    /// <summary>Gets the line map of the text, built on first use.</summary>
    public LineMap Lines => _lines ??= new LineMap(Text);

    /// <summary>The location of a span of the text given as 0-based offsets.</summary>
    /// <param name="start">Offset of the first character.</param>
    /// <param name="end">Offset just past the last character.</param>
    /// <returns>The location.</returns>
    public SourceLocation GetLocation(int start, int end)
    {
        var (startLine, startColumn) = Lines.GetPosition(start);
        var (endLine, endColumn) = Lines.GetPosition(Math.Max(start, end));
        return new SourceLocation(Path, startLine, startColumn, endLine, endColumn);
    }
}
