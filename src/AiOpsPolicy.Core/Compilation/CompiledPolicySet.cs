// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using System.Collections.Immutable;
using System.Reflection;
using System.Runtime.CompilerServices;
using System.Runtime.Loader;
using AiOpsPolicy.Core.Expressions;
using AiOpsPolicy.Core.Metrics;
using AiOpsPolicy.Core.Model;

namespace AiOpsPolicy.Core.Compilation;

/// <summary>
/// A policy set with every expression compiled into one in-memory assembly, loaded into its own
/// collectible load context (unless the host set <see cref="CompilationCache.KeepLoadedSwitch"/>).
/// Dispose it to let the assembly be unloaded.
/// </summary>
public sealed class CompiledPolicySet : IDisposable
{
    private readonly AssemblyLoadContext _context;
    private readonly Type _type;

    internal CompiledPolicySet(PolicySet policies, AssemblyLoadContext context, Type type, ImmutableArray<MetricRequest> plannedRequests, bool fromCache)
    {
        Policies = policies;
        _context = context;
        _type = type;
        PlannedRequests = plannedRequests;
        FromCache = fromCache;
    }

    /// <summary>Gets the policy set the assembly was compiled from.</summary>
    public PolicySet Policies { get; }

    /// <summary>Gets a value indicating whether the assembly came from the compilation cache.</summary>
    public bool FromCache { get; }

    /// <summary>
    /// Gets the requests of the metric plan: every metric call of the set's expressions with constant arguments, read
    /// from the syntax tree at compile time, which an evaluation computes together before any gate runs.
    /// </summary>
    internal ImmutableArray<MetricRequest> PlannedRequests { get; }

    /// <summary>Creates a fresh context instance for one evaluation run.</summary>
    /// <returns>The context.</returns>
    internal PolicyContext CreateContext() =>
        Activator.CreateInstance(_type) as PolicyContext ?? throw new InvalidOperationException("The compiled policy type is not a PolicyContext.");

    /// <summary>
    /// Compiles the generated code (every gate, definition, check and lambda) ahead of its first call,
    /// until <paramref name="enough"/> says to stop. A host with a core to spare (the CLI while the
    /// evidence loads) takes this JIT work off the evaluation's critical path; whatever is left is
    /// compiled on first call, as always. Evaluation is unchanged.
    /// </summary>
    /// <param name="enough">Asked before each method; true stops the warm-up.</param>
    /// <returns>How many methods were compiled.</returns>
    public int WarmUp(Func<bool> enough)
    {
        const BindingFlags Declared = BindingFlags.DeclaredOnly | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static;
        var compiled = 0;
        foreach (var type in _type.Assembly.GetTypes().Where(t => !t.ContainsGenericParameters).OrderBy(t => t == _type ? 0 : 1))
        {
            foreach (var method in type.GetMethods(Declared))
            {
                if (enough())
                {
                    return compiled;
                }

                if (!method.IsAbstract && !method.ContainsGenericParameters)
                {
                    RuntimeHelpers.PrepareMethod(method.MethodHandle);
                    compiled++;
                }
            }
        }

        return compiled;
    }

    /// <summary>Unloads the assembly, unless it was loaded to stay (<see cref="CompilationCache.KeepLoadedSwitch"/>).</summary>
    public void Dispose()
    {
        if (_context.IsCollectible)
        {
            _context.Unload();
        }
    }
}
