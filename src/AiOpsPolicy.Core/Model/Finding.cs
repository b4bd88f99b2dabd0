// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using System.Collections.Immutable;
using AiOpsPolicy.Core.Syntax;

namespace AiOpsPolicy.Core.Model;

/// <summary>
/// A finding rule: a condition (typically this window against the previous one) that, when it holds, is reported as
/// an observation with a message. Findings never block.
/// </summary>
public sealed class Finding : PolicyObject
{
    internal Finding(PolicyMetadata metadata, YamlMapping node)
        : base(metadata, node)
    {
    }

    /// <inheritdoc />
    public override PolicyKind Kind => PolicyKind.Finding;

    /// <summary>Gets the metric group the finding belongs to: reliability, data, value, risk or scale.</summary>
    public string? Group { get; init; }

    /// <summary>Gets the condition under which the finding is reported.</summary>
    public PolicyExpression? When { get; init; }

    /// <summary>Gets the message as written, placeholders included.</summary>
    public string Message { get; init; } = string.Empty;

    /// <summary>Gets the message cut into literal text and <c>{expression}</c> placeholders, in order.</summary>
    public ImmutableArray<FindingMessagePart> MessageParts { get; init; } = [];
}

/// <summary>A piece of a finding's message: literal text, or a C# expression whose value is written in its place.</summary>
/// <param name="Text">The literal text (placeholder braces already unescaped); empty for an expression.</param>
/// <param name="Expression">The placeholder's expression, or null for literal text.</param>
public sealed record FindingMessagePart(string Text, PolicyExpression? Expression);
