// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using AiOpsPolicy.Cli.Isolation;

namespace AiOpsPolicy.Cli.Tests;

/// <summary>
/// The value a gate process hands over to the supervisor that replaces it (<see cref="InProcessWatch"/>): it comes through
/// the environment, so only what the watch writes is taken, and anything else supervises the run from the start with
/// nothing left out (never a gate reported as stopped that was not, never text from the environment in a message).
/// </summary>
public sealed class InProcessWatchTests
{
    [Theory]
    [InlineData("g3|time|1834|abandoned", "g3", "time", 1834, "abandoned a runaway inside a library call")]
    [InlineData("f0|total|61000|total", "f0", "total", 61000, "went over the run's total time budget")]
    [InlineData("g12|memory:600|250|memory:600:612", "g12", "memory:600", 250, "went over its memory limit of 600 MiB (612 MiB resident when seen)")]
    [InlineData("-|time|40|item", null, "time", 40, "went over the item's time budget")]
    public void Parse_WhenTheValueIsOneTheWatchWrites_ShouldGiveTheFirstAttemptsOutcome(string value, string? item, string reason, long milliseconds, string why)
    {
        // When
        var outcome = InProcessWatch.Parse(value, out var startOver);

        // Then
        Assert.False(startOver);
        Assert.NotNull(outcome);
        Assert.Equal(item, outcome.Item);
        Assert.Equal(reason, outcome.Reason);
        Assert.Equal(TimeSpan.FromMilliseconds(milliseconds), outcome.Evaluating);
        Assert.Equal(why, outcome.Stopped);
    }

    [Theory]
    [InlineData("start")]
    [InlineData("g3|time|1834|::error::forged")]
    [InlineData("g3|time|-5|item")]
    [InlineData("gate 'x'|time|5|item")]
    [InlineData("g3|memory:6e2|5|item")]
    [InlineData("g3|time|5|memory:600:lots")]
    [InlineData("g3|time|5|item|extra")]
    public void Parse_WhenTheValueIsNotOneTheWatchWrites_ShouldSuperviseFromTheStartWithNothingStopped(string value)
    {
        // When
        var outcome = InProcessWatch.Parse(value, out var startOver);

        // Then
        Assert.True(startOver);
        Assert.Null(outcome);
    }

    [Theory]
    [InlineData(5000, 500)]
    [InlineData(2000, 500)]
    [InlineData(8000, 800)]
    [InlineData(10000, 1000)]
    [InlineData(60000, 1000)]
    [InlineData(0, 500)]
    public void SlowItem_WhenAnItemHasATimeBudget_ShouldStartOverAfterATenthOfItBetweenHalfASecondAndOne(int budgetMs, int expectedMs)
    {
        // When
        var slow = InProcessWatch.SlowItem(TimeSpan.FromMilliseconds(budgetMs));

        // Then: well before the budget, so that the supervisor is in place before a runaway gets deep
        Assert.Equal(TimeSpan.FromMilliseconds(expectedMs), slow);
    }

    [Fact]
    public void Parse_WhenNothingWasHandedOver_ShouldNeitherStopNorStartOver()
    {
        // When
        var outcome = InProcessWatch.Parse(null, out var startOver);

        // Then
        Assert.False(startOver);
        Assert.Null(outcome);
    }
}
