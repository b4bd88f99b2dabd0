// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using System.Globalization;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace AiOpsPolicy.Core.Compilation;

/// <summary>
/// The compiler's last part: emits the checked class with run-time guards (<see cref="GuardRewriter"/>) around every
/// method body and lambda. Only a set without errors gets here.
/// </summary>
internal static class GuardedEmitter
{
    /// <summary>Rewrites the checked tree with guards and emits the assembly.</summary>
    /// <param name="compilation">The compilation that was checked.</param>
    /// <param name="tree">Its generated tree, as written.</param>
    /// <param name="model">The tree's semantic model, which the guards are placed from.</param>
    /// <returns>The assembly's bytes.</returns>
    /// <exception cref="InvalidOperationException">The guarded code does not compile: an engine bug, never bad input.</exception>
    public static byte[] Emit(CSharpCompilation compilation, SyntaxTree tree, SemanticModel model)
    {
        // The guards change positions, which is why diagnostics come from the tree as written.
        var guarded = compilation.ReplaceSyntaxTree(tree, GuardRewriter.Rewrite(tree, model));
        using var stream = new MemoryStream();
        var emit = guarded.Emit(stream);
        if (!emit.Success)
        {
            var first = emit.Diagnostics.First(d => d.Severity == Microsoft.CodeAnalysis.DiagnosticSeverity.Error);
            throw new InvalidOperationException($"The guarded policy code did not compile ({first.Id}: {first.GetMessage(CultureInfo.InvariantCulture)}); this is an engine bug.");
        }

        return stream.ToArray();
    }
}
