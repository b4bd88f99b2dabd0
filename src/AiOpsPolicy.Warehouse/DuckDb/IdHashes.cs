// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using System.Runtime.InteropServices;
using DuckDB.NET.Data;
using DuckDB.NET.Data.DataChunk.Reader;
using DuckDB.NET.Data.DataChunk.Writer;

namespace AiOpsPolicy.Warehouse.DuckDb;

/// <summary>
/// Whether the ids of a relation are all given and all different, decided on their 64-bit hashes (DuckDB's
/// <c>hash(id)</c>) in bounded memory. Equal ids always hash alike, so a repeat is never missed; two different ids whose
/// hashes collide (about 3 in 10,000 sets of 100M ids) only send the records to the in-memory path, which is exact.
/// <para>
/// DuckDB's own <c>count(DISTINCT hash(id))</c> builds a hash table of about 43 bytes an id (430 MB at 10M runs), which at
/// 100M spills gigabytes and took most of a minute. Here DuckDB only reads and hashes the id column; the hashes stream
/// into .NET, 8 bytes each, scattered by their high bits into buckets small enough to compare within the processor's
/// cache, and a repeat is two equal hashes in one bucket. Past <see cref="PassBytes"/> the hash space is cut into passes,
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
    /// bucket of a 100M-run pass (about 49K hashes) is still compared in a table within the second-level cache.
    /// </summary>
    private const int MaxBucketBits = 10;

    /// <summary>A row's id hash, or null for an id that is null or empty (the contract refuses that row).</summary>
    private const string Hash = "CASE WHEN id IS NULL OR id = '' THEN NULL ELSE hash(id) END";

    /// <summary>Whether every id of a relation is given (not null, not empty) and no two hash alike.</summary>
    /// <param name="connection">A session over the relation.</param>
    /// <param name="relation">The relation (SQL), with an <c>id</c> column of text.</param>
    /// <param name="count">How many rows it has.</param>
    /// <param name="passBytes">The most memory a pass keeps hashes in (tests make it small to force passes).</param>
    /// <returns>True when the ids are all given and all different.</returns>
    public static bool Distinct(DuckDBConnection connection, string relation, long count, long passBytes = PassBytes)
    {
        var passBits = PassBits(count, passBytes);

        // One set of buckets for every pass: a new one each pass would hold two passes' hashes at the peak.
        using var buckets = new Buckets(count >> passBits, passBits);
        return Passes(connection, relation, buckets, 0, passBits);
    }

    /// <summary>How many high bits of the hash choose a pass, so that a pass keeps at most <paramref name="passBytes"/> of hashes.</summary>
    private static int PassBits(long count, long passBytes)
    {
        var passBits = 0;
        while ((count * sizeof(ulong)) >> passBits > passBytes)
        {
            passBits++;
        }

        return passBits;
    }

    /// <summary>Scans the relation's id hashes once per pass from <paramref name="first"/> on; false at a missing id or a repeat.</summary>
    private static bool Passes(DuckDBConnection connection, string relation, Buckets buckets, int first, int passBits)
    {
        for (var pass = first; pass < 1 << passBits; pass++)
        {
            buckets.Clear();
            using var command = connection.CreateCommand();

            // An id that is null or empty reads as a null hash: the contract refuses the row. Every pass sees those rows.
            command.CommandText = passBits == 0
                ? $"SELECT {Hash} FROM {relation}"
                : $"SELECT h FROM (SELECT {Hash} AS h FROM {relation}) WHERE h IS NULL OR h >> {64 - passBits} = {pass}";
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
    /// The duplicate check of a relation that another scan of it (<see cref="RunsCheck"/>'s grouped scan) may carry part of.
    /// When the ids need more than one pass, a function registered on the session takes each row's id hash as that scan
    /// reads it and keeps the first pass's share: one scan of the id column fewer (at 100M runs, about 4 s of CPU). The
    /// passes of their own run first (<see cref="OwnPasses"/>), so that the policies may compile meanwhile. When one pass
    /// holds every id, that pass is a scan of its own, as in <see cref="Distinct"/>: it costs no more than the function at
    /// 1M runs, and its hashes are given back before the other scan, whose peak then does not carry them (7 MB at 1M).
    /// </summary>
    internal sealed class Check : IDisposable
    {
        /// <summary>The function's name on the session.</summary>
        public const string Function = "aiops_id_hash";

        [ThreadStatic]
        private static ulong[]? t_kept;

        private readonly Buckets _buckets;
        private readonly int _passBits;
        private readonly long _count;
        private readonly Lock _gate = new();
        private bool _missing;
        private long _seen;

        /// <summary>Sizes the check of a relation of <paramref name="count"/> rows, and registers the function when the other scan is to carry a pass.</summary>
        /// <param name="connection">The session.</param>
        /// <param name="count">How many rows the relation has.</param>
        /// <param name="passBytes">The most memory a pass keeps hashes in.</param>
        public Check(DuckDBConnection connection, long count, long passBytes = PassBytes)
        {
            _count = count;
            _passBits = PassBits(count, passBytes);
            _buckets = new Buckets(count >> _passBits, _passBits);
            try
            {
                if (Carried)
                {
                    connection.RegisterScalarFunction<ulong, bool>(Function, Take, new ScalarFunctionOptions { IsPureFunction = false, HandlesNulls = true });
                }
            }
            catch
            {
                _buckets.Dispose();
                throw;
            }
        }

        /// <summary>Gets a value indicating whether the other scan carries the first pass (the ids need more than one).</summary>
        public bool Carried => _passBits > 0;

        /// <summary>Gets the SQL the other scan adds to an aggregate when <see cref="Carried"/>: true for every row, null id or not.</summary>
        public static string Call => $"{Function}({Hash})";

        /// <summary>Scans the ids for every pass the other scan does not carry; false at a missing id or a repeat.</summary>
        /// <param name="connection">The session.</param>
        /// <param name="relation">The relation.</param>
        /// <returns>True when those passes found every id given and different.</returns>
        public bool OwnPasses(DuckDBConnection connection, string relation)
        {
            var distinct = Passes(connection, relation, _buckets, Carried ? 1 : 0, _passBits);
            if (Carried)
            {
                _buckets.Clear();
            }
            else
            {
                _buckets.Dispose();
            }

            return distinct;
        }

        /// <summary>After the other scan: whether it saw every row, every id given, and no repeat in the pass it carried.</summary>
        /// <returns>True when the carried pass's ids are all given and different (always, when it carried none).</returns>
        public bool Finish() => !Carried || (!_missing && _seen == _count && _buckets.Distinct());

        /// <inheritdoc/>
        public void Dispose() => _buckets.Dispose();

        /// <summary>The function: DuckDB calls it with a vector of up to 2,048 hashes, on any of its threads.</summary>
        private void Take(IReadOnlyList<IDuckDBDataReader> readers, IDuckDBDataWriter writer, ulong rows)
        {
            var hashes = readers[0];
            var kept = t_kept is { } buffer && (ulong)buffer.Length >= rows ? buffer : t_kept = new ulong[rows];
            var count = 0;
            var missing = false;
            for (ulong i = 0; i < rows; i++)
            {
                if (!hashes.IsValid(i))
                {
                    missing = true;
                    continue;
                }

                // Registered only when carried: there are several passes, and this one keeps the first's share.
                var hash = hashes.GetValue<ulong>(i);
                if (hash >> (64 - _passBits) == 0)
                {
                    kept[count++] = hash;
                }
            }

            lock (_gate)
            {
                _missing |= missing;
                _seen += (long)rows;
                foreach (var hash in kept.AsSpan(0, count))
                {
                    _buckets.Add(hash);
                }
            }

            for (ulong i = 0; i < rows; i++)
            {
                writer.WriteValue(true, i);
            }
        }
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
            var tableSize = TableSize(_capacity);
            Parallel.For(
                0,
                _fill.Length,
                () => new ulong[tableSize],
                (b, state, table) =>
                {
                    var hashes = new Span<ulong>(_slots + ((long)b * _capacity), _fill[b]);
                    var extra = overflow.AsSpan(starts[b], starts[b + 1] - starts[b]);
                    if (!DistinctIn(hashes, extra, table))
                    {
                        Interlocked.Exchange(ref repeated, 1);
                        state.Stop();
                    }

                    return table;
                },
                _ => { });
            return repeated == 0;
        }

        /// <summary>A table for a bucket of <paramref name="count"/> hashes: a power of two, at most four-fifths full.</summary>
        private static int TableSize(int count) => (int)Math.Max(16, System.Numerics.BitOperations.RoundUpToPowerOf2((uint)(count + (count / 4) + 1)));

        /// <summary>
        /// Whether a bucket's hashes (its slots and its share of the overflow) all differ: each goes into an open-addressing
        /// table by its low bits (the high bits chose the bucket), a repeat meets its equal. About three times faster than
        /// sorting the bucket (at 100M runs a pass's buckets took 1.2 s sorted on two cores). Hashes chosen to share their
        /// low bits would make the probes long: past sixteen probes a hash the bucket is sorted instead, so the check stays
        /// O(n log n) whatever the ids.
        /// </summary>
        private static bool DistinctIn(Span<ulong> hashes, Span<ulong> extra, ulong[] table)
        {
            var count = hashes.Length + extra.Length;
            var size = TableSize(count);
            if (size > table.Length)
            {
                return SortedDistinct(hashes, extra);
            }

            var slots = table.AsSpan(0, size);
            slots.Clear();
            var budget = 16L * count;
            var zero = false;
            var answer = Insert(hashes, slots, ref budget, ref zero);
            if (answer == Inserted.All)
            {
                answer = Insert(extra, slots, ref budget, ref zero);
            }

            return answer switch
            {
                Inserted.All => true,
                Inserted.Repeat => false,
                _ => SortedDistinct(hashes, extra),
            };
        }

        /// <summary>Puts hashes into the table; stops at a repeat, or when the probes run past the budget.</summary>
        private static Inserted Insert(ReadOnlySpan<ulong> hashes, Span<ulong> slots, ref long budget, ref bool zero)
        {
            var mask = slots.Length - 1;
            foreach (var hash in hashes)
            {
                // Zero marks an empty slot: a zero hash is kept apart.
                if (hash == 0)
                {
                    if (zero)
                    {
                        return Inserted.Repeat;
                    }

                    zero = true;
                    continue;
                }

                var at = (int)hash & mask;
                while (slots[at] != 0)
                {
                    if (slots[at] == hash)
                    {
                        return Inserted.Repeat;
                    }

                    if (--budget < 0)
                    {
                        return Inserted.OverBudget;
                    }

                    at = (at + 1) & mask;
                }

                slots[at] = hash;
            }

            return Inserted.All;
        }

        /// <summary>Whether the hashes all differ, by sorting them and comparing neighbours.</summary>
        private static bool SortedDistinct(Span<ulong> hashes, Span<ulong> extra)
        {
            var all = new ulong[hashes.Length + extra.Length];
            hashes.CopyTo(all);
            extra.CopyTo(all.AsSpan(hashes.Length));
            Array.Sort(all);
            for (var i = 1; i < all.Length; i++)
            {
                if (all[i] == all[i - 1])
                {
                    return false;
                }
            }

            return true;
        }

        /// <summary>Gives the block back.</summary>
        public void Dispose()
        {
            // Freeing null does nothing: a second call is harmless.
            NativeMemory.Free(_slots);
            _slots = null;
        }

        private enum Inserted
        {
            All,
            Repeat,
            OverBudget,
        }

        /// <summary>The bucket of a hash. A shift by 64 leaves a value unchanged in .NET, so a single bucket is not shifted for.</summary>
        private int BucketOf(ulong hash) => _mask == 0 ? 0 : (int)(hash >> _shift) & _mask;
    }
}
