// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using System.Collections.Immutable;
using System.Text;
using AiOpsPolicy.Core.Diagnostics;
using AiOpsPolicy.Core.Evidence;
using AiOpsPolicy.Core.Results;
using AiOpsPolicy.Core.Text;

namespace AiOpsPolicy.Core.PolicyTests;

/// <summary>
/// Evaluates ad-hoc C# expressions in the policy set's typed context, under the same checks and
/// sandbox as policy files: the expression becomes a generated Gate document (its measure, or its
/// condition when it is true or false) in an extra in-memory policy file, next to any ad-hoc
/// Definitions, and the set goes through <see cref="PolicyEngine.Prepare(IReadOnlyList{SourceFile})"/>
/// and <see cref="PolicyEngine.Evaluate(Compilation.CompiledPolicySet, EvidenceSet, DateTimeOffset)"/> like any other.
/// </summary>
public sealed class ExpressionEvaluator
{
    /// <summary>The name of the generated gate.</summary>
    public const string GateName = "aiops-eval-expression";

    /// <summary>The path of the generated policy file.</summary>
    public const string GeneratedPath = "(eval)";

    /// <summary>The path diagnostics inside the expression are mapped to.</summary>
    public const string InputPath = "expression";

    /// <summary>How far the generated file indents an expression inside its block scalar.</summary>
    private const int Indent = 4;

    private static readonly ExpressionShape[] Shapes = [ExpressionShape.Number, ExpressionShape.Percentage, ExpressionShape.Duration, ExpressionShape.Condition];

    private readonly PolicyEngine _engine;
    private readonly ImmutableArray<SourceFile> _files;
    private readonly EvidenceSet _evidence;
    private readonly DateTimeOffset _now;

    /// <summary>Initializes a new instance of the <see cref="ExpressionEvaluator"/> class.</summary>
    /// <param name="engine">The engine (with or without a compilation cache).</param>
    /// <param name="files">The policy set's files.</param>
    /// <param name="evidence">The evidence.</param>
    /// <param name="now">The evaluation time.</param>
    public ExpressionEvaluator(PolicyEngine engine, IEnumerable<SourceFile> files, EvidenceSet evidence, DateTimeOffset now)
    {
        _engine = engine;
        _files = [.. files];
        _evidence = evidence;
        _now = now;
    }

    /// <summary>
    /// Evaluates an expression. It is tried as a number (or metric) measure, then as a duration
    /// measure, then as a condition; the first that compiles is evaluated. Any error other than the
    /// expression's type stops it there and is returned.
    /// </summary>
    /// <param name="expression">The C# expression.</param>
    /// <param name="definitions">Ad-hoc definitions (kebab-case name, expression) the expression may use.</param>
    /// <returns>The value, or the errors.</returns>
    public ExpressionEvaluation Evaluate(string expression, IReadOnlyList<KeyValuePair<string, string>> definitions)
    {
        ImmutableArray<Diagnostic> typeErrors = [];
        foreach (var shape in Shapes)
        {
            var generated = Generate(definitions, expression, shape, out _, out var expressionLine);
            var prepared = _engine.Prepare([.. _files, generated]);
            using var compiled = prepared.Compiled;
            if (compiled is null)
            {
                var errors = prepared.Diagnostics.Where(d => d.IsError).ToImmutableArray();
                if (errors.All(d => d.Id == DiagnosticCatalog.ExpressionType.Id && d.Location.Path == GeneratedPath && d.Location.StartLine >= expressionLine - 1))
                {
                    typeErrors = errors;
                    continue;
                }

                return new ExpressionEvaluation(null, null, [.. errors.Select(d => Map(d, expression, expressionLine))]);
            }

            var result = PolicyEngine.Evaluate(compiled, _evidence, _now).Gates.Single(g => g.Gate == GateName);
            if (shape is ExpressionShape.Number or ExpressionShape.Percentage && result is { Status: GateStatus.Error, ObservedValue: null, Metrics.IsEmpty: false })
            {
                // A metric in another unit than the bound's (reached through a definition, so the
                // compiler could not see it): try the next shape.
                continue;
            }

            return new ExpressionEvaluation(shape, result, []);
        }

        var message = typeErrors.IsEmpty ? "The expression has no value" : typeErrors[^1].Message;
        var diagnostic = Diagnostic.Create(
            DiagnosticCatalog.ExpressionType,
            SourceLocation.At(InputPath, 1, 1),
            $"eval shows true or false, numbers, durations and metrics; this expression is none of them ({Reword(message)})");
        return new ExpressionEvaluation(null, null, [diagnostic]);
    }

    /// <summary>
    /// Checks a new ad-hoc definition against the set and the definitions before it, and evaluates it
    /// when its value can be shown.
    /// </summary>
    /// <param name="name">The definition's kebab-case name.</param>
    /// <param name="expression">Its expression.</param>
    /// <param name="definitions">The definitions made before it.</param>
    /// <returns>Its value (when it is true or false, a number, a duration or a metric), or its errors.</returns>
    public ExpressionEvaluation Define(string name, string expression, IReadOnlyList<KeyValuePair<string, string>> definitions)
    {
        List<KeyValuePair<string, string>> all = [.. definitions.Where(d => d.Key != name), new(name, expression)];
        var generated = Generate(all, null, ExpressionShape.Condition, out var definitionLine, out _);
        var prepared = _engine.Prepare([.. _files, generated]);
        prepared.Compiled?.Dispose();
        if (prepared.HasErrors)
        {
            return new ExpressionEvaluation(null, null, [.. prepared.Diagnostics.Where(d => d.IsError).Select(d => Map(d, expression, definitionLine))]);
        }

        var value = Evaluate(Model.Naming.ToPascalCase(name), all);
        return value.Evaluated ? value : new ExpressionEvaluation(null, null, []);
    }

    /// <summary>
    /// Builds the generated policy file: the definitions, then the gate (a condition that always
    /// holds when there is no expression).
    /// </summary>
    private static SourceFile Generate(IReadOnlyList<KeyValuePair<string, string>> definitions, string? expression, ExpressionShape shape, out int lastDefinitionLine, out int expressionLine)
    {
        var text = new StringBuilder();
        lastDefinitionLine = 0;
        foreach (var (name, definition) in definitions)
        {
            text.Append("apiVersion: aiops-policy/v1\nkind: Definition\nmetadata:\n  name: ").Append(name).Append("\nspec:\n  expression: |-\n");
            lastDefinitionLine = Lines(text) + 1;
            AppendBlock(text, definition);
            text.Append("---\n");
        }

        text.Append("apiVersion: aiops-policy/v1\nkind: Gate\nmetadata:\n  name: ").Append(GateName).Append("\nspec:\n");
        text.Append(shape == ExpressionShape.Condition ? "  condition: |-\n" : "  measure: |-\n");
        expressionLine = Lines(text) + 1;
        AppendBlock(text, expression ?? "true");
        text.Append(shape switch
        {
            ExpressionShape.Number => "  bound:\n    min: -1e300\n",
            ExpressionShape.Percentage => "  bound:\n    min: 0%\n",
            ExpressionShape.Duration => "  bound:\n    max: 100000w\n",
            _ => string.Empty,
        });
        text.Append("  severity: warn\n");
        return new SourceFile(GeneratedPath, text.ToString());
    }

    private static int Lines(StringBuilder text)
    {
        var count = 0;
        foreach (var chunk in text.GetChunks())
        {
            count += chunk.Span.Count('\n');
        }

        return count;
    }

    private static void AppendBlock(StringBuilder text, string expression)
    {
        foreach (var line in expression.ReplaceLineEndings("\n").Split('\n'))
        {
            text.Append(' ', Indent).Append(line).Append('\n');
        }
    }

    /// <summary>Words messages about the generated gate as messages about the expression.</summary>
    private static string Reword(string message) => message
        .Replace($"measure of gate '{GateName}'", "expression", StringComparison.Ordinal)
        .Replace($"condition of gate '{GateName}'", "expression", StringComparison.Ordinal);

    /// <summary>Maps a diagnostic inside the generated expression to the expression's own line and column.</summary>
    private static Diagnostic Map(Diagnostic diagnostic, string expression, int expressionLine)
    {
        diagnostic = diagnostic with { Message = Reword(diagnostic.Message) };
        var location = diagnostic.Location;
        var lines = expression.ReplaceLineEndings("\n").Split('\n').Length;
        if (location.Path != GeneratedPath || location.StartLine < expressionLine || location.StartLine >= expressionLine + lines)
        {
            return diagnostic;
        }

        var line = location.StartLine - expressionLine + 1;
        var column = Math.Max(1, location.StartColumn - Indent);
        var endLine = Math.Clamp(location.EndLine - expressionLine + 1, line, lines);
        var endColumn = Math.Max(column, location.EndColumn - Indent);
        return diagnostic with { Location = new SourceLocation(InputPath, line, column, endLine, endColumn) };
    }
}
