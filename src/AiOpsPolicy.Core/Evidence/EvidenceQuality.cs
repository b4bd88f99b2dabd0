// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using System.Collections.Immutable;
using AiOpsPolicy.Core.Evidence.Contract;
using AiOpsPolicy.Core.Text;

namespace AiOpsPolicy.Core.Evidence;

/// <summary>One invalid record, left out of every metric: where it is and everything wrong with it.</summary>
/// <param name="Kind">The kind of the file it is in.</param>
/// <param name="Location">The file and, where known, the line and column of the record.</param>
/// <param name="Record">Which record: <c>line 12</c> (NDJSON, CSV) or <c>#3</c> (the third of an envelope's records).</param>
/// <param name="Problems">Every problem found, field by field, with what is allowed.</param>
public sealed record QuarantinedRecord(EvidenceKind Kind, SourceLocation Location, string Record, ImmutableArray<EvidenceFieldProblem> Problems)
{
    /// <summary>Gets the problems as one sentence.</summary>
    public string Text => string.Join("; ", Problems.Select(p => p.Text));
}

/// <summary>The data quality of one kind: how many records were valid, how many were left out, and the first of those.</summary>
/// <param name="Kind">The kind.</param>
/// <param name="Valid">Records that passed the contract (repeats of an earlier record included).</param>
/// <param name="Invalid">Records left out, counted exactly however many there were.</param>
/// <param name="Listed">The first invalid records, in file and record order; at most <see cref="EvidenceQuality.ListedPerKind"/>.</param>
public sealed record KindQuality(EvidenceKind Kind, long Valid, long Invalid, ImmutableArray<QuarantinedRecord> Listed)
{
    /// <summary>Gets the kind's name.</summary>
    public string Name => EvidenceKinds.Name(Kind);

    /// <summary>Gets every record read of the kind, valid or not.</summary>
    public long Total => Valid + Invalid;

    /// <summary>Gets the share of the kind's records that were invalid (0 with no records).</summary>
    public double InvalidShare => Total == 0 ? 0 : (double)Invalid / Total;
}

/// <summary>
/// What the evidence was like: per kind, the valid and invalid record counts and the invalid records
/// themselves. An invalid record is quarantined (listed here and left out), never the end of the run;
/// gates that read a kind with invalid records say so, and a kind whose invalid share is over the
/// policy set's tolerance (<c>spec.evidence.tolerateInvalid</c>, default 0) makes them insufficient-evidence.
/// </summary>
public sealed class EvidenceQuality
{
    /// <summary>The most invalid records listed per kind; counts stay exact past it.</summary>
    public const int ListedPerKind = 100;

    internal EvidenceQuality(ImmutableArray<KindQuality> kinds)
    {
        Kinds = kinds;
    }

    /// <summary>Gets the data quality of evidence with no records at all.</summary>
    public static EvidenceQuality Empty { get; } = new([]);

    /// <summary>Gets every kind that had records, valid or not, in <see cref="EvidenceKind"/> order.</summary>
    public ImmutableArray<KindQuality> Kinds { get; }

    /// <summary>Gets how many records were left out, over every kind.</summary>
    public long Invalid => Kinds.Sum(k => k.Invalid);

    /// <summary>Gets a value indicating whether every record was valid.</summary>
    public bool IsClean => Invalid == 0;

    /// <summary>Gets a kind's data quality.</summary>
    /// <param name="kind">The kind.</param>
    /// <returns>The kind's figures, or null when no file held the kind.</returns>
    public KindQuality? Of(EvidenceKind kind) => Kinds.FirstOrDefault(k => k.Kind == kind);

    /// <summary>Collects the figures while files load.</summary>
    internal sealed class Builder
    {
        private readonly long[] _valid = new long[Enum.GetValues<EvidenceKind>().Length];
        private readonly long[] _invalid = new long[Enum.GetValues<EvidenceKind>().Length];
        private readonly bool[] _seen = new bool[Enum.GetValues<EvidenceKind>().Length];
        private readonly List<QuarantinedRecord>?[] _listed = new List<QuarantinedRecord>?[Enum.GetValues<EvidenceKind>().Length];

        public void Valid(EvidenceKind kind, long count)
        {
            _seen[(int)kind] = true;
            _valid[(int)kind] += count;
        }

        public void Invalid(EvidenceKind kind, long count, IReadOnlyList<QuarantinedRecord> listed)
        {
            var i = (int)kind;
            _seen[i] = true;
            _invalid[i] += count;
            var list = _listed[i] ??= [];
            list.AddRange(listed.Take(ListedPerKind - list.Count));
        }

        public EvidenceQuality Build() => new(
        [
            .. Enum.GetValues<EvidenceKind>()
                .Where(k => _seen[(int)k])
                .Select(k => new KindQuality(k, _valid[(int)k], _invalid[(int)k], [.. _listed[(int)k] ?? []])),
        ]);
    }
}
