// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace AiOpsPolicy.Core.Compilation;

/// <summary>Splits conditions into their clauses, so that a report can show the value of each.</summary>
internal static class ConditionClauses
{
    /// <summary>
    /// The clauses of a condition made of <c>&amp;&amp;</c> and <c>||</c>, left to right; one clause otherwise, and one
    /// clause when the condition declares a variable outside a lambda (<c>x is var n &amp;&amp; n &gt;= 0</c>): a
    /// clause that uses a variable another clause declares has no value of its own.
    /// </summary>
    /// <param name="condition">The condition.</param>
    /// <returns>The clauses.</returns>
    public static List<ExpressionSyntax> Of(ExpressionSyntax condition)
    {
        if (condition.DescendantNodesAndSelf(n => n is not AnonymousFunctionExpressionSyntax).OfType<VariableDesignationSyntax>().Any())
        {
            return [Unparenthesized(condition)];
        }

        // An explicit stack, not recursion: a condition of 100,000 clauses nests 100,000 deep on its left.
        var clauses = new List<ExpressionSyntax>();
        var pending = new Stack<ExpressionSyntax>([condition]);
        while (pending.TryPop(out var node))
        {
            var inner = Unparenthesized(node);
            if (inner is BinaryExpressionSyntax binary && binary.Kind() is SyntaxKind.LogicalAndExpression or SyntaxKind.LogicalOrExpression)
            {
                pending.Push(binary.Right);
                pending.Push(binary.Left);
            }
            else
            {
                clauses.Add(inner);
            }
        }

        return clauses;
    }

    private static ExpressionSyntax Unparenthesized(ExpressionSyntax node)
    {
        while (node is ParenthesizedExpressionSyntax parenthesized)
        {
            node = parenthesized.Expression;
        }

        return node;
    }
}
