// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace AiOpsPolicy.Core.Compilation;

/// <summary>
/// Wraps the body of every generated expression member and of every lambda as
/// <c>ExpressionGuard.Exit(ExpressionGuard.Enter(), body)</c>, so that run-time budgets (time,
/// allocations, nesting, stack) are checked wherever an expression can loop or nest. The dispatch
/// methods, written by the engine, are left alone.
/// </summary>
internal sealed class GuardRewriter : CSharpSyntaxRewriter
{
    private const string Guard = "global::AiOpsPolicy.Core.Expressions.ExpressionGuard";

    /// <summary>Marks copies of expression parts (the clauses of conditions) in the generated tree.</summary>
    public const string CopyAnnotationKind = "aiops-copy";

    private static readonly HashSet<string> Dispatch = new(StringComparer.Ordinal)
    {
        "EvaluateMeasure", "EvaluateCondition", "EvaluateRubricCheck", "EvaluateClause", "ClauseTexts",
    };

    private readonly SemanticModel _model;

    private GuardRewriter(SemanticModel model)
    {
        _model = model;
    }

    public static SyntaxTree Rewrite(SyntaxTree tree, SemanticModel model)
    {
        var root = new GuardRewriter(model).Visit(tree.GetRoot());
        return tree.WithRootAndOptions(root ?? tree.GetRoot(), tree.Options);
    }

    public override SyntaxNode? VisitMethodDeclaration(MethodDeclarationSyntax node)
    {
        if (Dispatch.Contains(node.Identifier.ValueText) || node.ExpressionBody is null)
        {
            // The engine's dispatch is not wrapped itself, but the copies of expressions inside it
            // (the clauses) and their lambdas are.
            return base.VisitMethodDeclaration(node);
        }

        var visited = (MethodDeclarationSyntax?)base.VisitMethodDeclaration(node) ?? node;
        return visited.WithExpressionBody(visited.ExpressionBody?.WithExpression(Wrap(visited.ExpressionBody.Expression, null)));
    }

    public override SyntaxNode? VisitPropertyDeclaration(PropertyDeclarationSyntax node)
    {
        var visited = (PropertyDeclarationSyntax?)base.VisitPropertyDeclaration(node) ?? node;
        return visited.ExpressionBody is null ? visited : visited.WithExpressionBody(visited.ExpressionBody.WithExpression(Wrap(visited.ExpressionBody.Expression, null)));
    }

    public override SyntaxNode? VisitSimpleLambdaExpression(SimpleLambdaExpressionSyntax node)
    {
        var returnType = ReturnType(node);
        var visited = (SimpleLambdaExpressionSyntax?)base.VisitSimpleLambdaExpression(node) ?? node;
        return visited.ExpressionBody is null ? visited : visited.WithExpressionBody(Wrap(visited.ExpressionBody, returnType));
    }

    public override SyntaxNode? VisitParenthesizedLambdaExpression(ParenthesizedLambdaExpressionSyntax node)
    {
        var returnType = ReturnType(node);
        var visited = (ParenthesizedLambdaExpressionSyntax?)base.VisitParenthesizedLambdaExpression(node) ?? node;
        return visited.ExpressionBody is null ? visited : visited.WithExpressionBody(Wrap(visited.ExpressionBody, returnType));
    }

    public override SyntaxNode? Visit(SyntaxNode? node)
    {
        var visited = base.Visit(node);
        return node is ExpressionSyntax && node.HasAnnotations(CopyAnnotationKind) && visited is ExpressionSyntax copy
            ? Wrap(copy, null)
            : visited;
    }

    /// <summary>The lambda's return type when it can be written; type inference alone fails on bodies like <c>null</c>.</summary>
    private TypeSyntax? ReturnType(LambdaExpressionSyntax lambda) =>
        _model.GetSymbolInfo(lambda).Symbol is IMethodSymbol { ReturnType: { CanBeReferencedByName: true, IsAnonymousType: false } type } && !ContainsAnonymous(type)
            ? SyntaxFactory.ParseTypeName(type.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat))
            : null;

    private static bool ContainsAnonymous(ITypeSymbol type) => type switch
    {
        { IsAnonymousType: true } => true,
        INamedTypeSymbol named => named.TypeArguments.Any(ContainsAnonymous),
        IArrayTypeSymbol array => ContainsAnonymous(array.ElementType),
        _ => false,
    };

    private static InvocationExpressionSyntax Wrap(ExpressionSyntax body, TypeSyntax? type)
    {
        var enter = SyntaxFactory.InvocationExpression(SyntaxFactory.ParseExpression(Guard + ".Enter"));
        SimpleNameSyntax exit = type is null
            ? SyntaxFactory.IdentifierName("Exit")
            : SyntaxFactory.GenericName(SyntaxFactory.Identifier("Exit"), SyntaxFactory.TypeArgumentList(SyntaxFactory.SingletonSeparatedList(type)));
        var target = SyntaxFactory.MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, SyntaxFactory.ParseExpression(Guard), exit);
        return SyntaxFactory.InvocationExpression(
            target,
            SyntaxFactory.ArgumentList(SyntaxFactory.SeparatedList([SyntaxFactory.Argument(enter), SyntaxFactory.Argument(body.WithoutTrivia())])));
    }
}
