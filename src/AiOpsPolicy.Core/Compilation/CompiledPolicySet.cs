// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using System.Runtime.Loader;
using AiOpsPolicy.Core.Evaluation;
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

    internal CompiledPolicySet(PolicySet policies, AssemblyLoadContext context, Type type, bool fromCache)
    {
        Policies = policies;
        _context = context;
        _type = type;
        FromCache = fromCache;
    }

    /// <summary>Gets the policy set the assembly was compiled from.</summary>
    public PolicySet Policies { get; }

    /// <summary>Gets a value indicating whether the assembly came from the compilation cache.</summary>
    public bool FromCache { get; }

    /// <summary>Creates a fresh context instance for one evaluation run.</summary>
    /// <returns>The context.</returns>
    internal PolicyContext CreateContext() =>
        Activator.CreateInstance(_type) as PolicyContext ?? throw new InvalidOperationException("The compiled policy type is not a PolicyContext.");

    /// <summary>Unloads the assembly, unless it was loaded to stay (<see cref="CompilationCache.KeepLoadedSwitch"/>).</summary>
    public void Dispose()
    {
        if (_context.IsCollectible)
        {
            _context.Unload();
        }
    }
}
