// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using System.Collections.Frozen;
using System.Reflection;
using AiOpsPolicy.Core.Expressions;
using AiOpsPolicy.Core.Metrics;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace AiOpsPolicy.Core.Compilation;

/// <summary>
/// Reads expressions for what can be known before evaluation: metric calls whose arguments are
/// constants (so they can be computed together, in one pass per evidence kind) and the clauses of
/// conditions (so a report can show the value of each).
/// </summary>
internal static class MetricPlan
{
    /// <summary>The metric functions: public methods of the context that return a metric.</summary>
    private static readonly FrozenSet<string> MetricFunctions = typeof(PolicyContext)
        .GetMethods(BindingFlags.Public | BindingFlags.Instance)
        .Where(m => m.ReturnType == typeof(MetricValue))
        .Select(m => m.Name)
        .ToFrozenSet(StringComparer.Ordinal);

    /// <summary>Static helpers whose result depends only on their arguments.</summary>
    private static readonly FrozenSet<string> PureHelpers = new[] { "Days", "Hours", "Minutes", "Seconds", "Percent", "Last", "Previous" }.ToFrozenSet(StringComparer.Ordinal);

    /// <summary>Types whose static members an argument may name (enum values, aggregations).</summary>
    private static readonly FrozenSet<string> ConstantTypes = new[] { "Aggregation", "FreshnessStage", "MonitoringType", "ChangeType", "TimeSpan", "PercentileMethod", "DurationRounding", "WindowPlacement", "LeadTimeStart", "LeadTimeDefinition", "ChangeFailureDefinition", "DeploymentFrequencyDefinition", "CalendarPeriod", "SlaRuns" }.ToFrozenSet(StringComparer.Ordinal);

    /// <summary>
    /// Whether a call is a metric function whose arguments are all constants: literals, unit helpers
    /// of constants, enum values and aggregations. Such a call gives the same request whenever it runs.
    /// </summary>
    /// <param name="call">The call.</param>
    /// <returns>True when it can be planned.</returns>
    public static bool IsPlannable(InvocationExpressionSyntax call) =>
        call.Expression is IdentifierNameSyntax name
        && MetricFunctions.Contains(name.Identifier.ValueText)
        && call.ArgumentList.Arguments.All(a => a.RefKindKeyword.IsKind(SyntaxKind.None) && IsConstant(a.Expression));

    /// <summary>
    /// The clauses of a condition made of <c>&amp;&amp;</c> and <c>||</c>, left to right; one clause otherwise, and one
    /// clause when the condition declares a variable outside a lambda (<c>x is var n &amp;&amp; n &gt;= 0</c>): a
    /// clause that uses a variable another clause declares has no value of its own.
    /// </summary>
    /// <param name="condition">The condition.</param>
    /// <returns>The clauses.</returns>
    public static List<ExpressionSyntax> Clauses(ExpressionSyntax condition)
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

    private static bool IsConstant(ExpressionSyntax expression) => expression switch
    {
        LiteralExpressionSyntax => true,
        ParenthesizedExpressionSyntax p => IsConstant(p.Expression),
        PrefixUnaryExpressionSyntax u when u.IsKind(SyntaxKind.UnaryMinusExpression) => IsConstant(u.Operand),
        BinaryExpressionSyntax b when b.Kind() is SyntaxKind.AddExpression or SyntaxKind.SubtractExpression or SyntaxKind.MultiplyExpression => IsConstant(b.Left) && IsConstant(b.Right),
        InvocationExpressionSyntax { Expression: IdentifierNameSyntax helper } call => PureHelpers.Contains(helper.Identifier.ValueText) && call.ArgumentList.Arguments.All(a => IsConstant(a.Expression)),
        InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax member } call => IsConstantMember(member) && call.ArgumentList.Arguments.All(a => IsConstant(a.Expression)),
        MemberAccessExpressionSyntax member => IsConstantMember(member),
        _ => false,
    };

    private static bool IsConstantMember(MemberAccessExpressionSyntax member) => member.Expression switch
    {
        IdentifierNameSyntax type => ConstantTypes.Contains(type.Identifier.ValueText),

        // Last(Days(14)).Previous(): the window before another constant window.
        InvocationExpressionSyntax inner => member.Name.Identifier.ValueText == "Previous" && IsConstant(inner),
        _ => false,
    };
}
