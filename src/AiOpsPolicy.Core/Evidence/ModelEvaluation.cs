// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using System.Collections.Immutable;
using System.Text.Json.Serialization;

namespace AiOpsPolicy.Core.Evidence;

/// <summary>One evaluation of one model version, as responsible-AI rubrics see it.</summary>
public sealed record ModelEvaluation : EvidenceRecord
{
    /// <summary>Gets the model's name.</summary>
    public required string Model { get; init; }

    /// <summary>Gets the model's version.</summary>
    public required string Version { get; init; }

    /// <summary>Gets when it was evaluated.</summary>
    public required DateTimeOffset EvaluatedAt { get; init; }

    /// <summary>Gets per-group metrics: group, then metric name, then value.</summary>
    public ImmutableSortedDictionary<string, ImmutableSortedDictionary<string, double>> Groups
    {
        get => field ?? ImmutableSortedDictionary<string, ImmutableSortedDictionary<string, double>>.Empty;
        init;
    }

    /// <summary>Gets the privacy checks and whether each passed.</summary>
    [JsonPropertyName("privacy")]
    public ImmutableSortedDictionary<string, bool> PrivacyChecks
    {
        get => field ?? ImmutableSortedDictionary<string, bool>.Empty;
        init;
    }

    /// <summary>Gets the explainability level: none, global, local or full.</summary>
    public required string Explainability { get; init; }

    /// <summary>Gets the safety checks and whether each passed.</summary>
    [JsonPropertyName("safety")]
    public ImmutableSortedDictionary<string, bool> SafetyChecks
    {
        get => field ?? ImmutableSortedDictionary<string, bool>.Empty;
        init;
    }

    /// <summary>Gets the human-oversight checks and whether each passed.</summary>
    [JsonPropertyName("humanOversight")]
    public ImmutableSortedDictionary<string, bool> HumanOversightChecks
    {
        get => field ?? ImmutableSortedDictionary<string, bool>.Empty;
        init;
    }

    /// <inheritdoc />
    public override string Key => $"{Model}@{Version}";

    /// <inheritdoc />
    public override EvidenceRecord? AsOf(DateTimeOffset asOf) => EvaluatedAt > asOf ? null : this;

    /// <summary>The largest difference of a metric between any two groups; 0 with fewer than two groups.</summary>
    /// <param name="metric">The metric's name, such as <c>accuracy</c>.</param>
    /// <returns>The gap.</returns>
    public double MaxGroupGap(string metric)
    {
        var values = Groups.Values.Where(g => g.ContainsKey(metric)).Select(g => g[metric]).ToList();
        if (values.Count < Groups.Count || values.Count == 0)
        {
            throw new InsufficientEvidenceException($"model '{Model}' version {Version} has no '{metric}' for every group ({string.Join(", ", Groups.Keys)})");
        }

        return values.Max() - values.Min();
    }

    /// <summary>Whether a privacy check passed. A check that was not run is insufficient evidence.</summary>
    /// <param name="check">The check's name.</param>
    /// <returns>True when it passed.</returns>
    public bool Privacy(string check) => Lookup(PrivacyChecks, "privacy", check);

    /// <summary>Whether a safety check passed. A check that was not run is insufficient evidence.</summary>
    /// <param name="check">The check's name.</param>
    /// <returns>True when it passed.</returns>
    public bool Safety(string check) => Lookup(SafetyChecks, "safety", check);

    /// <summary>Whether a human-oversight check passed. A check that was not run is insufficient evidence.</summary>
    /// <param name="check">The check's name.</param>
    /// <returns>True when it passed.</returns>
    public bool HumanOversight(string check) => Lookup(HumanOversightChecks, "human-oversight", check);

    private bool Lookup(ImmutableSortedDictionary<string, bool> checks, string what, string check) =>
        checks.TryGetValue(check, out var passed)
            ? passed
            : throw new InsufficientEvidenceException($"model '{Model}' version {Version} has no {what} check '{check}'");
}
