// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using System.Collections.Immutable;

namespace AiOpsPolicy.Core.Diffing;

/// <summary>The semantic difference between two versions of a policy set, and what it does on the same evidence.</summary>
public sealed record PolicyDiff
{
    /// <summary>Gets what the base version is: a git revision or a folder.</summary>
    public required string Base { get; init; }

    /// <summary>Gets what the head version is: a git revision, a folder or the working tree.</summary>
    public required string Head { get; init; }

    /// <summary>Gets every change, ordered by kind, name and aspect.</summary>
    public required ImmutableArray<PolicyChange> Changes { get; init; }

    /// <summary>Gets a value indicating whether both versions were evaluated against evidence.</summary>
    public bool Evaluated => EvaluatedAt is not null;

    /// <summary>Gets the evaluation time, when evaluated.</summary>
    public DateTimeOffset? EvaluatedAt { get; init; }

    /// <summary>Gets every gate whose status differs, by gate name; empty when not evaluated.</summary>
    public ImmutableArray<GateFlip> Flips { get; init; } = [];

    /// <summary>Gets the base version's decision (allowed or blocked), when evaluated.</summary>
    public string? BaseDecision { get; init; }

    /// <summary>Gets the head version's decision (allowed or blocked), when evaluated.</summary>
    public string? HeadDecision { get; init; }
}
