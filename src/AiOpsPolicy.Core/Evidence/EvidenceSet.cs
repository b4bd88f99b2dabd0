// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using System.Collections.Immutable;
using System.Runtime.InteropServices;

namespace AiOpsPolicy.Core.Evidence;

/// <summary>
/// Every evidence record loaded for a run, by kind, with the files each kind came from. A kind with
/// no file is absent, which is not the same as present with zero records.
/// </summary>
public sealed class EvidenceSet
{
    private readonly Array?[] _records;

    /// <summary>
    /// The read-only view of each kind's records handed to callers, made once per kind. The arrays themselves never
    /// leave the engine: a policy expression could cast an array back (<c>(Incident[])Evidence.Incidents</c>) and
    /// overwrite the records every other gate reads.
    /// </summary>
    private readonly object?[] _views;

    internal EvidenceSet(Array?[] records, ImmutableArray<EvidenceFile> files, string digest, EvidenceQuality? quality = null)
    {
        _records = records;
        _views = new object?[records.Length];
        Files = files;
        Digest = digest;
        Quality = quality ?? EvidenceQuality.Empty;
    }

    /// <summary>Gets an evidence set with no evidence at all.</summary>
    public static EvidenceSet Empty { get; } = new(new Array?[Enum.GetValues<EvidenceKind>().Length], [], "sha256:" + new string('0', 64));

    /// <summary>
    /// The evidence as it stood at a time: every record projected with <see cref="EvidenceRecord.AsOf"/>
    /// (records that had not happened left out, later times read as not yet happened). Records and
    /// arrays are shared when nothing in a kind is later, so the common case costs one pass.
    /// </summary>
    /// <param name="asOf">The evaluation time.</param>
    /// <returns>The evidence as of then.</returns>
    public EvidenceSet AsOf(DateTimeOffset asOf)
    {
        var projected = new Array?[_records.Length];
        var changed = false;
        for (var i = 0; i < _records.Length; i++)
        {
            projected[i] = _records[i] is { } records ? Project(records, asOf) : null;
            changed |= !ReferenceEquals(projected[i], _records[i]);
        }

        return changed ? new EvidenceSet(projected, Files, Digest, Quality) : this;
    }

    private static Array Project(Array records, DateTimeOffset asOf)
    {
        var list = (EvidenceRecord[])records;
        var index = 0;
        while (index < list.Length && ReferenceEquals(list[index].AsOf(asOf), list[index]))
        {
            index++;
        }

        if (index == list.Length)
        {
            return records;
        }

        var kept = System.Array.CreateInstance(records.GetType().GetElementType()!, list.Length);
        System.Array.Copy(records, kept, index);
        var count = index;
        for (var i = index; i < list.Length; i++)
        {
            if (list[i].AsOf(asOf) is { } record)
            {
                kept.SetValue(record, count++);
            }
        }

        var result = System.Array.CreateInstance(records.GetType().GetElementType()!, count);
        System.Array.Copy(kept, result, count);
        return result;
    }

    /// <summary>Gets every file read, in path order.</summary>
    public ImmutableArray<EvidenceFile> Files { get; }

    /// <summary>Gets the data quality: per kind, the valid and invalid (quarantined, left out) record counts.</summary>
    public EvidenceQuality Quality { get; }

    /// <summary>Gets the SHA-256 digest of the evidence files (relative paths and bytes).</summary>
    public string Digest { get; }

    /// <summary>Gets a value indicating whether any file holds records of a kind.</summary>
    /// <param name="kind">The kind.</param>
    /// <returns>True when present (possibly with zero records).</returns>
    public bool Has(EvidenceKind kind) => _records[(int)kind] is not null;

    /// <summary>
    /// Gets the records of a kind; empty when absent. The list is read-only whatever it is cast to: it is an
    /// <see cref="ImmutableArray{T}"/> over the records (no copy), whose <see cref="IList{T}"/> setter and
    /// <see cref="ICollection{T}"/> changes throw, and which no cast or pattern turns back into the array.
    /// </summary>
    /// <typeparam name="T">The record type of the kind.</typeparam>
    /// <param name="kind">The kind.</param>
    /// <returns>The records in load order.</returns>
    public IReadOnlyList<T> Get<T>(EvidenceKind kind)
        where T : EvidenceRecord
    {
        if (_views[(int)kind] is IReadOnlyList<T> view)
        {
            return view;
        }

        // Boxed once per kind and kept: a race only boxes the same array twice.
        IReadOnlyList<T> made = ImmutableCollectionsMarshal.AsImmutableArray(_records[(int)kind] as T[] ?? []);
        _views[(int)kind] = made;
        return made;
    }

    /// <summary>Gets the records of a kind as the array they are stored in, for the metric engine's passes (which only read it).</summary>
    /// <typeparam name="T">The record type of the kind.</typeparam>
    /// <param name="kind">The kind.</param>
    /// <returns>The records; empty when absent.</returns>
    internal T[] Array<T>(EvidenceKind kind)
        where T : EvidenceRecord =>
        _records[(int)kind] as T[] ?? [];

    /// <summary>Gets the files of a kind.</summary>
    /// <param name="kind">The kind.</param>
    /// <returns>The files.</returns>
    public IEnumerable<EvidenceFile> FilesOf(EvidenceKind kind) => Files.Where(f => f.Kind == kind);

    /// <summary>
    /// Gets how fresh a kind's evidence is: the collection time of its stalest file, or null when the
    /// kind is absent. The stalest file decides because one broken exporter among several fresh ones
    /// still leaves the kind's figures computed on partial data.
    /// </summary>
    /// <param name="kind">The kind.</param>
    /// <returns>The time.</returns>
    public DateTimeOffset? CollectedAt(EvidenceKind kind) => FilesOf(kind).Min(f => f.CollectedAt);

    /// <summary>Gets why a kind's evidence is incomplete (the first file, in path order, that says so), or null.</summary>
    /// <param name="kind">The kind.</param>
    /// <returns>The file and its reason, or null.</returns>
    public EvidenceFile? Incomplete(EvidenceKind kind) => FilesOf(kind).FirstOrDefault(f => f.Incomplete is not null);
}
