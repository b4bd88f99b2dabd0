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

    /// <summary>
    /// Gets why the file's records are known to be incomplete (the envelope's <c>incomplete</c>, written by
    /// <c>aiops-policy collect</c> for a source that failed), or null. Every gate that reads the kind is then
    /// insufficient-evidence: a source that could not be read must never look like a source that had nothing.
    /// </summary>
    public string? Incomplete { get; init; }
}
