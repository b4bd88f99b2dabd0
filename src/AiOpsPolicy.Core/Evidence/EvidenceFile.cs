// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

namespace AiOpsPolicy.Core.Evidence;

/// <summary>Provenance of one evidence file: where it is, what it holds, and when it was collected.</summary>
/// <param name="Path">The file's display path.</param>
/// <param name="Kind">The kind of record it holds.</param>
/// <param name="Records">How many valid records it contributed.</param>
/// <param name="CollectedAt">When its newest record was collected.</param>
public sealed record EvidenceFile(string Path, EvidenceKind Kind, int Records, DateTimeOffset? CollectedAt)
{
    /// <summary>Gets how many of the file's records were invalid and left out (quarantined).</summary>
    public long Invalid { get; init; }
}
