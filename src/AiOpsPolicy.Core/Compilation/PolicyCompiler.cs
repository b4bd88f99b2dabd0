// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using System.Collections.Immutable;
using System.Globalization;
using System.Text;
using AiOpsPolicy.Core.Diagnostics;
using AiOpsPolicy.Core.Expressions;
using AiOpsPolicy.Core.Metrics;
using AiOpsPolicy.Core.Model;
using AiOpsPolicy.Core.Units;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;
using Diagnostic = AiOpsPolicy.Core.Diagnostics.Diagnostic;

namespace AiOpsPolicy.Core.Compilation;

/// <summary>
/// The compile stage: parses every expression of a policy set on its own as exactly one C#
/// expression, places the parsed nodes into one generated class derived from
/// <see cref="PolicyContext"/>, and compiles that class in one Roslyn compilation into one
/// assembly. Errors are mapped back to the line and column inside the YAML scalar.
/// </summary>
/// <remarks>
/// Expressions are never pasted into source text: the class skeleton is generated with placeholder
/// identifiers, and each placeholder is replaced by the syntax node parsed from the expression.
/// Text that tries to close the method or class cannot do so, because it never becomes source text.
/// </remarks>
public static class PolicyCompiler
{
    private const string ExpressionAnnotationKind = "aiops-expression";
    private const string PlaceholderPrefix = "__aiops_expression_";
    private const string CopyPrefix = "__aiops_copy_";
    private const string CopyAnnotationKind = GuardRewriter.CopyAnnotationKind;

    /// <summary>The compiler thread's stack: 64 MiB reserved, 25 times what the deepest tree the size limits allow needs.</summary>
    private const int CompilerStackBytes = 64 * 1024 * 1024;

    private static readonly CSharpParseOptions ParseOptions = new(LanguageVersion.Latest, DocumentationMode.None, SourceCodeKind.Regular);

    private static readonly Lazy<ImmutableArray<MetadataReference>> References = new(LoadReferences);

    /// <summary>Compiles a validated policy set.</summary>
    /// <param name="policies">The policy set; it must have no validation errors.</param>
    /// <returns>The assembly's bytes (null when there are errors) and every problem found.</returns>
    public static CompileOutput Compile(PolicySet policies)
    {
        ArgumentNullException.ThrowIfNull(policies);

        // Roslyn's binder and emitter, and the walks after them, recurse once per level of an expression's tree, about
        // 1 KiB a level; the size limits (ExpressionLimits) bound a tree to 2,500 levels. A thread pool thread's 1.5 MiB
        // is not enough for that, so the compilation runs on its own thread with room to spare (reserved, not committed).
        CompileOutput? output = null;
        System.Runtime.ExceptionServices.ExceptionDispatchInfo? failure = null;
        var thread = new Thread(
            () =>
            {
                try
                {
                    output = CompileOnThisThread(policies);
                }
                catch (Exception ex)
                {
                    failure = System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(ex);
                }
            },
            CompilerStackBytes)
        { Name = "aiops-policy compiler" };
        thread.Start();
        thread.Join();
        failure?.Throw();
        return output ?? throw new InvalidOperationException("The compiler thread ended without a result.");
    }

    private static CompileOutput CompileOnThisThread(PolicySet policies)
    {
        var diagnostics = new List<Diagnostic>();
        // An expression that does not parse is reported and left out; the others are still compiled,
        // so one run reports every problem.
        var entries = Collect(policies, diagnostics);

        var definitionEntries = entries.Where(e => e.Kind == EntryKind.Definition).ToList();
        var definitionTypes = InferDefinitionTypes(definitionEntries);
        var cyclic = ReportCycles(definitionEntries, definitionTypes, diagnostics);
        var tree = BuildTree(entries, definitionTypes, withPlanAndClauses: true);
        var compilation = CSharpCompilation.Create(
            "AiOpsPolicy.Generated." + policies.Digest.Replace("sha256:", string.Empty, StringComparison.Ordinal)[..16],
            [tree],
            References.Value,
            new CSharpCompilationOptions(
                OutputKind.DynamicallyLinkedLibrary,
                optimizationLevel: OptimizationLevel.Release,
                deterministic: true,
                nullableContextOptions: NullableContextOptions.Disable,
                allowUnsafe: false));

        var nodes = Annotated(tree);
        var model = compilation.GetSemanticModel(tree);
        var suppressed = new HashSet<Microsoft.CodeAnalysis.Text.TextSpan>();
        CheckTypes(entries, nodes, model, diagnostics, suppressed);
        CheckReferences(policies, entries, nodes, model, diagnostics);
        CheckSandbox(entries, nodes, model, diagnostics, suppressed);

        foreach (var id in cyclic)
        {
            suppressed.Add(nodes[id].Span);
        }

        var copies = tree.GetRoot().GetAnnotatedNodes(CopyAnnotationKind).Select(n => n.Span).ToList();
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

        var sorted = DiagnosticOrder.Sort(diagnostics).Distinct().ToImmutableArray();
        if (sorted.Any(d => d.IsError))
        {
            return new CompileOutput(null, sorted);
        }

        // The checked tree is emitted with run-time guards around every method body and lambda. The
        // guards change positions, which is why diagnostics come from the tree as written.
        var guarded = compilation.ReplaceSyntaxTree(tree, GuardRewriter.Rewrite(tree, model));
        using var stream = new MemoryStream();
        var emit = guarded.Emit(stream);
        if (!emit.Success)
        {
            var first = emit.Diagnostics.First(d => d.Severity == Microsoft.CodeAnalysis.DiagnosticSeverity.Error);
            throw new InvalidOperationException($"The guarded policy code did not compile ({first.Id}: {first.GetMessage(CultureInfo.InvariantCulture)}); this is an engine bug.");
        }

        return new CompileOutput(stream.ToArray(), sorted);
    }

    private enum EntryKind
    {
        Definition,
        Measure,
        Condition,
        Check,
        FindingWhen,
        FindingPart,
    }

    private sealed record Entry(int Id, EntryKind Kind, int Index, PolicyExpression Expression, ExpressionSyntax Syntax, PolicyObject Owner, string? MemberName)
    {
        /// <summary>Gets the placeholder's position in its finding's message, for <see cref="EntryKind.FindingPart"/>.</summary>
        public int Part { get; init; }
    }

    private static List<Entry> Collect(PolicySet policies, List<Diagnostic> diagnostics)
    {
        var entries = new List<Entry>();
        void Add(EntryKind kind, int index, PolicyExpression expression, PolicyObject owner, string? memberName = null)
        {
            if (Parse(expression, diagnostics) is { } syntax)
            {
                entries.Add(new Entry(entries.Count, kind, index, expression, syntax, owner, memberName));
            }
        }

        foreach (var definition in policies.Definitions)
        {
            Add(EntryKind.Definition, 0, definition.Expression, definition, definition.MemberName);
        }

        for (var i = 0; i < policies.Gates.Length; i++)
        {
            var gate = policies.Gates[i];
            if (gate.Measure is { } measure)
            {
                Add(EntryKind.Measure, i, measure, gate);
            }

            if (gate.Condition is { } condition)
            {
                Add(EntryKind.Condition, i, condition, gate);
            }
        }

        for (var i = 0; i < policies.Findings.Length; i++)
        {
            var finding = policies.Findings[i];
            if (finding.When is { } when)
            {
                Add(EntryKind.FindingWhen, i, when, finding);
            }

            for (var k = 0; k < finding.MessageParts.Length; k++)
            {
                if (finding.MessageParts[k].Expression is { } placeholder && Parse(placeholder, diagnostics) is { } syntax)
                {
                    entries.Add(new Entry(entries.Count, EntryKind.FindingPart, i, placeholder, syntax, finding, null) { Part = k });
                }
            }
        }

        var check = 0;
        foreach (var rubric in policies.Rubrics)
        {
            foreach (var rubricCheck in rubric.Checks)
            {
                Add(EntryKind.Check, check++, rubricCheck.Predicate, rubric);
            }
        }

        return entries;
    }

    /// <summary>Parses an expression on its own; anything but exactly one C# expression is refused.</summary>
    private static ExpressionSyntax? Parse(PolicyExpression expression, List<Diagnostic> diagnostics)
    {
        var text = expression.Text;
        if (string.IsNullOrWhiteSpace(text))
        {
            diagnostics.Add(Diagnostic.Create(DiagnosticCatalog.NotAnExpression, expression.Location, $"The {expression.Role} is empty"));
            return null;
        }

        // Before Roslyn sees the text: a tree deeper than the stack overflows it in the parser or in any walk after it.
        if (ExpressionLimits.Check(text) is { } limit)
        {
            diagnostics.Add(Diagnostic.Create(DiagnosticCatalog.ExpressionTooLarge, expression.GetLocation(limit.Offset, Math.Min(limit.Offset + 1, text.Length)), expression.Role, limit.Problem));
            return null;
        }

        var syntax = SyntaxFactory.ParseExpression(text, 0, ParseOptions, consumeFullText: true);
        var error = syntax.GetDiagnostics().FirstOrDefault(d => d.Severity == Microsoft.CodeAnalysis.DiagnosticSeverity.Error);
        if (error is not null)
        {
            // Text after a complete expression ("a; b") ends up as skipped tokens: point at them, not
            // at the start of the expression where the compiler anchors its message.
            var skipped = syntax.DescendantTrivia(descendIntoTrivia: true).FirstOrDefault(t => t.IsKind(SyntaxKind.SkippedTokensTrivia));
            var span = skipped.IsKind(SyntaxKind.SkippedTokensTrivia) ? skipped.Span : error.Location.SourceSpan;
            diagnostics.Add(Diagnostic.Create(
                DiagnosticCatalog.NotAnExpression,
                expression.GetLocation(span.Start, Math.Max(span.End, span.Start + 1)),
                $"The {expression.Role} does not parse as one C# expression: {error.GetMessage(CultureInfo.InvariantCulture)} ({error.Id})"));
            return null;
        }

        // Directives can hide after the expression, as trivia of the end of the text that the parsed
        // expression does not include; look at every token of the text, not just the expression's.
        var directive = SyntaxFactory.ParseTokens(text, options: ParseOptions)
            .SelectMany(t => t.LeadingTrivia.Concat(t.TrailingTrivia))
            .FirstOrDefault(t => t.IsDirective || t.IsKind(SyntaxKind.DisabledTextTrivia));
        if (directive.RawKind != 0)
        {
            diagnostics.Add(Diagnostic.Create(
                DiagnosticCatalog.NotAnExpression,
                expression.GetLocation(directive.SpanStart, directive.Span.End),
                $"The {expression.Role} contains a preprocessor directive"));
            return null;
        }

        return syntax;
    }

    /// <summary>
    /// Works out each definition's type from its expression. Definitions may use one another, so the
    /// types are found in rounds: each round types the definitions whose expressions bind without
    /// error given the types found so far, until a round finds nothing new.
    /// </summary>
    private static Dictionary<int, string> InferDefinitionTypes(List<Entry> definitions)
    {
        var types = new Dictionary<int, string>();
        if (definitions.Count == 0)
        {
            return types;
        }

        for (var round = 0; round <= definitions.Count; round++)
        {
            var tree = BuildTree(definitions, types);
            var compilation = CSharpCompilation.Create("AiOpsPolicy.Inference", [tree], References.Value, new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Disable));
            var model = compilation.GetSemanticModel(tree);
            var nodes = Annotated(tree);
            var errors = model.GetDiagnostics().Where(d => d.Severity == Microsoft.CodeAnalysis.DiagnosticSeverity.Error).ToList();
            var progress = false;
            var untypedNames = definitions.Where(d => !types.ContainsKey(d.Id)).Select(d => d.MemberName).ToHashSet(StringComparer.Ordinal);
            foreach (var definition in definitions.Where(d => !types.ContainsKey(d.Id)))
            {
                var node = nodes[definition.Id];
                if (errors.Any(e => node.FullSpan.IntersectsWith(e.Location.SourceSpan)))
                {
                    continue;
                }

                // A definition that uses one still untyped (itself included) would be typed 'object' by
                // accident; wait until what it uses is typed.
                if (node.DescendantNodesAndSelf().OfType<IdentifierNameSyntax>().Any(n => untypedNames.Contains(n.Identifier.ValueText)))
                {
                    continue;
                }

                if (model.GetTypeInfo(node).Type is { TypeKind: not TypeKind.Error } type && type.CanBeReferencedByName)
                {
                    types[definition.Id] = type.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat);
                    progress = true;
                }
            }

            if (!progress)
            {
                break;
            }
        }

        return types;
    }

    /// <summary>Reports definitions left untyped because they depend, directly or not, on themselves.</summary>
    /// <returns>The ids of the definitions in a cycle; their own C# errors only repeat the cycle.</returns>
    private static HashSet<int> ReportCycles(List<Entry> definitions, Dictionary<int, string> types, List<Diagnostic> diagnostics)
    {
        var cyclic = new HashSet<int>();
        var untyped = definitions.Where(d => !types.ContainsKey(d.Id)).ToList();
        var names = untyped.ToDictionary(d => d.MemberName ?? string.Empty, StringComparer.Ordinal);
        var uses = untyped.ToDictionary(
            d => d.Id,
            d => d.Syntax.DescendantNodesAndSelf().OfType<IdentifierNameSyntax>().Select(n => n.Identifier.ValueText).Where(names.ContainsKey).Distinct(StringComparer.Ordinal).ToList());
        foreach (var definition in untyped)
        {
            // Walk the untyped definitions this one uses; if the walk comes back to it, it is a cycle.
            var path = new List<string>();
            var seen = new HashSet<string>(StringComparer.Ordinal);
            var stack = new Stack<(string Name, int Depth)>(uses[definition.Id].Select(n => (n, 0)));
            while (stack.Count > 0)
            {
                var (name, depth) = stack.Pop();
                path.RemoveRange(depth, path.Count - depth);
                path.Add(name);
                if (name == definition.MemberName)
                {
                    var cycle = string.Join(" -> ", new[] { definition.MemberName }.Concat(path));
                    diagnostics.Add(Diagnostic.Create(DiagnosticCatalog.DefinitionCycle, definition.Expression.Location, definition.Owner.Name, "it depends on itself (" + cycle + ")"));
                    cyclic.Add(definition.Id);
                    break;
                }

                if (seen.Add(name))
                {
                    foreach (var next in uses[names[name].Id])
                    {
                        stack.Push((next, depth + 1));
                    }
                }
            }
        }

        return cyclic;
    }

    private static SyntaxTree BuildTree(IReadOnlyList<Entry> entries, Dictionary<int, string> definitionTypes, bool withPlanAndClauses = false)
    {
        var copies = new List<ExpressionSyntax>();
        string Copy(ExpressionSyntax syntax)
        {
            copies.Add(syntax);
            return CopyPrefix + (copies.Count - 1).ToString(CultureInfo.InvariantCulture);
        }

        var source = new StringBuilder();
        source.AppendLine("namespace " + GeneratedNames.Namespace);
        source.AppendLine("{");
        source.AppendLine("    using System;");
        source.AppendLine("    using System.Linq;");
        source.AppendLine("    using System.Collections.Generic;");
        source.AppendLine("    using System.Text.RegularExpressions;");
        source.AppendLine("    using AiOpsPolicy.Core.Evidence;");
        source.AppendLine("    using AiOpsPolicy.Core.Expressions;");
        source.AppendLine("    using AiOpsPolicy.Core.Metrics;");
        source.AppendLine("    using AiOpsPolicy.Core.Model;");
        source.AppendLine();
        source.AppendLine($"    public sealed class {GeneratedNames.ClassName} : global::AiOpsPolicy.Core.Expressions.PolicyContext");
        source.AppendLine("    {");
        foreach (var entry in entries)
        {
            var placeholder = PlaceholderPrefix + entry.Id.ToString(CultureInfo.InvariantCulture);
            switch (entry.Kind)
            {
                case EntryKind.Definition:
                    var type = definitionTypes.GetValueOrDefault(entry.Id, "object");
                    source.AppendLine($"        public {type} {entry.MemberName} => {placeholder};");
                    break;
                case EntryKind.Measure:
                    source.AppendLine($"        public object {GeneratedNames.Measure(entry.Index)}() => {placeholder};");
                    break;
                case EntryKind.Condition:
                    source.AppendLine($"        public bool {GeneratedNames.Condition(entry.Index)}() => {placeholder};");
                    break;
                case EntryKind.Check:
                    source.AppendLine($"        public bool {GeneratedNames.Check(entry.Index)}(global::AiOpsPolicy.Core.Evidence.ModelEvaluation model) => {placeholder};");
                    break;
                case EntryKind.FindingWhen:
                    source.AppendLine($"        public bool {GeneratedNames.FindingWhen(entry.Index)}() => {placeholder};");
                    break;
                case EntryKind.FindingPart:
                    source.AppendLine($"        public object {GeneratedNames.FindingPart(entry.Index, entry.Part)}() => {placeholder};");
                    break;
            }
        }

        AppendDispatch(source, "object", "EvaluateMeasure", "int gate", "gate", entries.Where(e => e.Kind == EntryKind.Measure).Select(e => (e.Index, GeneratedNames.Measure(e.Index) + "()")));
        AppendDispatch(source, "bool", "EvaluateCondition", "int gate", "gate", entries.Where(e => e.Kind == EntryKind.Condition).Select(e => (e.Index, GeneratedNames.Condition(e.Index) + "()")));
        AppendDispatch(source, "bool", "EvaluateRubricCheck", "int check, global::AiOpsPolicy.Core.Evidence.ModelEvaluation model", "check", entries.Where(e => e.Kind == EntryKind.Check).Select(e => (e.Index, GeneratedNames.Check(e.Index) + "(model)")));
        if (entries.Any(e => e.Kind is EntryKind.FindingWhen or EntryKind.FindingPart))
        {
            AppendDispatch(source, "bool", "EvaluateFindingWhen", "int finding", "finding", entries.Where(e => e.Kind == EntryKind.FindingWhen).Select(e => (e.Index, GeneratedNames.FindingWhen(e.Index) + "()")));
            AppendFindingParts(source, entries);
        }

        if (withPlanAndClauses)
        {
            AppendPlan(source, entries, Copy);
            AppendClauses(source, entries, Copy);
        }

        source.AppendLine("    }");
        source.AppendLine("}");

        var skeleton = (CompilationUnitSyntax)CSharpSyntaxTree.ParseText(source.ToString(), ParseOptions).GetRoot();
        var byId = entries.ToDictionary(e => PlaceholderPrefix + e.Id.ToString(CultureInfo.InvariantCulture));
        var root = skeleton.ReplaceNodes(
            skeleton.DescendantNodes().OfType<IdentifierNameSyntax>().Where(n => n.Identifier.ValueText.StartsWith(PlaceholderPrefix, StringComparison.Ordinal) || n.Identifier.ValueText.StartsWith(CopyPrefix, StringComparison.Ordinal)),
            (original, _) =>
            {
                var name = original.Identifier.ValueText;
                if (name.StartsWith(CopyPrefix, StringComparison.Ordinal))
                {
                    // A copy of part of an expression (a planned metric call, a clause). Its errors are the
                    // original's, already reported there, so copies are marked to be left out of the report.
                    var copy = copies[int.Parse(name.AsSpan(CopyPrefix.Length), CultureInfo.InvariantCulture)];
                    return copy.WithoutTrivia().WithAdditionalAnnotations(new SyntaxAnnotation(CopyAnnotationKind));
                }

                var entry = byId[name];
                return entry.Syntax.WithAdditionalAnnotations(new SyntaxAnnotation(ExpressionAnnotationKind, entry.Id.ToString(CultureInfo.InvariantCulture)));
            });
        return CSharpSyntaxTree.Create(root, ParseOptions, path: "policies.g.cs", encoding: Encoding.UTF8);
    }

    /// <summary>
    /// Generates <c>PlanMetrics</c>: a copy of every metric call whose arguments are constants, so the
    /// evaluator can compute all of them in one pass per evidence kind before any gate runs.
    /// </summary>
    private static void AppendPlan(StringBuilder source, IReadOnlyList<Entry> entries, Func<ExpressionSyntax, string> copy)
    {
        source.AppendLine("        protected override void PlanMetrics()");
        source.AppendLine("        {");
        foreach (var entry in entries.Where(e => e.Kind != EntryKind.Check))
        {
            foreach (var call in entry.Syntax.DescendantNodesAndSelf().OfType<InvocationExpressionSyntax>().Where(MetricPlan.IsPlannable))
            {
                source.AppendLine($"            try {{ _ = {copy(call)}; }} catch (global::System.Exception) {{ }}");
            }
        }

        source.AppendLine("        }");
    }

    /// <summary>
    /// Generates a method per clause of every condition made of <c>&amp;&amp;</c> and <c>||</c>, with
    /// the clauses' texts, so a report can give the value of each clause.
    /// </summary>
    private static void AppendClauses(StringBuilder source, IReadOnlyList<Entry> entries, Func<ExpressionSyntax, string> copy)
    {
        var conditions = entries.Where(e => e.Kind == EntryKind.Condition).Select(e => (Entry: e, Clauses: MetricPlan.Clauses(e.Syntax))).Where(c => c.Clauses.Count > 1).ToList();
        source.AppendLine("        protected override bool EvaluateClause(int gate, int clause)");
        source.AppendLine("        {");
        foreach (var (entry, clauses) in conditions)
        {
            for (var k = 0; k < clauses.Count; k++)
            {
                source.AppendLine($"            if (gate == {entry.Index.ToString(CultureInfo.InvariantCulture)} && clause == {k.ToString(CultureInfo.InvariantCulture)}) {{ return {copy(clauses[k])}; }}");
            }
        }

        source.AppendLine("            throw new global::System.ArgumentOutOfRangeException(\"clause\");");
        source.AppendLine("        }");
        source.AppendLine("        protected override string[] ClauseTexts(int gate)");
        source.AppendLine("        {");
        foreach (var (entry, clauses) in conditions)
        {
            // The clause texts are data: string literals escaped by the compiler's own formatter.
            var texts = string.Join(", ", clauses.Select(c => SymbolDisplay.FormatLiteral(c.ToString().Trim(), quote: true)));
            source.AppendLine($"            if (gate == {entry.Index.ToString(CultureInfo.InvariantCulture)}) {{ return new string[] {{ {texts} }}; }}");
        }

        source.AppendLine("            return global::System.Array.Empty<string>();");
        source.AppendLine("        }");
    }

    /// <summary>Generates <c>EvaluateFindingPart</c>: the value of one placeholder of a finding's message, boxed.</summary>
    private static void AppendFindingParts(StringBuilder source, IReadOnlyList<Entry> entries)
    {
        source.AppendLine("        protected override object EvaluateFindingPart(int finding, int part)");
        source.AppendLine("        {");
        foreach (var entry in entries.Where(e => e.Kind == EntryKind.FindingPart))
        {
            var (finding, part) = (entry.Index.ToString(CultureInfo.InvariantCulture), entry.Part.ToString(CultureInfo.InvariantCulture));
            source.AppendLine($"            if (finding == {finding} && part == {part}) {{ return {GeneratedNames.FindingPart(entry.Index, entry.Part)}(); }}");
        }

        source.AppendLine("            throw new global::System.ArgumentOutOfRangeException(\"part\");");
        source.AppendLine("        }");
    }

    private static void AppendDispatch(StringBuilder source, string returnType, string method, string parameters, string selector, IEnumerable<(int Index, string Call)> cases)
    {
        source.AppendLine($"        protected override {returnType} {method}({parameters})");
        source.AppendLine("        {");
        source.AppendLine($"            switch ({selector})");
        source.AppendLine("            {");
        foreach (var (index, call) in cases)
        {
            source.AppendLine($"                case {index.ToString(CultureInfo.InvariantCulture)}: return {call};");
        }

        source.AppendLine($"                default: throw new global::System.ArgumentOutOfRangeException(\"{selector}\");");
        source.AppendLine("            }");
        source.AppendLine("        }");
    }

    private static Dictionary<int, ExpressionSyntax> Annotated(SyntaxTree tree) =>
        tree.GetRoot()
            .GetAnnotatedNodes(ExpressionAnnotationKind)
            .OfType<ExpressionSyntax>()
            .ToDictionary(n => int.Parse(n.GetAnnotations(ExpressionAnnotationKind).First().Data ?? "-1", CultureInfo.InvariantCulture));

    private static void CheckTypes(List<Entry> entries, Dictionary<int, ExpressionSyntax> nodes, SemanticModel model, List<Diagnostic> diagnostics, HashSet<Microsoft.CodeAnalysis.Text.TextSpan> suppressed)
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
                case EntryKind.Condition or EntryKind.Check or EntryKind.FindingWhen when type.SpecialType != SpecialType.System_Boolean:
                    suppressed.Add(node.Span);
                    diagnostics.Add(Diagnostic.Create(
                        DiagnosticCatalog.ExpressionType,
                        entry.Expression.Location,
                        $"The {entry.Expression.Role} must be true or false (bool), but it is {name}. Compare it with something, for example '... >= 0.95'"));
                    break;

                case EntryKind.Measure when entry.Owner is Gate { Bound: { } bound }:
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
    private static void CheckSandbox(List<Entry> entries, Dictionary<int, ExpressionSyntax> nodes, SemanticModel model, List<Diagnostic> diagnostics, HashSet<Microsoft.CodeAnalysis.Text.TextSpan> suppressed)
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
    private static void CheckReferences(PolicySet policies, List<Entry> entries, Dictionary<int, ExpressionSyntax> nodes, SemanticModel model, List<Diagnostic> diagnostics)
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

    private static Diagnostic Map(Microsoft.CodeAnalysis.Diagnostic error, List<Entry> entries, Dictionary<int, ExpressionSyntax> nodes)
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
        var owner = entries.FirstOrDefault(e => e.Kind == EntryKind.Definition);
        return Diagnostic.Create(
            DiagnosticCatalog.CSharpError,
            owner?.Expression.Location ?? Text.SourceLocation.None,
            $"C# error {error.Id} in the generated code",
            error.GetMessage(CultureInfo.InvariantCulture) + ". Check that every definition's value has a type that can be named");
    }

    /// <summary>Maps a span of the generated tree inside an expression node back to the YAML file.</summary>
    private static Text.SourceLocation Locate(Entry entry, ExpressionSyntax node, Microsoft.CodeAnalysis.Text.TextSpan span)
    {
        var offset = entry.Syntax.SpanStart + (span.Start - node.SpanStart);
        var start = Math.Clamp(offset, 0, entry.Expression.Text.Length);
        var end = Math.Clamp(offset + Math.Max(span.Length, 1), start, entry.Expression.Text.Length);
        return entry.Expression.GetLocation(start, end);
    }

    private static ImmutableArray<MetadataReference> LoadReferences()
    {
        // The minimum the expressions need: the runtime's core, LINQ, collections, and the engine's
        // own types. Nothing else is referenced, so nothing else can be named.
        var runtimeDirectory = Path.GetDirectoryName(typeof(object).Assembly.Location) ?? string.Empty;
        string[] frameworkAssemblies = ["System.Private.CoreLib.dll", "System.Runtime.dll", "System.Linq.dll", "System.Collections.dll", "System.Collections.Immutable.dll", "System.Text.RegularExpressions.dll"];
        return
        [
            .. frameworkAssemblies.Select(name => MetadataReference.CreateFromFile(Path.Combine(runtimeDirectory, name))),
            MetadataReference.CreateFromFile(typeof(PolicyContext).Assembly.Location),
        ];
    }
}
