// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using AiOpsPolicy.Core.Diagnostics;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Diagnostic = AiOpsPolicy.Core.Diagnostics.Diagnostic;

namespace AiOpsPolicy.Core.Compilation;

/// <summary>
/// The compiler's second part: gives each definition the C# type of its value, so that gates that use it are typed
/// (a definition is a property of the generated class, and a property needs a type), and reports the definitions that
/// cannot be typed because they depend on themselves.
/// </summary>
internal static class DefinitionTypeInference
{
    /// <summary>
    /// Works out each definition's type from its expression. Definitions may use one another, so the
    /// types are found in rounds: each round types the definitions whose expressions bind without
    /// error given the types found so far, until a round finds nothing new.
    /// </summary>
    public static Dictionary<int, string> Infer(List<ExpressionEntry> definitions)
    {
        var types = new Dictionary<int, string>();
        if (definitions.Count == 0)
        {
            return types;
        }

        for (var round = 0; round <= definitions.Count; round++)
        {
            var tree = GeneratedClass.Build(definitions, types);
            var compilation = CSharpCompilation.Create("AiOpsPolicy.Inference", [tree], PolicyCompiler.References, new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Disable));
            var model = compilation.GetSemanticModel(tree);
            var nodes = GeneratedClass.Annotated(tree);
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
    public static HashSet<int> ReportCycles(List<ExpressionEntry> definitions, Dictionary<int, string> types, List<Diagnostic> diagnostics)
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
}
