// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using AiOpsPolicy.Core.Text;

namespace AiOpsPolicy.Core.Syntax;

/// <summary>How a scalar was written; it decides how its text maps back to the file.</summary>
public enum YamlScalarStyle
{
    /// <summary>Unquoted.</summary>
    Plain,

    /// <summary>In single quotes.</summary>
    SingleQuoted,

    /// <summary>In double quotes, with backslash escapes.</summary>
    DoubleQuoted,

    /// <summary>A literal block, introduced by <c>|</c>.</summary>
    Literal,

    /// <summary>A folded block, introduced by <c>&gt;</c>.</summary>
    Folded,
}

/// <summary>A scalar: its value, how it was written, and a map from value characters back to the file.</summary>
public sealed class YamlScalar : YamlNode
{
    private int[]? _sourceMap;
    private bool _sourceMapBuilt;

    /// <summary>Initializes a new instance of the <see cref="YamlScalar"/> class.</summary>
    /// <param name="file">The file the node is in.</param>
    /// <param name="start">0-based offset of the node's first character.</param>
    /// <param name="end">0-based offset just past the node's last character.</param>
    /// <param name="value">The scalar's value after YAML unescaping and folding.</param>
    /// <param name="style">How the scalar was written.</param>
    /// <param name="tag">The explicit tag, if any.</param>
    public YamlScalar(SourceFile file, int start, int end, string value, YamlScalarStyle style, string? tag)
        : base(file, start, end)
    {
        Value = value;
        Style = style;
        Tag = tag;
    }

    /// <summary>Gets the scalar's value after YAML unescaping and folding.</summary>
    public string Value { get; }

    /// <summary>Gets how the scalar was written.</summary>
    public YamlScalarStyle Style { get; }

    /// <summary>Gets the explicit tag, if any.</summary>
    public string? Tag { get; }

    /// <inheritdoc />
    public override string ShapeName => "scalar";

    /// <summary>Gets a value indicating whether the scalar is plain and reads as YAML null.</summary>
    public bool IsNull => Style == YamlScalarStyle.Plain && Tag is null && Value is "" or "~" or "null" or "Null" or "NULL";

    /// <summary>
    /// The location of a span of the value, mapped back through quoting, escapes and folding to the
    /// file. Used to put a C# error inside an expression at its exact line and column.
    /// </summary>
    /// <param name="valueStart">0-based offset into <see cref="Value"/>.</param>
    /// <param name="valueEnd">0-based offset just past the span in <see cref="Value"/>.</param>
    /// <returns>The location in the file; the whole scalar when the mapping is not exact.</returns>
    public SourceLocation GetValueLocation(int valueStart, int valueEnd)
    {
        if (!_sourceMapBuilt)
        {
            _sourceMap = ScalarSourceMap.Build(File.Text, Start, End, Style, Value);
            _sourceMapBuilt = true;
        }

        if (_sourceMap is null)
        {
            return Location;
        }

        var start = _sourceMap[Math.Clamp(valueStart, 0, Value.Length)];
        var endIndex = Math.Clamp(valueEnd, 0, Value.Length);
        var end = endIndex > valueStart && endIndex > 0 ? _sourceMap[endIndex - 1] + 1 : start;
        return File.GetLocation(start, Math.Max(start, end));
    }
}
