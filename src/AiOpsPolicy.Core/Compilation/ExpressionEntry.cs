// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using AiOpsPolicy.Core.Model;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace AiOpsPolicy.Core.Compilation;

/// <summary>One expression of the policy set, parsed on its own, with where it goes in the generated class.</summary>
/// <param name="Id">Its number among the set's expressions: the key of its placeholder and of its node in the tree.</param>
/// <param name="Kind">What it is (definition, measure, condition, ...).</param>
/// <param name="Index">The index of its gate, finding or rubric check; 0 for a definition.</param>
/// <param name="Expression">The expression as written, with its location in the YAML.</param>
/// <param name="Syntax">The parsed expression.</param>
/// <param name="Owner">The object that declares it.</param>
/// <param name="MemberName">A definition's member name; null otherwise.</param>
internal sealed record ExpressionEntry(int Id, ExpressionEntryKind Kind, int Index, PolicyExpression Expression, ExpressionSyntax Syntax, PolicyObject Owner, string? MemberName)
{
    /// <summary>Gets the placeholder's position in its finding's message, for <see cref="ExpressionEntryKind.FindingPart"/>.</summary>
    public int Part { get; init; }
}
