// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using System.Globalization;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using DuckDB.NET.Data;
using DuckDB.NET.Data.DataChunk.Reader;
using DuckDB.NET.Data.DataChunk.Writer;

namespace AiOpsPolicy.Warehouse.DuckDb;

/// <summary>
/// Whether the ids of a relation are all given and all different, decided on their 64-bit hashes (DuckDB's
/// <c>hash(id)</c>) in bounded memory, exactly: equal ids always hash alike, so a repeat is never missed, and hashes that
/// agree are confirmed on the ids themselves.
/// <para>
/// DuckDB's own <c>count(DISTINCT hash(id))</c> builds a hash table of about 43 bytes an id (430 MB at 10M runs), which at
/// 100M spills gigabytes and took most of a minute. Here DuckDB only reads and hashes the id column; the hashes reach
/// .NET through a function registered on the session (<see cref="Check"/>), are scattered by their high bits into
/// buckets small enough to compare within the processor's cache (<see cref="Buckets"/>, 6 bytes a hash), and a repeat
/// is two equal hashes in one bucket. Past <see cref="PassBytes"/> the hash space is cut into passes, each a scan that
/// keeps only its share of the hashes, so memory stays bounded whatever the count. The buckets live in native memory,
/// given back when the check ends. Hashes that agree (a repeated id, or one chance collision in about 60 sets of 100M
/// ids on the bits a bucket keeps) are looked up among the ids: only a repeated id refuses the relation.
/// </para>
/// </summary>
internal static class IdHashes
{
    /// <summary>
    /// The most memory one pass keeps hashes in: 640 MB, 111M hashes at 6 bytes. A gate over 100M runs takes one pass,
    /// carried by the grouped scan (<see cref="CarryFrom"/>), and stays under 1.5 GB with the process's own memory and
    /// DuckDB's scan buffers.
    /// </summary>
    public const long PassBytes = 640L << 20;

    /// <summary>
    /// The fewest ids for which another scan carries the first pass: below, a scan of the ids' own costs little (about
    /// 0.1 s at 1M runs, beside the loader; carrying it measured no faster) and gives its hashes back before the other
    /// scan, whose peak then does not hold them; above, the scan saved (5 s of CPU for half the hashes at 100M runs) is
    /// worth holding them.
    /// </summary>
    public const long CarryFrom = 64L << 20;

    /// <summary>The most hashes that agree which are looked up among the ids; more, and the ids are taken to repeat.</summary>
    private const int MostRepeats = 64;

    /// <summary>The least mean number of hashes a bucket gets (about 6 KB): fewer hashes make fewer buckets.</summary>
    private const int BucketMean = 768;

    /// <summary>
    /// The most buckets: each has a write position the scatter keeps hot. With 65,536 buckets (100M runs) the scatter's
    /// writes missed the caches and the TLB and took a quarter of the id scan's time; 1,024 positions stay in cache, and a
    /// bucket of a 100M-run pass (about 98K hashes) is still compared in a table within the second-level cache.
    /// </summary>
    private const int MaxBucketBits = 10;

    /// <summary>A row's id hash, or null for an id that is null or empty (the contract refuses that row).</summary>
    private const string Hash = "CASE WHEN id IS NULL OR id = '' THEN NULL ELSE hash(id) END";

    /// <summary>Whether every id of a relation is given (not null, not empty) and no two are equal.</summary>
    /// <param name="connection">A session over the relation.</param>
    /// <param name="relation">The relation (SQL), with an <c>id</c> column of text.</param>
    /// <param name="count">How many rows it has.</param>
    /// <param name="passBytes">The most memory a pass keeps hashes in (tests make it small to force passes).</param>
    /// <returns>True when the ids are all given and all different.</returns>
    public static bool Distinct(DuckDBConnection connection, string relation, long count, long passBytes = PassBytes)
    {
        using var check = new Check(connection, relation, count, carry: false, passBytes);
        return check.OwnPasses();
    }

    /// <summary>How many high bits of the hash choose a pass, so that a pass keeps at most <paramref name="passBytes"/> of hashes.</summary>
    private static int PassBits(long count, long passBytes)
    {
        var passBits = 0;
        while ((count * Buckets.SlotBytes) >> passBits > passBytes)
        {
            passBits++;
        }

        return passBits;
    }

    /// <summary>
    /// The duplicate check of a relation, which another scan of it (<see cref="RunsCheck"/>'s grouped scan) may carry part
    /// of. The hashes reach .NET through a function registered on the session: DuckDB calls it with a vector of hashes at a
    /// time, on each of its threads, and it keeps the current pass's share. A scan of the ids' own is <c>bool_and</c> of
    /// the function over every row, run on every DuckDB thread (streaming the hashes as rows instead cost a client read a
    /// row). From <see cref="CarryFrom"/> ids, when asked, the other scan adds the call and carries the first pass: one
    /// scan of the id column fewer. The passes of their own run first (<see cref="OwnPasses"/>), so that the policies may
    /// compile meanwhile.
    /// </summary>
    internal sealed class Check : IDisposable
    {
        /// <summary>The function's name on the session.</summary>
        public const string Function = "aiops_id_hash";

        [ThreadStatic]
        private static ulong[]? t_kept;

        private readonly DuckDBConnection _connection;
        private readonly string _relation;
        private readonly Buckets _buckets;
        private readonly int _passBits;
        private readonly long _count;
        private readonly Lock _gate = new();
        private ulong _pass;
        private bool _missing;
        private long _seen;

        /// <summary>Sizes the check of a relation of <paramref name="count"/> rows and registers the function on the session.</summary>
        /// <param name="connection">The session.</param>
        /// <param name="relation">The relation (SQL), with an <c>id</c> column of text.</param>
        /// <param name="count">How many rows the relation has.</param>
        /// <param name="carry">Whether another scan is to carry the first pass, from <see cref="CarryFrom"/> ids.</param>
        /// <param name="passBytes">The most memory a pass keeps hashes in.</param>
        /// <param name="carryFrom">The fewest ids for which another scan carries the first pass (tests make it small).</param>
        /// <param name="keptBits">How many low bits of a hash a bucket keeps (tests keep fewer, to make hashes agree).</param>
        public Check(DuckDBConnection connection, string relation, long count, bool carry = true, long passBytes = PassBytes, long carryFrom = CarryFrom, int keptBits = Buckets.KeptBits)
        {
            _connection = connection;
            _relation = relation;
            _count = count;
            _passBits = PassBits(count, passBytes);
            Carried = carry && count >= carryFrom;
            _buckets = new Buckets(count >> _passBits, _passBits, keptBits);
            try
            {
                connection.RegisterScalarFunction<ulong, bool>(Function, Take, new ScalarFunctionOptions { IsPureFunction = false, HandlesNulls = true });
            }
            catch
            {
                _buckets.Dispose();
                throw;
            }
        }

        /// <summary>Gets a value indicating whether the other scan carries the first pass.</summary>
        public bool Carried { get; }

        /// <summary>Gets the SQL that hands a row's id hash to the check, in an aggregate: true for every row, null id or not.</summary>
        public static string Call => $"{Function}({Hash})";

        /// <summary>Scans the ids for every pass the other scan does not carry; false at a missing id or a repeat.</summary>
        /// <returns>True when those passes found every id given and different.</returns>
        public bool OwnPasses()
        {
            for (var pass = Carried ? 1 : 0; pass < 1 << _passBits; pass++)
            {
                Begin((ulong)pass);
                using var command = _connection.CreateCommand();
                command.CommandText = $"SELECT bool_and({Call}) FROM {_relation}";
                command.ExecuteScalar();
                if (!Passed())
                {
                    return false;
                }
            }

            if (Carried)
            {
                Begin(0);
            }
            else
            {
                _buckets.Dispose();
            }

            return true;
        }

        /// <summary>After the other scan: whether it saw every row, every id given, and no repeat in the pass it carried.</summary>
        /// <returns>True when the carried pass's ids are all given and different (always, when it carried none).</returns>
        public bool Finish() => !Carried || Passed();

        /// <inheritdoc/>
        public void Dispose() => _buckets.Dispose();

        /// <summary>Empties the buckets for the pass whose hashes have <paramref name="pass"/> in their high bits.</summary>
        private void Begin(ulong pass)
        {
            _buckets.Clear(pass);
            _pass = pass;
            _missing = false;
            _seen = 0;
        }

        /// <summary>
        /// Whether the scan just ended saw every row, every id given, and no repeat in the pass's share: hashes that agree
        /// on the bits kept are looked up among the ids, a scan of the id column that only a repeat (or a rare collision)
        /// costs.
        /// </summary>
        private bool Passed()
        {
            if (_missing || _seen != _count || _buckets.Repeats(MostRepeats) is not { } repeats)
            {
                return false;
            }

            if (repeats.Count == 0)
            {
                return true;
            }

            var keys = string.Join(", ", repeats.Select(r => string.Create(CultureInfo.InvariantCulture, $"{r}::UBIGINT")));
            var known = _buckets.KnownBits.ToString(CultureInfo.InvariantCulture);
            return DuckDbSession.Scalar(_connection, $"SELECT count(*) FROM (SELECT id FROM {_relation} WHERE (hash(id) & {known}::UBIGINT) IN ({keys}) GROUP BY id HAVING count(*) > 1)") == 0;
        }

        /// <summary>The function: DuckDB calls it with a vector of up to 2,048 hashes, on any of its threads.</summary>
        private void Take(IReadOnlyList<IDuckDBDataReader> readers, IDuckDBDataWriter writer, ulong rows)
        {
            var hashes = readers[0];
            var kept = t_kept is { } buffer && (ulong)buffer.Length >= rows ? buffer : t_kept = new ulong[rows];
            var count = 0;
            var missing = false;

            // A shift by 64 leaves a value unchanged in .NET: with one pass every hash is the pass's.
            var shift = _passBits == 0 ? 0 : 64 - _passBits;
            var mask = _passBits == 0 ? 0UL : ulong.MaxValue;
            var pass = _pass & mask;
            for (ulong i = 0; i < rows; i++)
            {
                if (!hashes.IsValid(i))
                {
                    missing = true;
                    continue;
                }

                var hash = hashes.GetValue<ulong>(i);
                if (((hash >> shift) & mask) == pass)
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
    /// to one overflow list, merged with its bucket at the end. A bucket keeps the low <see cref="KeptBits"/> bits of each
    /// hash in 6 bytes: its high bits are the pass's and the bucket's, so a hash loses only the bits between (6 with
    /// 1,024 buckets and one pass), and 100M hashes take 600 MB instead of 800. Two hashes that agree on the bits kept are
    /// a repeat to confirm (<see cref="Repeats"/>). The block is given back on <see cref="Dispose"/>, not left to the
    /// collector.
    /// </summary>
    internal sealed unsafe class Buckets : IDisposable
    {
        /// <summary>How many low bits of a hash a bucket keeps.</summary>
        public const int KeptBits = 48;

        /// <summary>The bytes a bucket keeps a hash in.</summary>
        public const int SlotBytes = KeptBits / 8;

        private byte* _slots;
        private readonly int[] _fill;
        private readonly int _capacity;
        private readonly long _stride;
        private readonly int _shift;
        private readonly int _mask;
        private readonly int _passBits;
        private readonly int _keptBits;
        private readonly ulong _low;
        private readonly List<ulong> _overflow = [];
        private ulong _pass;

        /// <summary>Initializes buckets for about <paramref name="expected"/> hashes whose top <paramref name="passBits"/> bits are the pass's.</summary>
        /// <param name="expected">How many hashes the pass should get.</param>
        /// <param name="passBits">How many of the high bits choose the pass.</param>
        /// <param name="keptBits">How many low bits a bucket keeps (tests keep fewer, to make hashes agree).</param>
        public Buckets(long expected, int passBits, int keptBits = KeptBits)
        {
            var bits = 0;
            while (bits < MaxBucketBits && expected >> (bits + 1) >= BucketMean)
            {
                bits++;
            }

            var mean = (double)expected / (1 << bits);

            // Four standard deviations of a bucket's count over the mean, plus a little for small buckets. A slot is written
            // as 8 bytes whose last 2 fall on the next slot, not yet written: a bucket ends with 2 bytes to spare.
            _capacity = checked((int)(mean + (4 * Math.Sqrt(mean)) + 16));
            _stride = ((long)_capacity * SlotBytes) + sizeof(ulong) - SlotBytes;
            _fill = new int[1 << bits];
            _slots = (byte*)NativeMemory.Alloc((nuint)checked(_stride << bits));
            _passBits = passBits;
            _keptBits = Math.Clamp(keptBits, 1, KeptBits);
            _low = ulong.MaxValue >> (64 - _keptBits);
            _shift = 64 - passBits - bits;
            _mask = (1 << bits) - 1;
        }

        /// <summary>
        /// Gets the bits of a hash that a repeat found here stands for: the pass's and the bucket's high bits and the low bits
        /// kept (all 64 when those overlap).
        /// </summary>
        public ulong KnownBits => _shift >= 64 ? _low : _shift <= _keptBits ? ulong.MaxValue : ~((1UL << _shift) - 1) | _low;

        /// <summary>Empties the buckets for the pass whose hashes have <paramref name="pass"/> in their top bits.</summary>
        /// <param name="pass">The pass.</param>
        public void Clear(ulong pass = 0)
        {
            Array.Clear(_fill);
            _overflow.Clear();
            _pass = pass;
        }

        /// <summary>Adds a hash.</summary>
        /// <param name="hash">The hash.</param>
        public void Add(ulong hash)
        {
            var bucket = BucketOf(hash);
            var at = _fill[bucket];
            if (at < _capacity)
            {
                Unsafe.WriteUnaligned(_slots + (bucket * _stride) + ((long)at * SlotBytes), hash & _low);
                _fill[bucket] = at + 1;
            }
            else
            {
                _overflow.Add(hash);
            }
        }

        /// <summary>Whether no two hashes added agree on the bits kept.</summary>
        /// <returns>True when all differ.</returns>
        public bool Distinct() => Repeats(0) is [];

        /// <summary>
        /// The hashes added more than once, as far as the bits kept tell (<see cref="KnownBits"/> of each; the bits between
        /// are zero), at most <paramref name="most"/> of them; null when there are more.
        /// </summary>
        /// <param name="most">The most repeats to list.</param>
        /// <returns>The repeats (empty when all differ), or null when there are more than <paramref name="most"/>.</returns>
        public List<ulong>? Repeats(int most)
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
            var repeats = new List<ulong>();
            var over = false;
            var tableSize = TableSize(_capacity);
            Parallel.For(
                0,
                _fill.Length,
                () => new ulong[tableSize],
                (b, state, table) =>
                {
                    var extra = overflow.AsSpan(starts[b], starts[b + 1] - starts[b]);
                    var found = new List<ulong>();
                    RepeatsIn(_slots + (b * _stride), _fill[b], extra, _low, table, found, most + 1);
                    if (found.Count > 0)
                    {
                        lock (repeats)
                        {
                            repeats.AddRange(found.Select(low => Key(b, low)));
                            if (repeats.Count > most)
                            {
                                over = true;
                                state.Stop();
                            }
                        }
                    }

                    return table;
                },
                _ => { });
            repeats.Sort();
            return over ? null : repeats;
        }

        /// <summary>Gives the block back.</summary>
        public void Dispose()
        {
            // Freeing null does nothing: a second call is harmless.
            NativeMemory.Free(_slots);
            _slots = null;
        }

        /// <summary>A table for a bucket of <paramref name="count"/> hashes: a power of two, at most four-fifths full.</summary>
        private static int TableSize(int count) => (int)Math.Max(16, BitOperations.RoundUpToPowerOf2((uint)(count + (count / 4) + 1)));

        /// <summary>
        /// A bucket's repeats (its slots and its share of the overflow, on the bits kept): each hash goes into an
        /// open-addressing table by its low bits, a repeat meets its equal. About three times faster than sorting the bucket
        /// (at 100M runs a pass's buckets took 1.2 s sorted on two cores). Hashes chosen to share their low bits would make
        /// the probes long: past sixteen probes a hash the bucket is sorted instead, so the check stays O(n log n) whatever
        /// the ids.
        /// </summary>
        private static void RepeatsIn(byte* slots, int fill, ReadOnlySpan<ulong> extra, ulong low, ulong[] table, List<ulong> found, int most)
        {
            var count = fill + extra.Length;
            var size = TableSize(count);
            if (size > table.Length)
            {
                SortedRepeats(slots, fill, extra, low, found, most);
                return;
            }

            var entries = table.AsSpan(0, size);
            entries.Clear();
            var mask = size - 1;
            var budget = 16L * count;
            var zero = false;
            for (var i = 0; i < count && found.Count < most; i++)
            {
                var hash = (i < fill ? Unsafe.ReadUnaligned<ulong>(slots + ((long)i * SlotBytes)) : extra[i - fill]) & low;

                // Zero marks an empty entry: a zero hash is kept apart.
                if (hash == 0)
                {
                    if (zero)
                    {
                        found.Add(0);
                    }

                    zero = true;
                    continue;
                }

                var at = (int)hash & mask;
                while (entries[at] != 0 && entries[at] != hash)
                {
                    if (--budget < 0)
                    {
                        found.Clear();
                        SortedRepeats(slots, fill, extra, low, found, most);
                        return;
                    }

                    at = (at + 1) & mask;
                }

                if (entries[at] == hash)
                {
                    found.Add(hash);
                }
                else
                {
                    entries[at] = hash;
                }
            }
        }

        /// <summary>A bucket's repeats, by sorting its hashes and comparing neighbours.</summary>
        private static void SortedRepeats(byte* slots, int fill, ReadOnlySpan<ulong> extra, ulong low, List<ulong> found, int most)
        {
            var all = new ulong[fill + extra.Length];
            for (var i = 0; i < fill; i++)
            {
                all[i] = Unsafe.ReadUnaligned<ulong>(slots + ((long)i * SlotBytes)) & low;
            }

            for (var i = 0; i < extra.Length; i++)
            {
                all[fill + i] = extra[i] & low;
            }

            Array.Sort(all);
            for (var i = 1; i < all.Length && found.Count < most; i++)
            {
                if (all[i] == all[i - 1])
                {
                    found.Add(all[i]);
                }
            }
        }

        /// <summary>The known bits of a hash of bucket <paramref name="bucket"/> whose kept bits are <paramref name="low"/>.</summary>
        private ulong Key(int bucket, ulong low)
        {
            if (_shift >= 64)
            {
                return low;
            }

            // The bucket's bits lie below the pass's; where they reach into the kept bits, both say the same.
            var high = _passBits == 0 ? 0 : _pass << (64 - _passBits);
            return high | ((ulong)(uint)bucket << _shift) | low;
        }

        /// <summary>The bucket of a hash. A shift by 64 leaves a value unchanged in .NET, so a single bucket is not shifted for.</summary>
        private int BucketOf(ulong hash) => _mask == 0 ? 0 : (int)(hash >> _shift) & _mask;
    }
}
