// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using System.Collections.Immutable;
using AiOpsPolicy.Core.Diagnostics;
using AiOpsPolicy.Core.Expressions;
using AiOpsPolicy.Core.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Diagnostic = AiOpsPolicy.Core.Diagnostics.Diagnostic;

namespace AiOpsPolicy.Core.Compilation;

/// <summary>
/// The compile stage: every expression of a policy set becomes a member of one generated class derived from
/// <see cref="PolicyContext"/>, compiled in one Roslyn compilation into one assembly, with every problem mapped back to
/// the line and column inside the YAML scalar. This class runs the parts in order, each in its own file:
/// <see cref="ExpressionCollector"/> (parse each expression on its own), <see cref="DefinitionTypeInference"/>,
/// <see cref="GeneratedClass"/> (the class and its dispatch), <see cref="ExpressionChecks"/> (types, references, the
/// sandbox, C#'s errors), <see cref="MetricPlanner"/> (the metric plan, read from the checked tree) and
/// <see cref="GuardedEmitter"/>.
/// </summary>
public static class PolicyCompiler
{
    /// <summary>The compiler thread's stack: 64 MiB reserved, 25 times what the deepest tree the size limits allow needs.</summary>
    private const int CompilerStackBytes = 64 * 1024 * 1024;

    private static readonly Lazy<ImmutableArray<MetadataReference>> LazyReferences = new(LoadReferences);

    /// <summary>Gets how expressions and the generated class are parsed: the latest C#, no documentation comments.</summary>
    internal static CSharpParseOptions ParseOptions { get; } = new(LanguageVersion.Latest, DocumentationMode.None, SourceCodeKind.Regular);

    /// <summary>Gets the assemblies expressions are compiled against (loaded once).</summary>
    internal static ImmutableArray<MetadataReference> References => LazyReferences.Value;

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

    /// <summary>The stages in order: collect, infer definition types, generate, check, plan, emit.</summary>
    private static CompileOutput CompileOnThisThread(PolicySet policies)
    {
        var diagnostics = new List<Diagnostic>();
        var entries = ExpressionCollector.Collect(policies, diagnostics);

        var definitions = entries.Where(e => e.Kind == ExpressionEntryKind.Definition).ToList();
        var definitionTypes = DefinitionTypeInference.Infer(definitions);
        var cyclic = DefinitionTypeInference.ReportCycles(definitions, definitionTypes, diagnostics);

        var tree = GeneratedClass.Build(entries, definitionTypes, withClauses: true);
        var compilation = CSharpCompilation.Create(
            "AiOpsPolicy.Generated." + policies.Digest.Replace("sha256:", string.Empty, StringComparison.Ordinal)[..16],
            [tree],
            References,
            new CSharpCompilationOptions(
                OutputKind.DynamicallyLinkedLibrary,
                optimizationLevel: OptimizationLevel.Release,
                deterministic: true,
                nullableContextOptions: NullableContextOptions.Disable,
                allowUnsafe: false));

        var nodes = GeneratedClass.Annotated(tree);
        var model = compilation.GetSemanticModel(tree);
        var suppressed = new HashSet<Microsoft.CodeAnalysis.Text.TextSpan>();
        ExpressionChecks.CheckTypes(entries, nodes, model, diagnostics, suppressed);
        ExpressionChecks.CheckReferences(policies, entries, nodes, model, diagnostics);
        ExpressionChecks.CheckSandbox(entries, nodes, model, diagnostics, suppressed);

        // A definition in a cycle was reported as such; its C# errors only repeat it.
        foreach (var id in cyclic)
        {
            suppressed.Add(nodes[id].Span);
        }

        ExpressionChecks.ReportCompilerErrors(tree, model, entries, nodes, suppressed, diagnostics);

        var sorted = DiagnosticOrder.Sort(diagnostics).Distinct().ToImmutableArray();
        return sorted.Any(d => d.IsError)
            ? new CompileOutput(null, sorted)
            : new CompileOutput(GuardedEmitter.Emit(compilation, tree, model, MetricPlanner.Plan(policies, entries, nodes, model)), sorted);
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
