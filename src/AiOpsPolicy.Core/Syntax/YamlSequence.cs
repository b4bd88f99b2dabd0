// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using System.Collections.Immutable;
using AiOpsPolicy.Core.Text;

namespace AiOpsPolicy.Core.Syntax;

/// <summary>A sequence of nodes.</summary>
public sealed class YamlSequence : YamlNode
{
    /// <summary>Initializes a new instance of the <see cref="YamlSequence"/> class.</summary>
    /// <param name="file">The file the node is in.</param>
    /// <param name="start">0-based offset of the node's first character.</param>
    /// <param name="end">0-based offset just past the node's last character.</param>
    /// <param name="items">The items in order.</param>
    public YamlSequence(SourceFile file, int start, int end, ImmutableArray<YamlNode> items)
        : base(file, start, end)
    {
        Items = items;
    }

    /// <summary>Gets the items in order.</summary>
    public ImmutableArray<YamlNode> Items { get; }

    /// <inheritdoc />
    public override string ShapeName => "sequence";
}
