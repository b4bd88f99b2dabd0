// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using System.Globalization;
using System.Text.RegularExpressions;
using AiOpsPolicy.Cli.Arguments;
using AiOpsPolicy.Cli.CommandLine;
using AiOpsPolicy.Core;
using AiOpsPolicy.Core.Compilation;
using AiOpsPolicy.Core.Diagnostics;
using AiOpsPolicy.Core.Loading;
using AiOpsPolicy.Core.PolicyTests;
using AiOpsPolicy.Core.Results;

namespace AiOpsPolicy.Cli.Commands;

/// <summary>
/// <c>aiops-policy eval</c>: evaluates one ad-hoc C# expression in the policy set's typed context and
/// sandbox, or, with no expression, reads expressions and definitions line by line from the input.
/// Exit 0 when the expression has a value, 1 when it has none (insufficient evidence or an error
/// while evaluating), 2 when it does not compile or the input is invalid.
/// </summary>
internal sealed partial class EvalCommand
{
    private readonly IConsole _console;
    private readonly Func<DateTimeOffset> _clock;
    private readonly TextReader _input;

    public EvalCommand(IConsole console, Func<DateTimeOffset> clock, TextReader input)
    {
        _console = console;
        _clock = clock;
        _input = input;
    }

    /// <summary>Runs with eval's own command line (the arguments after <c>eval</c>), parsed by its one declaration.</summary>
    /// <param name="args">The arguments.</param>
    /// <returns>The exit code.</returns>
    public int Run(IEnumerable<string> args) =>
        CommandTree.RunVerb(EvalArguments.Declare(Run, problem => Usage.Fail(_console, problem)), args, _console);

    public int Run(EvalArguments arguments)
    {
        var cache = arguments.NoCache ? null : new CompilationCache(arguments.CacheDirectory ?? CompilationCache.DefaultDirectory());
        var engine = new PolicyEngine(cache);
        var loaded = PolicyLoader.Load(arguments.Policies);
        var prepared = engine.Prepare(loaded.Files);
        prepared.Compiled?.Dispose();
        var evidence = PolicyEngine.LoadEvidence(arguments.Evidence);
        var diagnostics = DiagnosticOrder.Sort(loaded.Diagnostics.Concat(prepared.Diagnostics).Concat(evidence.Diagnostics)).Distinct().ToList();
        foreach (var diagnostic in diagnostics.Where(d => d.Severity >= DiagnosticSeverity.Warning))
        {
            _console.Err.WriteLine(Reporting.ConsoleText.Inline(diagnostic.ToString()));
        }

        if (diagnostics.Any(d => d.IsError))
        {
            _console.Err.WriteLine($"Nothing was evaluated: fix the {diagnostics.Count(d => d.IsError)} error(s) above.");
            return ExitCodes.InvalidInput;
        }

        var evaluator = new ExpressionEvaluator(engine, loaded.Files, evidence.Evidence, arguments.AsOf ?? _clock());
        if (arguments.Expression is { } expression)
        {
            var evaluation = evaluator.Evaluate(expression, []);
            Print(evaluation, expression, 0);
            return !evaluation.Evaluated ? ExitCodes.InvalidInput
                : evaluation.Result!.Status is GateStatus.Error or GateStatus.InsufficientEvidence ? ExitCodes.Blocked
                : ExitCodes.Success;
        }

        Loop(evaluator);
        return ExitCodes.Success;
    }

    /// <summary>Reads and evaluates lines until the end of the input or <c>:quit</c>.</summary>
    private void Loop(ExpressionEvaluator evaluator)
    {
        var definitions = new List<KeyValuePair<string, string>>();
        _console.Err.WriteLine("aiops-policy eval: type an expression, 'name = expression' to define, or :quit");
        while (true)
        {
            _console.Err.Write("> ");
            var line = _input.ReadLine();
            if (line is null || line.Trim() is ":quit" or ":q" or ":exit")
            {
                break;
            }

            var trimmed = line.Trim();
            if (trimmed.Length == 0)
            {
                continue;
            }

            if (trimmed == ":defs")
            {
                foreach (var (name, text) in definitions)
                {
                    _console.Out.WriteLine($"{Core.Model.Naming.ToPascalCase(name)} = {text}");
                }

                continue;
            }

            var match = DefinitionLine().Match(line);
            if (match.Success)
            {
                var name = ToKebab(match.Groups["name"].Value);
                var text = match.Groups["expression"].Value;
                if (!KebabName().IsMatch(name))
                {
                    _console.Out.WriteLine($"error: '{match.Groups["name"].Value}' is not a definition name; use kebab-case (triage-window) or PascalCase (TriageWindow)");
                    continue;
                }

                var defined = evaluator.Define(name, text, definitions);
                if (!defined.Diagnostics.IsEmpty)
                {
                    PrintErrors(defined, line, match.Groups["expression"].Index);
                    continue;
                }

                definitions.RemoveAll(d => d.Key == name);
                definitions.Add(new(name, text));
                _console.Out.WriteLine($"{Core.Model.Naming.ToPascalCase(name)} defined");
                if (defined.Evaluated)
                {
                    PrintValue(defined);
                }

                continue;
            }

            var offset = line.Length - line.TrimStart().Length;
            Print(evaluator.Evaluate(trimmed, definitions), line, offset);
        }
    }

    private void Print(ExpressionEvaluation evaluation, string line, int offset)
    {
        if (!evaluation.Evaluated)
        {
            PrintErrors(evaluation, line, offset);
            return;
        }

        PrintValue(evaluation);
    }

    private void PrintValue(ExpressionEvaluation evaluation)
    {
        var result = evaluation.Result!;
        var output = _console.Out;
        switch (result.Status)
        {
            case GateStatus.InsufficientEvidence:
                output.WriteLine("insufficient evidence: " + StripPrefix(result.Explanation, "Insufficient evidence: "));
                break;
            case GateStatus.Error:
                output.WriteLine("error: " + result.Explanation);
                break;
            default:
                if (evaluation.Shape == ExpressionShape.Condition)
                {
                    output.WriteLine(result.ConditionHeld == true ? "true" : "false");
                }
                else
                {
                    var exact = result.ObservedValue?.ToString("R", CultureInfo.InvariantCulture);
                    output.WriteLine(exact is not null && exact != result.Observed && evaluation.Shape == ExpressionShape.Number && result.Metrics.IsEmpty
                        ? $"{result.Observed} ({exact})"
                        : result.Observed);
                }

                break;
        }

        foreach (var clause in result.Clauses)
        {
            output.WriteLine("  " + Core.Evaluation.GateEvaluator.ClauseText(clause));
        }

        foreach (var metric in result.Metrics)
        {
            var counts = metric.Numerator is { } n && metric.Denominator is { } d
                ? $" ({Number(n)}/{Number(d)})"
                : string.Empty;
            output.WriteLine($"  {metric.Metric} = {metric.Value}{counts} from {metric.SampleSize} record(s)");
            output.WriteLine($"    {metric.Explanation}");
            if (!metric.FailingRecords.IsEmpty)
            {
                output.WriteLine($"    failing records: {string.Join(", ", metric.FailingRecords)}");
            }

            foreach (var assumption in metric.Assumptions)
            {
                output.WriteLine($"    assumption: {assumption}");
            }
        }
    }

    /// <summary>Prints each error under the line it is in, with a caret under its place.</summary>
    private void PrintErrors(ExpressionEvaluation evaluation, string line, int offset)
    {
        var lines = line.ReplaceLineEndings("\n").Split('\n');
        foreach (var diagnostic in evaluation.Diagnostics)
        {
            var location = diagnostic.Location;
            if (location.Path == ExpressionEvaluator.InputPath && location.StartLine >= 1 && location.StartLine <= lines.Length)
            {
                var shift = location.StartLine == 1 ? offset : 0;
                var column = location.StartColumn + shift;
                var width = location.EndLine == location.StartLine ? Math.Max(1, location.EndColumn - location.StartColumn) : 1;
                _console.Out.WriteLine("  " + lines[location.StartLine - 1]);
                _console.Out.WriteLine("  " + new string(' ', Math.Max(0, column - 1)) + new string('^', width));
                _console.Out.WriteLine($"({location.StartLine},{column}): error {diagnostic.Id}: {diagnostic.Message}");
            }
            else
            {
                _console.Out.WriteLine(Reporting.ConsoleText.Inline(diagnostic.ToString()));
            }
        }
    }

    private static string Number(double value) => value.ToString("0.###", CultureInfo.InvariantCulture);

    private static string StripPrefix(string text, string prefix) =>
        text.StartsWith(prefix, StringComparison.Ordinal) ? text[prefix.Length..] : text;

    /// <summary>Turns <c>TriageWindow</c> into <c>triage-window</c>; a kebab-case name stays as it is.</summary>
    private static string ToKebab(string name)
    {
        var builder = new System.Text.StringBuilder(name.Length + 4);
        for (var i = 0; i < name.Length; i++)
        {
            if (char.IsUpper(name[i]) && i > 0 && name[i - 1] != '-')
            {
                builder.Append('-');
            }

            builder.Append(char.ToLowerInvariant(name[i]));
        }

        return builder.ToString();
    }

    [GeneratedRegex(@"^\s*(?<name>[A-Za-z][A-Za-z0-9-]*)\s*=(?![=>])\s*(?<expression>\S.*?)\s*$")]
    private static partial Regex DefinitionLine();

    [GeneratedRegex("^[a-z][a-z0-9]*(-[a-z0-9]+)*$")]
    private static partial Regex KebabName();
}
