// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using System.Globalization;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace AiOpsPolicy.Core.Compilation;

/// <summary>
/// The compiler's last part: emits the checked class with run-time guards (<see cref="GuardRewriter"/>) around every
/// method body and lambda, and the metric plan as a resource of the assembly. Only a set without errors gets here.
/// </summary>
internal static class GuardedEmitter
{
    /// <summary>Rewrites the checked tree with guards and emits the assembly.</summary>
    /// <param name="compilation">The compilation that was checked.</param>
    /// <param name="tree">Its generated tree, as written.</param>
    /// <param name="model">The tree's semantic model, which the guards are placed from.</param>
    /// <param name="plan">The metric plan, carried by the assembly as a resource (data, not code).</param>
    /// <returns>The assembly's bytes.</returns>
    /// <exception cref="InvalidOperationException">The guarded code does not compile: an engine bug, never bad input.</exception>
    public static byte[] Emit(CSharpCompilation compilation, SyntaxTree tree, SemanticModel model, MetricPlan plan)
    {
        // The guards change positions, which is why diagnostics come from the tree as written.
        var guarded = compilation.ReplaceSyntaxTree(tree, GuardRewriter.Rewrite(tree, model));
        using var stream = new MemoryStream();
        var planBytes = plan.Encode();
        var emit = guarded.Emit(stream, manifestResources: [new ResourceDescription(MetricPlan.ResourceName, () => new MemoryStream(planBytes, writable: false), isPublic: true)]);
        if (!emit.Success)
        {
            var first = emit.Diagnostics.First(d => d.Severity == Microsoft.CodeAnalysis.DiagnosticSeverity.Error);
            throw new InvalidOperationException($"The guarded policy code did not compile ({first.Id}: {first.GetMessage(CultureInfo.InvariantCulture)}); this is an engine bug.");
        }

        return stream.ToArray();
    }
}
