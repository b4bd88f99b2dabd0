// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using AiOpsPolicy.Core.Text;

namespace AiOpsPolicy.Core.Syntax;

/// <summary>
/// A node of a YAML document that remembers where it came from. The loader builds these trees
/// instead of binding YAML straight to objects so that every later stage can point at the exact line.
/// </summary>
public abstract class YamlNode
{
    /// <summary>Initializes a new instance of the <see cref="YamlNode"/> class.</summary>
    /// <param name="file">The file the node is in.</param>
    /// <param name="start">0-based offset of the node's first character.</param>
    /// <param name="end">0-based offset just past the node's last character.</param>
    protected YamlNode(SourceFile file, int start, int end)
    {
        File = file;
        Start = start;
        End = end;
    }

    /// <summary>Gets the file the node is in.</summary>
    public SourceFile File { get; }

    /// <summary>Gets the 0-based offset of the node's first character.</summary>
    public int Start { get; }

    /// <summary>Gets the 0-based offset just past the node's last character.</summary>
    public int End { get; }

    /// <summary>Gets the node's location in its file.</summary>
    public SourceLocation Location => File.GetLocation(Start, End);

    /// <summary>Gets a word for the node's shape, for messages: "mapping", "sequence" or "scalar".</summary>
    public abstract string ShapeName { get; }
}
