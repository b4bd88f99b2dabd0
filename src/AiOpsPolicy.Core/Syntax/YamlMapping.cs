// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using System.Collections.Immutable;
using AiOpsPolicy.Core.Text;

namespace AiOpsPolicy.Core.Syntax;

/// <summary>A mapping whose keys are scalars, in the order they were written.</summary>
public sealed class YamlMapping : YamlNode
{
    /// <summary>Initializes a new instance of the <see cref="YamlMapping"/> class.</summary>
    /// <param name="file">The file the node is in.</param>
    /// <param name="start">0-based offset of the node's first character.</param>
    /// <param name="end">0-based offset just past the node's last character.</param>
    /// <param name="entries">The entries in source order; keys are unique.</param>
    public YamlMapping(SourceFile file, int start, int end, ImmutableArray<KeyValuePair<YamlScalar, YamlNode>> entries)
        : base(file, start, end)
    {
        Entries = entries;
    }

    /// <summary>Gets the entries in source order.</summary>
    public ImmutableArray<KeyValuePair<YamlScalar, YamlNode>> Entries { get; }

    /// <inheritdoc />
    public override string ShapeName => "mapping";

    /// <summary>Gets the value of a key, or null.</summary>
    /// <param name="key">The key.</param>
    /// <returns>The value node, or null when the key is absent.</returns>
    public YamlNode? this[string key]
    {
        get
        {
            foreach (var entry in Entries)
            {
                if (string.Equals(entry.Key.Value, key, StringComparison.Ordinal))
                {
                    return entry.Value;
                }
            }

            return null;
        }
    }

    /// <summary>Gets the key node of a key, or null.</summary>
    /// <param name="key">The key.</param>
    /// <returns>The key's scalar, or null when absent.</returns>
    public YamlScalar? GetKey(string key)
    {
        foreach (var entry in Entries)
        {
            if (string.Equals(entry.Key.Value, key, StringComparison.Ordinal))
            {
                return entry.Key;
            }
        }

        return null;
    }
}
