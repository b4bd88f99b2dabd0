// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using System.Globalization;
using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace AiOpsPolicy.Core.Compilation;

/// <summary>
/// The compiler's third part: the one class, derived from the expression context, that holds every expression of the
/// set as a member, with the dispatch methods the evaluator calls and a method per clause of each condition. The
/// metric plan is not code in this class: <see cref="MetricPlanner"/> reads it from the checked tree, as data.
/// </summary>
/// <remarks>
/// Expressions are never pasted into source text: the class skeleton is generated with placeholder
/// identifiers, and each placeholder is replaced by the syntax node parsed from the expression.
/// Text that tries to close the method or class cannot do so, because it never becomes source text.
/// </remarks>
internal static class GeneratedClass
{
    /// <summary>The annotation that marks each expression's node in the generated tree, with its entry's id.</summary>
    public const string ExpressionAnnotationKind = "aiops-expression";

    private const string PlaceholderPrefix = "__aiops_expression_";
    private const string CopyPrefix = "__aiops_copy_";

    /// <summary>The annotation that marks copies of parts of expressions (the clauses).</summary>
    public const string CopyAnnotationKind = GuardRewriter.CopyAnnotationKind;

    /// <summary>
    /// Builds the generated class's tree: a skeleton with a placeholder per expression, each replaced by the parsed node.
    /// </summary>
    /// <param name="entries">The expressions.</param>
    /// <param name="definitionTypes">The definitions' inferred types, by entry id; an untyped one is <c>object</c>.</param>
    /// <param name="withClauses">Whether to generate the clause methods (not needed for inference).</param>
    /// <returns>The tree, each expression's node annotated with its entry's id.</returns>
    public static SyntaxTree Build(IReadOnlyList<ExpressionEntry> entries, Dictionary<int, string> definitionTypes, bool withClauses = false)
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
                case ExpressionEntryKind.Definition:
                    var type = definitionTypes.GetValueOrDefault(entry.Id, "object");
                    source.AppendLine($"        public {type} {entry.MemberName} => {placeholder};");
                    break;
                case ExpressionEntryKind.Measure:
                    source.AppendLine($"        public object {GeneratedNames.Measure(entry.Index)}() => {placeholder};");
                    break;
                case ExpressionEntryKind.Condition:
                    source.AppendLine($"        public bool {GeneratedNames.Condition(entry.Index)}() => {placeholder};");
                    break;
                case ExpressionEntryKind.Check:
                    source.AppendLine($"        public bool {GeneratedNames.Check(entry.Index)}(global::AiOpsPolicy.Core.Evidence.ModelEvaluation model) => {placeholder};");
                    break;
                case ExpressionEntryKind.FindingWhen:
                    source.AppendLine($"        public bool {GeneratedNames.FindingWhen(entry.Index)}() => {placeholder};");
                    break;
                case ExpressionEntryKind.FindingPart:
                    source.AppendLine($"        public object {GeneratedNames.FindingPart(entry.Index, entry.Part)}() => {placeholder};");
                    break;
            }
        }

        AppendDispatch(source, "object", "EvaluateMeasure", "int gate", "gate", entries.Where(e => e.Kind == ExpressionEntryKind.Measure).Select(e => (e.Index, GeneratedNames.Measure(e.Index) + "()")));
        AppendDispatch(source, "bool", "EvaluateCondition", "int gate", "gate", entries.Where(e => e.Kind == ExpressionEntryKind.Condition).Select(e => (e.Index, GeneratedNames.Condition(e.Index) + "()")));
        AppendDispatch(source, "bool", "EvaluateRubricCheck", "int check, global::AiOpsPolicy.Core.Evidence.ModelEvaluation model", "check", entries.Where(e => e.Kind == ExpressionEntryKind.Check).Select(e => (e.Index, GeneratedNames.Check(e.Index) + "(model)")));
        if (entries.Any(e => e.Kind is ExpressionEntryKind.FindingWhen or ExpressionEntryKind.FindingPart))
        {
            AppendDispatch(source, "bool", "EvaluateFindingWhen", "int finding", "finding", entries.Where(e => e.Kind == ExpressionEntryKind.FindingWhen).Select(e => (e.Index, GeneratedNames.FindingWhen(e.Index) + "()")));
            AppendFindingParts(source, entries);
        }

        if (withClauses)
        {
            AppendClauses(source, entries, Copy);
        }

        source.AppendLine("    }");
        source.AppendLine("}");

        var skeleton = (CompilationUnitSyntax)CSharpSyntaxTree.ParseText(source.ToString(), PolicyCompiler.ParseOptions).GetRoot();
        var byId = entries.ToDictionary(e => PlaceholderPrefix + e.Id.ToString(CultureInfo.InvariantCulture));
        var root = skeleton.ReplaceNodes(
            skeleton.DescendantNodes().OfType<IdentifierNameSyntax>().Where(n => n.Identifier.ValueText.StartsWith(PlaceholderPrefix, StringComparison.Ordinal) || n.Identifier.ValueText.StartsWith(CopyPrefix, StringComparison.Ordinal)),
            (original, _) =>
            {
                var name = original.Identifier.ValueText;
                if (name.StartsWith(CopyPrefix, StringComparison.Ordinal))
                {
                    // A copy of part of an expression (a clause). Its errors are the
                    // original's, already reported there, so copies are marked to be left out of the report.
                    var copy = copies[int.Parse(name.AsSpan(CopyPrefix.Length), CultureInfo.InvariantCulture)];
                    return copy.WithoutTrivia().WithAdditionalAnnotations(new SyntaxAnnotation(CopyAnnotationKind));
                }

                var entry = byId[name];
                return entry.Syntax.WithAdditionalAnnotations(new SyntaxAnnotation(ExpressionAnnotationKind, entry.Id.ToString(CultureInfo.InvariantCulture)));
            });
        return CSharpSyntaxTree.Create(root, PolicyCompiler.ParseOptions, path: "policies.g.cs", encoding: Encoding.UTF8);
    }

    /// <summary>
    /// Generates a method per clause of every condition made of <c>&amp;&amp;</c> and <c>||</c>, with
    /// the clauses' texts, so a report can give the value of each clause.
    /// </summary>
    private static void AppendClauses(StringBuilder source, IReadOnlyList<ExpressionEntry> entries, Func<ExpressionSyntax, string> copy)
    {
        var conditions = entries.Where(e => e.Kind == ExpressionEntryKind.Condition).Select(e => (ExpressionEntry: e, Clauses: ConditionClauses.Of(e.Syntax))).Where(c => c.Clauses.Count > 1).ToList();
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
    private static void AppendFindingParts(StringBuilder source, IReadOnlyList<ExpressionEntry> entries)
    {
        source.AppendLine("        protected override object EvaluateFindingPart(int finding, int part)");
        source.AppendLine("        {");
        foreach (var entry in entries.Where(e => e.Kind == ExpressionEntryKind.FindingPart))
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

    /// <summary>Each expression's node in a generated tree, by entry id.</summary>
    /// <param name="tree">The tree <see cref="Build"/> made.</param>
    /// <returns>The nodes.</returns>
    public static Dictionary<int, ExpressionSyntax> Annotated(SyntaxTree tree) =>
        tree.GetRoot()
            .GetAnnotatedNodes(ExpressionAnnotationKind)
            .OfType<ExpressionSyntax>()
            .ToDictionary(n => int.Parse(n.GetAnnotations(ExpressionAnnotationKind).First().Data ?? "-1", CultureInfo.InvariantCulture));
}
