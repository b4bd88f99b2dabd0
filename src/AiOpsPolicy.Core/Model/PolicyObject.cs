// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using AiOpsPolicy.Core.Syntax;
using AiOpsPolicy.Core.Text;

namespace AiOpsPolicy.Core.Model;

/// <summary>A declared policy document of any kind, bound to its typed model.</summary>
public abstract class PolicyObject
{
    /// <summary>Initializes a new instance of the <see cref="PolicyObject"/> class.</summary>
    /// <param name="metadata">The document's metadata.</param>
    /// <param name="node">The document's YAML.</param>
    protected PolicyObject(PolicyMetadata metadata, YamlMapping node)
    {
        Metadata = metadata;
        Node = node;
    }

    /// <summary>Gets the kind of document.</summary>
    public abstract PolicyKind Kind { get; }

    /// <summary>Gets the document's metadata.</summary>
    public PolicyMetadata Metadata { get; }

    /// <summary>Gets the document's name.</summary>
    public string Name => Metadata.Name;

    /// <summary>Gets the document's YAML, for locating problems.</summary>
    internal YamlMapping Node { get; }

    /// <summary>Gets where the document's name is written, the place to point at for problems with the whole document.</summary>
    public SourceLocation Location => ((Node["metadata"] as YamlMapping)?["name"] ?? Node).Location;
}
