// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using System.Globalization;
using AiOpsPolicy.Core.Diagnostics;
using AiOpsPolicy.Core.Expressions;
using AiOpsPolicy.Core.Metrics;
using AiOpsPolicy.Core.Model;
using AiOpsPolicy.Core.Units;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;
using Diagnostic = AiOpsPolicy.Core.Diagnostics.Diagnostic;

namespace AiOpsPolicy.Core.Compilation;

/// <summary>
/// The compiler's fourth part: the checks on the bound tree that C# itself does not make (the type a gate's condition
/// or measure must have, a measure's unit against its bound, names of declared objects, the sandbox), and the mapping
/// of every problem, C#'s own errors included, back to the line and column inside the YAML scalar.
/// </summary>
internal static class ExpressionChecks
{
    /// <summary>
    /// Checks the type each expression must have: a condition, rubric check or finding's <c>when</c> is a bool; a gate's
    /// measure is a metric, or a number or duration that fits its bound, and a metric's unit fits the bound's.
    /// </summary>
    /// <param name="entries">The expressions.</param>
    /// <param name="nodes">Each expression's node in the bound tree, by entry id.</param>
    /// <param name="model">The semantic model of the tree.</param>
    /// <param name="diagnostics">Where problems are reported.</param>
    /// <param name="suppressed">Spans whose C# errors only repeat a problem reported here.</param>
    public static void CheckTypes(List<ExpressionEntry> entries, Dictionary<int, ExpressionSyntax> nodes, SemanticModel model, List<Diagnostic> diagnostics, HashSet<Microsoft.CodeAnalysis.Text.TextSpan> suppressed)
    {
        foreach (var entry in entries)
        {
            var node = nodes[entry.Id];
            var type = model.GetTypeInfo(node).Type;
            if (type is null || type.TypeKind == TypeKind.Error)
            {
                continue;
            }

            var name = type.ToDisplayString(SymbolDisplayFormat.CSharpShortErrorMessageFormat);
            switch (entry.Kind)
            {
                case ExpressionEntryKind.Condition or ExpressionEntryKind.Check or ExpressionEntryKind.FindingWhen when type.SpecialType != SpecialType.System_Boolean:
                    suppressed.Add(node.Span);
                    diagnostics.Add(Diagnostic.Create(
                        DiagnosticCatalog.ExpressionType,
                        entry.Expression.Location,
                        $"The {entry.Expression.Role} must be true or false (bool), but it is {name}. Compare it with something, for example '... >= 0.95'"));
                    break;

                case ExpressionEntryKind.Measure when entry.Owner is Gate { Bound: { } bound }:
                    var fits = MeasureKind(type) switch
                    {
                        MeasureType.Metric => true,
                        MeasureType.Duration => bound.Kind == QuantityKind.Duration,
                        MeasureType.Number => bound.Kind != QuantityKind.Duration,
                        _ => false,
                    };
                    if (fits && (bound.Min ?? bound.Max) is not null && MetricUnitOf(node, model) is { } unit && !UnitMismatch.Fits(unit.Unit, bound.Kind))
                    {
                        suppressed.Add(node.Span);
                        diagnostics.Add(Diagnostic.Create(DiagnosticCatalog.ExpressionType, entry.Expression.Location, UnitMismatch.Describe(unit.Name, unit.Unit, bound)));
                    }

                    if (!fits)
                    {
                        var wanted = bound.Kind == QuantityKind.Duration ? "a duration (TimeSpan) or a metric" : "a number or a metric";
                        diagnostics.Add(Diagnostic.Create(
                            DiagnosticCatalog.ExpressionType,
                            entry.Expression.Location,
                            $"The {entry.Expression.Role} is {name}, but its bound ({bound}) needs {wanted}. Change the measure or write the bound in the measure's unit"));
                    }

                    break;
            }
        }
    }

    /// <summary>The unit of a measure that calls a metric function directly (its <see cref="MetricUnitAttribute"/>); null otherwise.</summary>
    private static (string Name, QuantityKind Unit)? MetricUnitOf(ExpressionSyntax node, SemanticModel model)
    {
        while (node is ParenthesizedExpressionSyntax parenthesized)
        {
            node = parenthesized.Expression;
        }

        if (node is not InvocationExpressionSyntax invocation || model.GetSymbolInfo(invocation).Symbol is not IMethodSymbol method)
        {
            return null;
        }

        var attribute = method.GetAttributes().FirstOrDefault(a => a.AttributeClass?.ToDisplayString() == typeof(MetricUnitAttribute).FullName);
        return attribute?.ConstructorArguments is [{ Value: int unit }] ? (method.Name, (QuantityKind)unit) : null;
    }

    private enum MeasureType
    {
        Other,
        Metric,
        Duration,
        Number,
    }

    private static MeasureType MeasureKind(ITypeSymbol type)
    {
        if (type.ToDisplayString() == typeof(MetricValue).FullName)
        {
            return MeasureType.Metric;
        }

        if (type.ToDisplayString() is "System.TimeSpan" or "System.TimeSpan?")
        {
            return MeasureType.Duration;
        }

        return type.SpecialType is SpecialType.System_Double or SpecialType.System_Single or SpecialType.System_Decimal
            or SpecialType.System_Int32 or SpecialType.System_Int64 or SpecialType.System_Int16 or SpecialType.System_Byte
            or SpecialType.System_UInt32 or SpecialType.System_UInt64
            ? MeasureType.Number
            : MeasureType.Other;
    }

    /// <summary>The compile-time sandbox: refuses symbols off the allow-list and forbidden constructs, at their exact place.</summary>
    public static void CheckSandbox(List<ExpressionEntry> entries, Dictionary<int, ExpressionSyntax> nodes, SemanticModel model, List<Diagnostic> diagnostics, HashSet<Microsoft.CodeAnalysis.Text.TextSpan> suppressed)
    {
        foreach (var entry in entries)
        {
            var node = nodes[entry.Id];
            foreach (var (span, message, isShape) in ExpressionSandbox.Check(node, model))
            {
                diagnostics.Add(Diagnostic.Create(isShape ? DiagnosticCatalog.ForbiddenConstruct : DiagnosticCatalog.ForbiddenSymbol, Locate(entry, node, span), entry.Expression.Role, message));

                // The C# compiler's own complaints about a refused construct (dynamic, pointers) add nothing.
                suppressed.Add(span);
            }
        }
    }

    /// <summary>Checks constant arguments that name declared objects: <c>SlaAttainment("ticket-triag")</c> is reported at the typo.</summary>
    public static void CheckReferences(PolicySet policies, List<ExpressionEntry> entries, Dictionary<int, ExpressionSyntax> nodes, SemanticModel model, List<Diagnostic> diagnostics)
    {
        var declared = policies.Objects
            .GroupBy(o => o.Kind)
            .ToDictionary(g => g.Key, g => g.Select(o => o.Name).ToHashSet(StringComparer.Ordinal));
        var contextType = typeof(PolicyContext).FullName;
        foreach (var entry in entries)
        {
            var node = nodes[entry.Id];
            foreach (var invocation in node.DescendantNodesAndSelf().OfType<InvocationExpressionSyntax>())
            {
                if (model.GetOperation(invocation) is not IInvocationOperation operation || operation.TargetMethod.ContainingType.ToDisplayString() != contextType)
                {
                    continue;
                }

                string? workflow = null;
                foreach (var argument in operation.Arguments.OrderBy(a => a.Parameter?.Ordinal ?? 0))
                {
                    if (argument.Parameter is not { } parameter || argument.ArgumentKind != ArgumentKind.Explicit || argument.Value.ConstantValue is not { HasValue: true, Value: string value })
                    {
                        continue;
                    }

                    var location = Locate(entry, node, argument.Syntax is ArgumentSyntax { Expression: { } argumentValue } ? argumentValue.Span : argument.Syntax.Span);
                    foreach (var attribute in parameter.GetAttributes())
                    {
                        switch (attribute.AttributeClass?.Name)
                        {
                            case nameof(PolicyReferenceAttribute) when attribute.ConstructorArguments is [{ Value: int kindValue }]:
                                var kind = (PolicyKind)kindValue;
                                var names = declared.GetValueOrDefault(kind) ?? [];
                                if (kind == PolicyKind.Workflow)
                                {
                                    workflow = value;
                                }

                                if (!names.Contains(value))
                                {
                                    var known = names.Count == 0 ? " (none are declared)" : $" (declared: {string.Join(", ", names.Order(StringComparer.Ordinal))})";
                                    diagnostics.Add(Diagnostic.Create(DiagnosticCatalog.UnresolvedReference, location, kind, value, known));
                                }

                                break;

                            case nameof(StepReferenceAttribute) when workflow is not null && policies.Workflows.FirstOrDefault(w => w.Name == workflow) is { } declaredWorkflow:
                                if (declaredWorkflow.FindStep(value) is null)
                                {
                                    diagnostics.Add(Diagnostic.Create(DiagnosticCatalog.UnresolvedReference, location, "Step", value, $" in workflow '{workflow}' (steps: {string.Join(", ", declaredWorkflow.Steps.Select(s => s.Name))})"));
                                }

                                break;
                        }
                    }
                }
            }
        }
    }

    /// <summary>
    /// Reports C#'s own errors, each mapped back into its expression, except those inside copies (clauses repeat the
    /// original's errors) and those a check above already reported in its own words.
    /// </summary>
    /// <param name="tree">The generated tree as written (before the guards).</param>
    /// <param name="model">Its semantic model.</param>
    /// <param name="entries">The expressions.</param>
    /// <param name="nodes">Each expression's node in the tree, by entry id.</param>
    /// <param name="suppressed">Spans whose errors are left out.</param>
    /// <param name="diagnostics">Where the errors are reported.</param>
    public static void ReportCompilerErrors(SyntaxTree tree, SemanticModel model, List<ExpressionEntry> entries, Dictionary<int, ExpressionSyntax> nodes, HashSet<Microsoft.CodeAnalysis.Text.TextSpan> suppressed, List<Diagnostic> diagnostics)
    {
        var copies = tree.GetRoot().GetAnnotatedNodes(GeneratedClass.CopyAnnotationKind).Select(n => n.Span).ToList();
        foreach (var error in model.GetDiagnostics().Where(d => d.Severity == Microsoft.CodeAnalysis.DiagnosticSeverity.Error))
        {
            if (copies.Any(span => span.Contains(error.Location.SourceSpan)))
            {
                continue;
            }

            if (!suppressed.Any(span => span.Contains(error.Location.SourceSpan)))
            {
                diagnostics.Add(Map(error, entries, nodes));
            }
        }
    }

    private static Diagnostic Map(Microsoft.CodeAnalysis.Diagnostic error, List<ExpressionEntry> entries, Dictionary<int, ExpressionSyntax> nodes)
    {
        var span = error.Location.SourceSpan;
        foreach (var entry in entries)
        {
            var node = nodes[entry.Id];
            if (node.FullSpan.Contains(span.Start) || (span.Length == 0 && node.FullSpan.End == span.Start))
            {
                return Diagnostic.Create(
                    DiagnosticCatalog.CSharpError,
                    Locate(entry, node, span),
                    $"C# error {error.Id} in the {entry.Expression.Role}",
                    error.GetMessage(CultureInfo.InvariantCulture));
            }
        }

        // An error outside every expression: the generated code itself did not compile. The most
        // likely cause is a definition whose type cannot be named; report it against the set.
        var owner = entries.FirstOrDefault(e => e.Kind == ExpressionEntryKind.Definition);
        return Diagnostic.Create(
            DiagnosticCatalog.CSharpError,
            owner?.Expression.Location ?? Text.SourceLocation.None,
            $"C# error {error.Id} in the generated code",
            error.GetMessage(CultureInfo.InvariantCulture) + ". Check that every definition's value has a type that can be named");
    }

    /// <summary>Maps a span of the generated tree inside an expression node back to the YAML file.</summary>
    private static Text.SourceLocation Locate(ExpressionEntry entry, ExpressionSyntax node, Microsoft.CodeAnalysis.Text.TextSpan span)
    {
        var offset = entry.Syntax.SpanStart + (span.Start - node.SpanStart);
        var start = Math.Clamp(offset, 0, entry.Expression.Text.Length);
        var end = Math.Clamp(offset + Math.Max(span.Length, 1), start, entry.Expression.Text.Length);
        return entry.Expression.GetLocation(start, end);
    }
}
