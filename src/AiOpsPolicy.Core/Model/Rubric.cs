// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using System.Collections.Immutable;
using AiOpsPolicy.Core.Syntax;

namespace AiOpsPolicy.Core.Model;

/// <summary>A responsible-AI rubric: named checks, each a C# predicate over a model evaluation.</summary>
public sealed class Rubric : PolicyObject
{
    internal Rubric(PolicyMetadata metadata, YamlMapping node)
        : base(metadata, node)
    {
    }

    /// <inheritdoc />
    public override PolicyKind Kind => PolicyKind.Rubric;

    /// <summary>Gets the models the rubric applies to; empty means every evaluated model.</summary>
    public ImmutableArray<string> Models { get; init; } = [];

    /// <summary>Gets the checks.</summary>
    public ImmutableArray<RubricCheck> Checks { get; init; } = [];
}
