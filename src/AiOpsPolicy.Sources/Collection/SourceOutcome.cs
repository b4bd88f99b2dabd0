// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using System.Collections.Immutable;

namespace AiOpsPolicy.Sources.Collection;

/// <summary>What collecting one source gave.</summary>
/// <param name="Source">The source's name.</param>
/// <param name="Type">Its type.</param>
/// <param name="Files">The evidence files written (paths).</param>
/// <param name="Records">How many records they hold.</param>
/// <param name="Failure">Why the source failed, or null when it was collected.</param>
/// <param name="FailedQuery">The query that failed, or null.</param>
/// <param name="Elapsed">How long it took (for the progress line only; never written to a file).</param>
public sealed record SourceOutcome(string Source, string Type, ImmutableArray<string> Files, int Records, string? Failure, string? FailedQuery, TimeSpan Elapsed)
{
    /// <summary>Gets a value indicating whether the source was collected.</summary>
    public bool Succeeded => Failure is null;
}
