// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using AiOpsPolicy.Core.Syntax;

namespace AiOpsPolicy.Core.Model;

/// <summary>A reusable named expression, visible to other expressions by its PascalCase name.</summary>
public sealed class Definition : PolicyObject
{
    internal Definition(PolicyMetadata metadata, YamlMapping node, PolicyExpression expression)
        : base(metadata, node)
    {
        Expression = expression;
    }

    /// <inheritdoc />
    public override PolicyKind Kind => PolicyKind.Definition;

    /// <summary>Gets the expression.</summary>
    public PolicyExpression Expression { get; }

    /// <summary>Gets the name expressions use: the document name in PascalCase (<c>triage-window</c> is <c>TriageWindow</c>).</summary>
    public string MemberName => Naming.ToPascalCase(Name);
}
