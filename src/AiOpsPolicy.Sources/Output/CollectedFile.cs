// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using System.Collections.Immutable;
using AiOpsPolicy.Core.Evidence;

namespace AiOpsPolicy.Sources.Output;

/// <summary>The records of one kind that one source produced, with the queries behind them.</summary>
public sealed record CollectedFile
{
    /// <summary>Gets the evidence kind.</summary>
    public required EvidenceKind Kind { get; init; }

    /// <summary>Gets the records.</summary>
    public ImmutableArray<OutputRecord> Records { get; init; } = [];

    /// <summary>Gets the queries that produced them, in the order they ran.</summary>
    public ImmutableArray<CollectedQuery> Queries { get; init; } = [];

    /// <summary>Gets why the records are incomplete (the source failed), or null.</summary>
    public string? Incomplete { get; init; }
}
