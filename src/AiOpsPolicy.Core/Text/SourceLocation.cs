// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

namespace AiOpsPolicy.Core.Text;

/// <summary>
/// Where something is in a source file: a path plus a 1-based start and end line and column.
/// Printed as <c>path(line,col)</c>, the form compilers and CI annotators understand.
/// </summary>
/// <param name="Path">The file's path as the user gave it (relative paths stay relative).</param>
/// <param name="StartLine">1-based line of the first character.</param>
/// <param name="StartColumn">1-based column of the first character.</param>
/// <param name="EndLine">1-based line of the last character.</param>
/// <param name="EndColumn">1-based column just past the last character.</param>
public sealed record SourceLocation(string Path, int StartLine, int StartColumn, int EndLine, int EndColumn)
{
    /// <summary>The location of a problem that belongs to no file (for example a bad command-line option).</summary>
    public static SourceLocation None { get; } = new(string.Empty, 0, 0, 0, 0);

    /// <summary>Gets a value indicating whether this location points into a file.</summary>
    public bool IsInFile => Path.Length > 0;

    /// <summary>Gets a value indicating whether this location has a line and column.</summary>
    public bool HasPosition => StartLine > 0;

    /// <summary>A location that names a file but no position in it.</summary>
    /// <param name="path">The file's path.</param>
    /// <returns>The location.</returns>
    public static SourceLocation ForFile(string path) => new(path, 0, 0, 0, 0);

    /// <summary>A location of a single position.</summary>
    /// <param name="path">The file's path.</param>
    /// <param name="line">1-based line.</param>
    /// <param name="column">1-based column.</param>
    /// <returns>The location.</returns>
    public static SourceLocation At(string path, int line, int column) => new(path, line, column, line, column + 1);

    /// <inheritdoc />
    public override string ToString()
    {
        if (!IsInFile)
        {
            return string.Empty;
        }

        return HasPosition ? $"{Path}({StartLine},{StartColumn})" : Path;
    }
}
