// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using System.Runtime.InteropServices;
using DuckDB.NET.Data;

namespace AiOpsPolicy.Warehouse.DuckDb;

/// <summary>
/// Whether the ids of a relation are all given and all different, decided on their 64-bit hashes (DuckDB's
/// <c>hash(id)</c>) in bounded memory. Equal ids always hash alike, so a repeat is never missed; two different ids whose
/// hashes collide (about 3 in 10,000 sets of 100M ids) only send the records to the in-memory path, which is exact.
/// <para>
/// DuckDB's own <c>count(DISTINCT hash(id))</c> builds a hash table of about 43 bytes an id (430 MB at 10M runs), which at
/// 100M spills gigabytes and took most of a minute. Here DuckDB only reads and hashes the id column; the hashes stream
/// into .NET, 8 bytes each, scattered by their high bits into buckets small enough to sort in the processor's cache, and
/// a repeat is two equal neighbours in a sorted bucket. Past <see cref="PassBytes"/> the hash space is cut into passes,
/// each a scan that keeps only its share of the hashes, so memory stays bounded whatever the count. The buckets live in
/// native memory, given back when the check ends: the scans that follow (and their peak) do not carry them.
/// </para>
/// </summary>
internal static class IdHashes
{
    /// <summary>
    /// The most memory one pass keeps hashes in (64M hashes). With the process's own ~300 MB and DuckDB's scan buffers,
    /// a gate over 100M runs (two passes) stays well under 1.5 GB; fewer passes would save a scan each, at 8 bytes a run.
    /// </summary>
    public const long PassBytes = 512L << 20;

    /// <summary>The least mean number of hashes a bucket gets (about 6 KB): fewer hashes make fewer buckets.</summary>
    private const int BucketMean = 768;

    /// <summary>
    /// The most buckets: each has a write position the scatter keeps hot. With 65,536 buckets (100M runs) the scatter's
    /// writes missed the caches and the TLB and took a quarter of the id scan's time; 1,024 positions stay in cache, and a
    /// bucket of a 100M-run pass (about 49K hashes, 400 KB) still sorts within the second-level cache.
    /// </summary>
    private const int MaxBucketBits = 10;

    /// <summary>Whether every id of a relation is given (not null, not empty) and no two hash alike.</summary>
    /// <param name="connection">A session over the relation.</param>
    /// <param name="relation">The relation (SQL), with an <c>id</c> column of text.</param>
    /// <param name="count">How many rows it has.</param>
    /// <param name="passBytes">The most memory a pass keeps hashes in (tests make it small to force passes).</param>
    /// <returns>True when the ids are all given and all different.</returns>
    public static bool Distinct(DuckDBConnection connection, string relation, long count, long passBytes = PassBytes)
    {
        var passBits = 0;
        while ((count * sizeof(ulong)) >> passBits > passBytes)
        {
            passBits++;
        }

        // One set of buckets for every pass: a new one each pass would hold two passes' hashes at the peak.
        using var buckets = new Buckets(count >> passBits, passBits);
        for (var pass = 0; pass < 1 << passBits; pass++)
        {
            buckets.Clear();
            using var command = connection.CreateCommand();

            // An id that is null or empty reads as a null hash: the contract refuses the row. Every pass sees those rows.
            var hash = "CASE WHEN id IS NULL OR id = '' THEN NULL ELSE hash(id) END";
            command.CommandText = passBits == 0
                ? $"SELECT {hash} FROM {relation}"
                : $"SELECT h FROM (SELECT {hash} AS h FROM {relation}) WHERE h IS NULL OR h >> {64 - passBits} = {pass}";
            command.UseStreamingMode = true;
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                if (reader.IsDBNull(0))
                {
                    return false;
                }

                buckets.Add(reader.GetFieldValue<ulong>(0));
            }

            if (!buckets.Distinct())
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// The hashes of one pass, by bucket: each bucket a fixed slice of one block of native memory, sized for its expected
    /// share with room for the spread of a uniform hash; what does not fit (many equal ids, or ids chosen to collide) goes
    /// to one overflow list, merged with its bucket at the end. Exact in every case; only the memory depends on the spread.
    /// The block is given back on <see cref="Dispose"/>, not left to the collector: at 100M runs it is 400 MB.
    /// </summary>
    internal sealed unsafe class Buckets : IDisposable
    {
        private ulong* _slots;
        private readonly int[] _fill;
        private readonly int _capacity;
        private readonly int _shift;
        private readonly int _mask;
        private readonly List<ulong> _overflow = [];

        /// <summary>Initializes buckets for about <paramref name="expected"/> hashes whose top <paramref name="passBits"/> bits are the pass's.</summary>
        /// <param name="expected">How many hashes the pass should get.</param>
        /// <param name="passBits">How many of the high bits choose the pass.</param>
        public Buckets(long expected, int passBits)
        {
            var bits = 0;
            while (bits < MaxBucketBits && expected >> (bits + 1) >= BucketMean)
            {
                bits++;
            }

            var mean = (double)expected / (1 << bits);

            // Four standard deviations of a bucket's count over the mean, plus a little for small buckets.
            _capacity = checked((int)(mean + (4 * Math.Sqrt(mean)) + 16));
            _fill = new int[1 << bits];
            _slots = (ulong*)NativeMemory.Alloc((nuint)checked((long)_capacity << bits), sizeof(ulong));
            _shift = 64 - passBits - bits;
            _mask = (1 << bits) - 1;
        }

        /// <summary>Empties the buckets for another pass.</summary>
        public void Clear()
        {
            Array.Clear(_fill);
            _overflow.Clear();
        }

        /// <summary>Adds a hash.</summary>
        /// <param name="hash">The hash.</param>
        public void Add(ulong hash)
        {
            var bucket = BucketOf(hash);
            var at = _fill[bucket];
            if (at < _capacity)
            {
                _slots[((long)bucket * _capacity) + at] = hash;
                _fill[bucket] = at + 1;
            }
            else
            {
                _overflow.Add(hash);
            }
        }

        /// <summary>Whether no two hashes added are equal.</summary>
        /// <returns>True when all differ.</returns>
        public bool Distinct()
        {
            // The overflow, sorted, holds each bucket's extra hashes together and in bucket order: within a pass a
            // bucket is a range of values.
            var overflow = _overflow.ToArray();
            Array.Sort(overflow);
            var starts = new int[_fill.Length + 1];
            var next = 0;
            for (var b = 0; b < _fill.Length; b++)
            {
                starts[b] = next;
                while (next < overflow.Length && BucketOf(overflow[next]) == b)
                {
                    next++;
                }
            }

            starts[_fill.Length] = overflow.Length;
            var repeated = 0;
            Parallel.For(0, _fill.Length, (b, state) =>
            {
                var hashes = new Span<ulong>(_slots + ((long)b * _capacity), _fill[b]);
                var extra = overflow.AsSpan(starts[b], starts[b + 1] - starts[b]);
                if (extra.Length > 0)
                {
                    var merged = new ulong[hashes.Length + extra.Length];
                    hashes.CopyTo(merged);
                    extra.CopyTo(merged.AsSpan(hashes.Length));
                    hashes = merged;
                }

                hashes.Sort();
                for (var i = 1; i < hashes.Length; i++)
                {
                    if (hashes[i] == hashes[i - 1])
                    {
                        Interlocked.Exchange(ref repeated, 1);
                        state.Stop();
                        return;
                    }
                }
            });
            return repeated == 0;
        }

        /// <summary>Gives the block back.</summary>
        public void Dispose()
        {
            NativeMemory.Free(_slots);
            _slots = null;
        }

        /// <summary>The bucket of a hash. A shift by 64 leaves a value unchanged in .NET, so a single bucket is not shifted for.</summary>
        private int BucketOf(ulong hash) => _mask == 0 ? 0 : (int)(hash >> _shift) & _mask;
    }
}
