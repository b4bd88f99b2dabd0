// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using AiOpsPolicy.Core.Syntax;
using AiOpsPolicy.Core.Text;

namespace AiOpsPolicy.Core.Model;

/// <summary>A C# expression written in a YAML scalar, with what it is for.</summary>
public sealed class PolicyExpression
{
    private readonly int _start;
    private readonly int _length;

    internal PolicyExpression(YamlScalar scalar, string role)
        : this(scalar, role, 0, scalar.Value.Length)
    {
    }

    // An expression written in part of a scalar, such as a {placeholder} of a finding's message.
    internal PolicyExpression(YamlScalar scalar, string role, int start, int length)
    {
        Scalar = scalar;
        Role = role;
        _start = start;
        _length = length;
    }

    /// <summary>Gets the expression's text, as YAML gave it.</summary>
    public string Text => _start == 0 && _length == Scalar.Value.Length ? Scalar.Value : Scalar.Value.Substring(_start, _length);

    /// <summary>Gets what the expression is for, for messages: "measure of gate 'triage-sla'".</summary>
    public string Role { get; }

    /// <summary>Gets the location of the whole expression.</summary>
    public SourceLocation Location => _start == 0 && _length == Scalar.Value.Length ? Scalar.Location : Scalar.GetValueLocation(_start, _start + _length);

    /// <summary>
    /// Gets the location of the expression's own text: its first character to its last. For a block scalar
    /// (<c>condition: |</c>) that is the line below the key, where the expression is written, not the key's line.
    /// </summary>
    public SourceLocation TextLocation => GetLocation(0, Math.Max(_length, 1));

    /// <summary>Gets the scalar the expression came from.</summary>
    internal YamlScalar Scalar { get; }

    /// <summary>Maps a span of the expression's text to its location in the YAML file.</summary>
    /// <param name="start">0-based offset into <see cref="Text"/>.</param>
    /// <param name="end">0-based offset just past the span.</param>
    /// <returns>The location.</returns>
    public SourceLocation GetLocation(int start, int end) => Scalar.GetValueLocation(_start + start, _start + end);

    /// <inheritdoc />
    public override string ToString() => Text;
}
