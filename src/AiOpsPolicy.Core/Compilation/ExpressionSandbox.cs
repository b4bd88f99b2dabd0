// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using AiOpsPolicy.Core.Expressions;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Text;

namespace AiOpsPolicy.Core.Compilation;

/// <summary>
/// The compile-time half of the sandbox. Policy expressions are untrusted code from a pull request:
/// every symbol an expression names, and the type of every sub-expression, is checked on the semantic
/// model against an allow-list; anything else is refused with the symbol's name. Checking resolved
/// symbols, not text, means no spelling gets past it: fully qualified names, <c>global::</c>, extension
/// methods and aliases all resolve to the same symbol. A few constructs are refused by shape.
/// </summary>
internal static class ExpressionSandbox
{
    /// <summary>Finds what an expression may not use.</summary>
    /// <param name="expression">The expression node in the compiled tree.</param>
    /// <param name="model">The semantic model of that tree.</param>
    /// <returns>Each refused construct or symbol, with its span and message.</returns>
    public static IEnumerable<(TextSpan Span, string Message, bool IsShape)> Check(ExpressionSyntax expression, SemanticModel model)
    {
        var reported = new List<TextSpan>();
        var results = new List<(TextSpan Span, string Message, bool IsShape)>();

        // Refused constructs first: a throw or a statement lambda is reported as such, not through
        // the symbols inside it.
        foreach (var node in expression.DescendantNodesAndSelf())
        {
            if (!reported.Any(r => r.Contains(node.Span)) && (ForbiddenShape(node) ?? ForbiddenDelegateCall(node, model) ?? ForbiddenFormat(node, model)) is { } shape)
            {
                reported.Add(node.Span);
                results.Add((node.Span, shape, true));
            }
        }

        // Then symbols, deepest first, so that the report names the refused symbol itself
        // (System.IO.File), not the call or operator that contains it; once a symbol is refused, the
        // member accesses built on it (File.ReadAllText, GetType().Name) are not reported again.
        foreach (var node in expression.DescendantNodesAndSelf().OfType<ExpressionSyntax>().OrderByDescending(n => n.Ancestors().Count()).ThenBy(n => n.SpanStart))
        {
            if (reported.Any(r => node.Span.Contains(r) || r.Contains(node.Span)))
            {
                continue;
            }

            if (node.Parent is MemberAccessExpressionSyntax access && access.Name == node && reported.Any(r => access.Expression.Span.Contains(r)))
            {
                continue;
            }

            // A method group has no single symbol, only candidates: nameof(EvaluateCondition), nameof(System.IO.File.Exists).
            var info = model.GetSymbolInfo(node);
            var symbol = info.Symbol ?? (info.CandidateReason == CandidateReason.MemberGroup ? info.CandidateSymbols.FirstOrDefault() : null);
            var problem = symbol is null ? null : Refusal(symbol);

            // A user-defined conversion is a call no name shows: DateTime to DateTimeOffset reads the host's time zone.
            if (problem is null && model.GetConversion(node) is { IsUserDefined: true, MethodSymbol: { } conversion })
            {
                problem = MemberRefusal(conversion.OriginalDefinition);
            }
            if (problem is null)
            {
                var type = model.GetTypeInfo(node);
                problem = TypeRefusal(type.Type) ?? TypeRefusal(type.ConvertedType);
            }

            if (problem is not null)
            {
                reported.Add(node.Span);
                results.Add((node.Span, problem, false));
            }
        }

        return results.OrderBy(r => r.Span.Start);
    }

    private static string? ForbiddenShape(SyntaxNode node) => node switch
    {
        LambdaExpressionSyntax { Block: not null } => "a lambda with a statement body is not allowed in policy expressions: write the lambda as an expression (x => ...)",
        AnonymousMethodExpressionSyntax => "an anonymous method (delegate { ... }) is not allowed in policy expressions: use an expression lambda (x => ...)",
        StackAllocArrayCreationExpressionSyntax or ImplicitStackAllocArrayCreationExpressionSyntax => "stackalloc is not allowed in policy expressions: it can overflow the stack",
        ThrowExpressionSyntax => "throw is not allowed in policy expressions: a gate that cannot decide should let its evidence say so",
        TypeOfExpressionSyntax => "typeof is not allowed in policy expressions: it leads to reflection",
        MakeRefExpressionSyntax or RefTypeExpressionSyntax or RefValueExpressionSyntax or RefExpressionSyntax => "references (__makeref, ref) are not allowed in policy expressions",
        PointerTypeSyntax or FunctionPointerTypeSyntax => "pointers are not allowed in policy expressions",
        PrefixUnaryExpressionSyntax u when u.IsKind(SyntaxKind.AddressOfExpression) || u.IsKind(SyntaxKind.PointerIndirectionExpression) => "pointers are not allowed in policy expressions",
        IdentifierNameSyntax { Identifier.ValueText: "dynamic" } => "dynamic is not allowed in policy expressions: every expression is statically typed",
        _ when node.IsKind(SyntaxKind.ArgListExpression) => "__arglist is not allowed in policy expressions",
        _ => null,
    };

    /// <summary>
    /// A delegate may be called only when it is a definition (whose cycles the compiler refuses): a
    /// delegate reached through a parameter or a cast is how a lambda would call itself, and unbounded
    /// recursion would overflow the stack, which no handler can catch.
    /// </summary>
    private static string? ForbiddenDelegateCall(SyntaxNode node, SemanticModel model)
    {
        if (node is not InvocationExpressionSyntax invocation || model.GetSymbolInfo(invocation).Symbol is not IMethodSymbol { MethodKind: MethodKind.DelegateInvoke })
        {
            return null;
        }

        var target = invocation.Expression is MemberAccessExpressionSyntax { Name.Identifier.ValueText: "Invoke" } member ? member.Expression : invocation.Expression;
        return model.GetSymbolInfo(target).Symbol is IPropertySymbol { ContainingType.Name: GeneratedNames.ClassName }
            ? null
            : "calling a delegate that is not a definition is not allowed in policy expressions: it would let a lambda call itself without bound";
    }

    private static string? Refusal(ISymbol symbol)
    {
        switch (symbol)
        {
            case ILocalSymbol or IParameterSymbol or IRangeVariableSymbol or IDiscardSymbol or INamespaceSymbol or ILabelSymbol:
                return null;
            case IMethodSymbol { MethodKind: MethodKind.AnonymousFunction or MethodKind.LambdaMethod }:
                return null;
            case ITypeSymbol type:
                return TypeRefusal(type);
            case IMethodSymbol method:
                var definition = (method.ReducedFrom ?? method).OriginalDefinition;
                if (definition.MethodKind == MethodKind.DelegateInvoke)
                {
                    return TypeRefusal(definition.ContainingType);
                }

                return MemberRefusal(definition);
            case IPropertySymbol or IFieldSymbol or IEventSymbol:
                return MemberRefusal(symbol.OriginalDefinition);
            default:
                return $"'{symbol.ToDisplayString()}' is not allowed in policy expressions";
        }
    }

    private static string? MemberRefusal(ISymbol member)
    {
        if (member.ContainingType.Name == GeneratedNames.ClassName && member is not IPropertySymbol)
        {
            // The generated methods (Measure_0, Check_3, the dispatch overrides, the constructor) are the engine's:
            // calling one from an expression could recurse without bound, or run another gate's expression. Definitions
            // are properties and stay usable. Checked before overrides are followed: EvaluateFindingWhen here is an
            // override of the context's method.
            return Message(member.ToDisplayString(), "the engine's own generated members");
        }

        while (member is IMethodSymbol { OverriddenMethod: { } overridden })
        {
            member = overridden;
        }

        var containing = member.ContainingType;
        var type = FullName(containing);
        if (type == ExpressionAllowList.ContextTypeName && member.DeclaredAccessibility != Accessibility.Public)
        {
            // Every member of the context that is not public (EvaluateCondition, EvaluateFindingPart, ClauseTexts,
            // the scope) is the engine's dispatch, whatever its name.
            return Message(member.ToDisplayString(), "the engine's own dispatch");
        }

        if (member.Name == "GetHashCode")
        {
            // Every GetHashCode, of any type or comparer (StringComparer.Ordinal.GetHashCode, EqualityComparer<T>.Default.GetHashCode).
            return Message(member.ToDisplayString(), ExpressionAllowList.HashSeed);
        }

        if (member is IMethodSymbol { MethodKind: MethodKind.Constructor, Parameters: [{ Type.SpecialType: SpecialType.System_DateTime }] } && type == "System.DateTimeOffset")
        {
            // new DateTimeOffset(dateTime) takes the host's offset for any DateTime that is not UTC.
            return Message(member.ToDisplayString(), ExpressionAllowList.HostTimeZone);
        }

        if (ExpressionAllowList.ForbiddenMembers.TryGetValue(type + "." + member.Name, out var why))
        {
            return Message(member.ToDisplayString(), why);
        }

        return TypeRefusal(containing) is null ? null : Message(member.ToDisplayString(), ReasonFor(type));
    }

    /// <summary>
    /// A DateTime format with <c>z</c> prints the host's offset whatever the value (a DateTimeOffset prints its own):
    /// <c>dateTime.ToString("zzz")</c> and <c>$"{value:zzz}"</c>, where a boxed DateTime can hide behind object. A
    /// format that is not a constant cannot be checked, and is refused for a DateTime.
    /// </summary>
    private static string? ForbiddenFormat(SyntaxNode node, SemanticModel model)
    {
        const string Why = "a 'z' in a date format prints the host's time-zone offset for a DateTime, so the result depends on the machine: format a DateTimeOffset instead, or leave the offset out";
        switch (node)
        {
            case InterpolationSyntax { FormatClause: { } clause } hole when clause.FormatStringToken.ValueText.Contains('z', StringComparison.Ordinal):
                return IsDateTimeOffset(model.GetTypeInfo(hole.Expression).Type) ? null : Why;
            case InvocationExpressionSyntax invocation when model.GetSymbolInfo(invocation).Symbol is IMethodSymbol { Name: "ToString", ContainingType.SpecialType: SpecialType.System_DateTime, Parameters.Length: > 0 }:
                var format = invocation.ArgumentList.Arguments.FirstOrDefault()?.Expression;
                var constant = format is null ? default : model.GetConstantValue(format);
                return constant is { HasValue: true, Value: string text } && !text.Contains('z', StringComparison.Ordinal) ? null : Why;
            default:
                return null;
        }
    }

    private static bool IsDateTimeOffset(ITypeSymbol? type) =>
        type is not null && (FullName(type) == "System.DateTimeOffset" || type is INamedTypeSymbol { OriginalDefinition.SpecialType: SpecialType.System_Nullable_T, TypeArguments: [{ } inner] } && FullName(inner) == "System.DateTimeOffset");

    private static string? TypeRefusal(ITypeSymbol? type)
    {
        switch (type)
        {
            case null or ITypeParameterSymbol or IErrorTypeSymbol:
                return null;
            case IArrayTypeSymbol array:
                return TypeRefusal(array.ElementType);
            case IPointerTypeSymbol or IFunctionPointerTypeSymbol:
                return "pointers are not allowed in policy expressions";
            case IDynamicTypeSymbol:
                return "dynamic is not allowed in policy expressions: every expression is statically typed";
            case INamedTypeSymbol named:
                if (named.IsAnonymousType)
                {
                    return null;
                }

                if (named.IsTupleType)
                {
                    return named.TupleElements.Select(e => TypeRefusal(e.Type)).FirstOrDefault(r => r is not null);
                }

                var name = FullName(named);
                if (!ExpressionAllowList.AllowedTypes.Contains(name))
                {
                    return Message(named.OriginalDefinition.ToDisplayString(), ReasonFor(name));
                }

                return named.TypeArguments.Select(TypeRefusal).FirstOrDefault(r => r is not null);
            default:
                return Message(type.ToDisplayString(), "not on the allow-list");
        }
    }

    private static string FullName(ITypeSymbol type)
    {
        var definition = type.OriginalDefinition;
        var ns = definition.ContainingNamespace is { IsGlobalNamespace: false } n ? n.ToDisplayString() + "." : string.Empty;
        var outer = definition.ContainingType is { } containing ? FullName(containing) + "+" : ns;
        return (definition.ContainingType is null ? ns : outer) + definition.MetadataName;
    }

    private static string ReasonFor(string name) =>
        ExpressionAllowList.Reasons.FirstOrDefault(r => name.StartsWith(r.Prefix, StringComparison.Ordinal)).Why ?? "not on the allow-list";

    private static string Message(string symbol, string why) =>
        $"'{symbol}' is not allowed in policy expressions ({why}). Expressions may use the evaluation context, the evidence, the metric functions and a fixed list of safe types; see docs/security.md";
}
