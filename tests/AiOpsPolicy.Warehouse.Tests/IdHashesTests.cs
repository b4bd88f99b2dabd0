// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using AiOpsPolicy.Warehouse.DuckDb;
using DuckDB.NET.Data;

namespace AiOpsPolicy.Warehouse.Tests;

/// <summary>
/// The duplicate-id check of kinds kept in DuckDB: exact on the ids' 64-bit hashes in one pass or many, whatever the
/// spread of the hashes (ids chosen to fill one bucket go to the overflow and are still compared).
/// </summary>
public sealed class IdHashesTests
{
    private const int Ids = 20_000;

    public static TheoryData<string, long, bool> Relations => new()
    {
        { "distinct", IdHashes.PassBytes, true },
        { "distinct", 16 * 1024, true },
        { "repeat", IdHashes.PassBytes, false },
        { "repeat", 16 * 1024, false },
        { "repeat-last", 16 * 1024, false },
        { "null", IdHashes.PassBytes, false },
        { "null", 16 * 1024, false },
        { "empty", IdHashes.PassBytes, false },
        { "empty", 16 * 1024, false },
    };

    [Theory]
    [MemberData(nameof(Relations))]
    public void Distinct_WhenIdsAreGiven_ShouldAnswerWhetherAllAreGivenAndDifferentInAnyNumberOfPasses(string ids, long passBytes, bool distinct)
    {
        // Given: 20,000 ids (160 KB of hashes: 16 KB a pass makes 16 passes), and one that repeats, is null or is empty
        using var connection = new DuckDBConnection("DataSource=:memory:");
        connection.Open();
        var relation = Relation(ids, out var count);

        // When
        var answer = IdHashes.Distinct(connection, relation, count, passBytes);

        // Then
        Assert.Equal(distinct, answer);
    }

    [Theory]
    [MemberData(nameof(Relations))]
    public void Check_WhenAnotherScanCarriesTheFirstPass_ShouldAnswerAsTheScansOfTheirOwn(string ids, long passBytes, bool distinct)
    {
        // Given: the same relations, the first pass's hashes taken by the function inside a grouped scan (the only pass, or
        // the first of 16)
        using var connection = new DuckDBConnection("DataSource=:memory:");
        connection.Open();
        var relation = Relation(ids, out var count);
        using var check = new IdHashes.Check(connection, relation, count, carry: true, passBytes, carryFrom: 0);

        // When
        var own = check.OwnPasses();
        using (var command = connection.CreateCommand())
        {
            command.CommandText = $"SELECT length(id) AS l, bool_and({IdHashes.Check.Call}) FROM {relation} GROUP BY l";
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
            }
        }

        // Then
        Assert.True(check.Carried);
        Assert.Equal(distinct, own && check.Finish());
    }

    [Theory]
    [InlineData(IdHashes.CarryFrom - 1, false)]
    [InlineData(IdHashes.CarryFrom, true)]
    public void Check_WhenAskedToCarry_ShouldLetAnotherScanCarryOnlyFromManyIds(long count, bool carried)
    {
        // Given: a check sized for a count of ids around the bound (nothing is scanned)
        using var connection = new DuckDBConnection("DataSource=:memory:");
        connection.Open();

        // When
        using var check = new IdHashes.Check(connection, "(SELECT 'run-1' AS id)", count);

        // Then
        Assert.Equal(carried, check.Carried);
    }

    [Theory]
    [InlineData("distinct", true)]
    [InlineData("repeat", false)]
    [InlineData("repeat-last", false)]
    public void Distinct_WhenHashesAgreeOnTheBitsKept_ShouldLookThemUpAmongTheIds(string ids, bool distinct)
    {
        // Given: buckets that keep 20 bits of each hash (and its top 4 choose one of 16 buckets), so that 20,000 different
        // ids make about a dozen pairs of hashes that agree (a 100M-run pass makes one such pair in about 60 sets at 48 bits)
        using var connection = new DuckDBConnection("DataSource=:memory:");
        connection.Open();
        var relation = Relation(ids, out var count);
        using var check = new IdHashes.Check(connection, relation, count, carry: false, keptBits: 20);

        // When
        var answer = check.OwnPasses();

        // Then: only ids that repeat refuse the relation
        Assert.Equal(distinct, answer);
    }

    [Fact]
    public void Repeats_WhenAHashRepeatsInALaterPass_ShouldNameTheBitsOfThatHashThatTheBucketKnows()
    {
        // Given: four passes, the third's buckets, and a hash of that pass added twice among others
        const ulong Repeated = (2UL << 62) | 0x0123_4567_89AB_CDEFUL;
        using var buckets = new IdHashes.Buckets(10_000, 2);
        buckets.Clear(2);
        for (ulong i = 1; i <= 10_000; i++)
        {
            buckets.Add((2UL << 62) | ((i * 0x9E3779B97F4A7C15UL) >> 2));
        }

        buckets.Add(Repeated);
        buckets.Add(Repeated);

        // When
        var repeats = buckets.Repeats(8);

        // Then: the top 5 bits (2 of the pass, 3 of its 8 buckets) and the low 48, nothing of the 11 bits between
        Assert.Equal(0xF800_FFFF_FFFF_FFFFUL, buckets.KnownBits);
        Assert.Equal([Repeated & 0xF800_FFFF_FFFF_FFFFUL], repeats);
    }

    [Fact]
    public void Check_WhenTheCarryingScanSkipsRows_ShouldNotVouchForTheIds()
    {
        // Given: a scan that never calls the function for the rows it filters out
        using var connection = new DuckDBConnection("DataSource=:memory:");
        connection.Open();
        var relation = Relation("distinct", out var count);
        using var check = new IdHashes.Check(connection, relation, count, carry: true, 16 * 1024, carryFrom: 0);
        Assert.True(check.OwnPasses());

        // When
        using (var command = connection.CreateCommand())
        {
            command.CommandText = $"SELECT bool_and({IdHashes.Check.Call}) FROM {relation} WHERE id <> 'run-5'";
            command.ExecuteScalar();
        }

        // Then
        Assert.False(check.Finish());
    }

    [Theory]
    [InlineData(false, true)]
    [InlineData(true, false)]
    public void Distinct_WhenEveryHashFallsInOneBucket_ShouldStillCompareThemAll(bool repeat, bool distinct)
    {
        // Given: 10,000 expected hashes spread over buckets, but every one added in the first bucket (top bits zero), so
        // most go to the overflow; the repeat, if any, is one hash in the bucket's slots and one in the overflow
        using var buckets = new IdHashes.Buckets(10_000, 0);
        for (ulong i = 0; i < 10_000; i++)
        {
            buckets.Add(i * 7);
        }

        if (repeat)
        {
            buckets.Add(3 * 7);
        }

        // When
        var answer = buckets.Distinct();

        // Then
        Assert.Equal(distinct, answer);
    }

    [Theory]
    [InlineData(false, true)]
    [InlineData(true, false)]
    public void Distinct_WhenHashesShareTheirLowBits_ShouldStillCompareThemAll(bool repeat, bool distinct)
    {
        // Given: hashes spread over the buckets by their high bits, but whose low 20 bits are all zero (ids chosen for it):
        // in each bucket every one lands on the same table slot, so the probes run past their budget and the bucket is
        // sorted instead
        using var buckets = new IdHashes.Buckets(4_000, 0);
        for (ulong i = 1; i <= 4_000; i++)
        {
            buckets.Add(Spread(i));
        }

        if (repeat)
        {
            buckets.Add(Spread(2_222));
        }

        // When
        var answer = buckets.Distinct();

        // Then
        Assert.Equal(distinct, answer);
    }

    [Theory]
    [InlineData(1, true)]
    [InlineData(2, false)]
    public void Distinct_WhenAHashIsZero_ShouldCountItLikeAnyOther(int zeros, bool distinct)
    {
        // Given: zero is the table's empty slot, so a zero hash is kept apart
        using var buckets = new IdHashes.Buckets(1_000, 0);
        for (ulong i = 1; i < 1_000; i++)
        {
            buckets.Add(i * 0x9E3779B97F4A7C15UL);
        }

        for (var z = 0; z < zeros; z++)
        {
            buckets.Add(0);
        }

        // When / Then
        Assert.Equal(distinct, buckets.Distinct());
    }

    [Fact]
    public void Distinct_WhenHashesAreSpreadOverEveryBucket_ShouldFindARepeatInAnyOfThem()
    {
        // Given: hashes over the whole 64-bit range, one repeated in the last bucket
        using var buckets = new IdHashes.Buckets(100_000, 0);
        const ulong Step = ulong.MaxValue / 100_000;
        for (ulong i = 0; i < 100_000; i++)
        {
            buckets.Add(i * Step);
        }

        using var clean = new IdHashes.Buckets(100_000, 0);
        for (ulong i = 0; i < 100_000; i++)
        {
            clean.Add(i * Step);
        }

        buckets.Add(99_999 * Step);

        // When / Then
        Assert.False(buckets.Distinct());
        Assert.True(clean.Distinct());
    }

    /// <summary>A hash spread over the whole range by a multiplicative hash, its low 20 bits cleared.</summary>
    private static ulong Spread(ulong i) => (i * 0x9E3779B97F4A7C15UL) & ~0xFFFFFUL;

    /// <summary>20,000 ids, and one more that repeats, is null or is empty.</summary>
    private static string Relation(string ids, out long count)
    {
        var extra = ids switch
        {
            "repeat" => " UNION ALL SELECT 'run-17'",
            "repeat-last" => $" UNION ALL SELECT 'run-{Ids - 1}'",
            "null" => " UNION ALL SELECT NULL",
            "empty" => " UNION ALL SELECT ''",
            _ => string.Empty,
        };
        count = Ids + (extra.Length > 0 ? 1 : 0);
        return $"(SELECT 'run-' || i AS id FROM range({Ids}) t(i){extra})";
    }
}
