// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using System.Collections.Immutable;

namespace AiOpsPolicy.Sources.Prometheus;

/// <summary>One series of a range query: its labels and its points (Unix milliseconds, value).</summary>
/// <param name="Labels">The labels, by name.</param>
/// <param name="Points">The points in time order; values may be NaN or infinite, as Prometheus sends them.</param>
public sealed record PrometheusSeries(ImmutableSortedDictionary<string, string> Labels, ImmutableArray<(long TimeMs, double Value)> Points)
{
    /// <summary>Gets a label's value, or null.</summary>
    /// <param name="name">The label's name.</param>
    /// <returns>The value.</returns>
    public string? Label(string name) => Labels.TryGetValue(name, out var value) ? value : null;
}
