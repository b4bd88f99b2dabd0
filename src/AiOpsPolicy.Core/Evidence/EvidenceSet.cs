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

    /// <summary>The kinds kept in a query engine (DuckDB), not in memory: null for every kind in <see cref="_records"/>.</summary>
    private readonly IPushedEvidence?[] _pushed;

    /// <summary>The records of kept kinds once fetched (bounded), for expressions that enumerate them and metrics no query expresses.</summary>
    private readonly Array?[] _fetched;

    internal EvidenceSet(Array?[] records, ImmutableArray<EvidenceFile> files, string digest, EvidenceQuality? quality = null, IPushedEvidence?[]? pushed = null)
    {
        _records = records;
        _views = new object?[records.Length];
        _pushed = pushed ?? new IPushedEvidence?[records.Length];
        _fetched = new Array?[records.Length];
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

        // A kept kind is projected in its queries: the engine leaves out what had not happened yet.
        var pushed = _pushed.Select(p => p?.AsOf(asOf)).ToArray();
        changed |= pushed.Any(p => p is not null);
        return changed ? new EvidenceSet(projected, Files, Digest, Quality, pushed) : this;
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
    public bool Has(EvidenceKind kind) => _records[(int)kind] is not null || _pushed[(int)kind] is not null;

    /// <summary>Gets the kind's records kept in a query engine, or null when they are in memory (or absent).</summary>
    /// <param name="kind">The kind.</param>
    /// <returns>The kept records, or null.</returns>
    internal IPushedEvidence? Pushed(EvidenceKind kind) => _pushed[(int)kind];

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
        IReadOnlyList<T> made = ImmutableCollectionsMarshal.AsImmutableArray(Array<T>(kind));
        _views[(int)kind] = made;
        return made;
    }

    /// <summary>Gets the records of a kind as the array they are stored in, for the metric engine's passes (which only read it).</summary>
    /// <typeparam name="T">The record type of the kind.</typeparam>
    /// <param name="kind">The kind.</param>
    /// <returns>The records; empty when absent.</returns>
    /// <exception cref="EvidenceTooLargeException">The kind is kept in a query engine and holds more records than may be fetched.</exception>
    internal T[] Array<T>(EvidenceKind kind)
        where T : EvidenceRecord =>
        _pushed[(int)kind] is { } pushed ? Fetched<T>(kind, pushed) : _records[(int)kind] as T[] ?? [];

    /// <summary>
    /// The records of a kept kind, fetched once (at most the source's limit) and given their file's collection time
    /// when they have none, as the loader gives every record.
    /// </summary>
    private T[] Fetched<T>(EvidenceKind kind, IPushedEvidence pushed)
        where T : EvidenceRecord
    {
        lock (_fetched)
        {
            if (_fetched[(int)kind] is T[] fetched)
            {
                return fetched;
            }

            var records = pushed.Fetch(out var count) ?? throw new EvidenceTooLargeException(string.Create(
                System.Globalization.CultureInfo.InvariantCulture,
                $"{count:N0} {EvidenceKinds.Name(kind)} records are held in {pushed.Display}, more than the {pushed.FetchLimit:N0} that may be brought into memory to enumerate them; use {Computed(kind)}, computed in the database, instead of enumerating the records"));
            var collectedAt = FilesOf(kind).FirstOrDefault()?.CollectedAt;
            var typed = new T[records.Length];
            for (var i = 0; i < records.Length; i++)
            {
                records[i].CollectedAt ??= collectedAt;
                typed[i] = (T)records[i];
            }

            _fetched[(int)kind] = typed;
            return typed;
        }
    }

    /// <summary>The metric functions a query engine computes for a kind, for the message that refuses a fetch.</summary>
    private static string Computed(EvidenceKind kind) => kind switch
    {
        EvidenceKind.WorkflowRuns => "SlaAttainment(workflow, step, window) (every form, including runs: SlaRuns.AllSteps)",
        EvidenceKind.AgentRuns => "AgentSuccess(workflow, window, placement)",
        _ => "a metric function",
    };

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
