// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using System.Collections.Immutable;
using AiOpsPolicy.Core.Model;

namespace AiOpsPolicy.Core.Expressions;

/// <summary>The declared objects of one kind, by name: <c>Workflows["ticket-triage"]</c>.</summary>
/// <typeparam name="T">The kind's model type.</typeparam>
public sealed class DeclaredObjects<T>
    where T : PolicyObject
{
    private readonly ImmutableDictionary<string, T> _byName;

    internal DeclaredObjects(ImmutableArray<T> items)
    {
        All = items;
        _byName = items.GroupBy(i => i.Name, StringComparer.Ordinal).ToImmutableDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
    }

    /// <summary>Gets every declared object of the kind, in declaration order.</summary>
    public ImmutableArray<T> All { get; }

    /// <summary>Gets how many are declared.</summary>
    public int Count => All.Length;

    /// <summary>Gets an object by name.</summary>
    /// <param name="name">The name.</param>
    /// <exception cref="KeyNotFoundException">Nothing of that name is declared.</exception>
    public T this[string name] => _byName.TryGetValue(name, out var value)
        ? value
        : throw new KeyNotFoundException($"no {typeof(T).Name} named '{name}' is declared");

    /// <summary>Gets a value indicating whether an object of that name is declared.</summary>
    /// <param name="name">The name.</param>
    /// <returns>True when declared.</returns>
    public bool Contains(string name) => _byName.ContainsKey(name);
}
