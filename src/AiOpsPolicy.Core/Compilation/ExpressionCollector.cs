// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using System.Globalization;
using AiOpsPolicy.Core.Diagnostics;
using AiOpsPolicy.Core.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Diagnostic = AiOpsPolicy.Core.Diagnostics.Diagnostic;

namespace AiOpsPolicy.Core.Compilation;

/// <summary>
/// The compiler's first part: collects every expression of a policy set and parses each on its own as exactly one C#
/// expression. Text that is empty, too deep, more than one expression or hides a preprocessor directive is reported
/// at its place in the YAML scalar and left out, so that the rest still compile and one run reports every problem.
/// </summary>
internal static class ExpressionCollector
{
    /// <summary>Parses every expression of the set (definitions, gates, findings, rubric checks), in that order.</summary>
    /// <param name="policies">The policy set.</param>
    /// <param name="diagnostics">Where an expression that does not parse is reported; it is then left out.</param>
    /// <returns>The parsed expressions, numbered in order.</returns>
    public static List<ExpressionEntry> Collect(PolicySet policies, List<Diagnostic> diagnostics)
    {
        var entries = new List<ExpressionEntry>();
        void Add(ExpressionEntryKind kind, int index, PolicyExpression expression, PolicyObject owner, string? memberName = null)
        {
            if (Parse(expression, diagnostics) is { } syntax)
            {
                entries.Add(new ExpressionEntry(entries.Count, kind, index, expression, syntax, owner, memberName));
            }
        }

        foreach (var definition in policies.Definitions)
        {
            Add(ExpressionEntryKind.Definition, 0, definition.Expression, definition, definition.MemberName);
        }

        for (var i = 0; i < policies.Gates.Length; i++)
        {
            var gate = policies.Gates[i];
            if (gate.Measure is { } measure)
            {
                Add(ExpressionEntryKind.Measure, i, measure, gate);
            }

            if (gate.Condition is { } condition)
            {
                Add(ExpressionEntryKind.Condition, i, condition, gate);
            }
        }

        for (var i = 0; i < policies.Findings.Length; i++)
        {
            var finding = policies.Findings[i];
            if (finding.When is { } when)
            {
                Add(ExpressionEntryKind.FindingWhen, i, when, finding);
            }

            for (var k = 0; k < finding.MessageParts.Length; k++)
            {
                if (finding.MessageParts[k].Expression is { } placeholder && Parse(placeholder, diagnostics) is { } syntax)
                {
                    entries.Add(new ExpressionEntry(entries.Count, ExpressionEntryKind.FindingPart, i, placeholder, syntax, finding, null) { Part = k });
                }
            }
        }

        var check = 0;
        foreach (var rubric in policies.Rubrics)
        {
            foreach (var rubricCheck in rubric.Checks)
            {
                Add(ExpressionEntryKind.Check, check++, rubricCheck.Predicate, rubric);
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

        var syntax = SyntaxFactory.ParseExpression(text, 0, PolicyCompiler.ParseOptions, consumeFullText: true);
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
        var directive = SyntaxFactory.ParseTokens(text, options: PolicyCompiler.ParseOptions)
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
}
