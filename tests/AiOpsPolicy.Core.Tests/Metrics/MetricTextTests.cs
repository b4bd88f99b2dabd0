// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using AiOpsPolicy.Core.Metrics;

namespace AiOpsPolicy.Core.Tests.Metrics;

/// <summary>The failing records an explanation lists: the same few, in the same order, every run.</summary>
public sealed class MetricTextTests
{
    [Fact]
    public void Worst_WhenManyRecordsMiss_ShouldListTheFiveThatMissByMostLargestFirstAndTiesByIdAsASortWould()
    {
        // Given: 1,000 records in a scrambled order, misses repeating every 7, so that the largest miss is shared
        var records = Enumerable.Range(0, 1_000).Select(i => ($"r-{(i * 389) % 1_000:D4}", (double)((i * 389) % 1_000 % 7))).ToList();

        // When
        var worst = MetricText.Worst(records);

        // Then
        var sorted = records.OrderByDescending(r => r.Item2).ThenBy(r => r.Item1, StringComparer.Ordinal).Select(r => r.Item1).Take(MetricText.FailingSample);
        Assert.Equal(sorted, worst);
        Assert.Equal(["r-0006", "r-0013", "r-0020", "r-0027", "r-0034"], worst.ToArray());
    }

    [Fact]
    public void Worst_WhenFewerRecordsMissThanTheSampleHolds_ShouldListThemAll()
    {
        // Given
        (string, double)[] records = [("b", 1), ("a", 1), ("c", 3)];

        // When / Then
        Assert.Equal(["c", "a", "b"], MetricText.Worst(records).ToArray());
        Assert.Empty(MetricText.Worst([]));
    }
}
