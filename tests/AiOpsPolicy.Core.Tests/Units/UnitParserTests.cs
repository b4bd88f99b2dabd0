// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using AiOpsPolicy.Core.Units;

namespace AiOpsPolicy.Core.Tests.Units;

public sealed class UnitParserTests
{
    [Theory]
    [InlineData("250ms", 0.25)]
    [InlineData("90s", 90)]
    [InlineData("2m", 120)]
    [InlineData("4h", 14400)]
    [InlineData("3d", 259200)]
    [InlineData("1w", 604800)]
    [InlineData("1h30m", 5400)]
    public void TryParseDuration_WhenWellFormed_ShouldGiveSeconds(string text, double seconds)
    {
        // When
        var ok = UnitParser.TryParseDuration(text, out var duration);

        // Then
        Assert.True(ok);
        Assert.Equal(seconds, duration.TotalSeconds, 6);
    }

    [Theory]
    [InlineData("5 hours")]
    [InlineData("4")]
    [InlineData("h")]
    [InlineData("30m1h")]
    [InlineData("1h1h")]
    [InlineData("")]
    [InlineData("-3d")]
    public void TryParseDuration_WhenMalformed_ShouldRefuse(string text)
    {
        Assert.False(UnitParser.TryParseDuration(text, out _));
    }

    [Theory]
    [InlineData("95%", 0.95)]
    [InlineData("0.5%", 0.005)]
    [InlineData("-2%", -0.02)]
    [InlineData("100%", 1.0)]
    public void TryParsePercentage_WhenWellFormed_ShouldGiveFraction(string text, double fraction)
    {
        Assert.True(UnitParser.TryParsePercentage(text, out var value));
        Assert.Equal(fraction, value, 9);
    }

    [Theory]
    [InlineData("95 %")]
    [InlineData("95")]
    [InlineData("%")]
    [InlineData("ninety%")]
    public void TryParsePercentage_WhenMalformed_ShouldRefuse(string text)
    {
        Assert.False(UnitParser.TryParsePercentage(text, out _));
    }

    [Theory]
    [InlineData("95%", QuantityKind.Percentage)]
    [InlineData("2.5", QuantityKind.Number)]
    [InlineData("4h", QuantityKind.Duration)]
    public void TryParseQuantity_ShouldTellTheUnitApart(string text, QuantityKind kind)
    {
        Assert.True(UnitParser.TryParseQuantity(text, out var quantity));
        Assert.Equal(kind, quantity.Kind);
        Assert.Equal(text, quantity.Text);
    }

    [Theory]
    [InlineData(5400, "1h 30m")]
    [InlineData(45, "45s")]
    [InlineData(0.25, "250ms")]
    [InlineData(90000, "1d 1h")]
    [InlineData(86700, "1d")]
    public void Duration_ShouldShowTheTwoLargestUnits(double seconds, string expected)
    {
        Assert.Equal(expected, UnitFormat.Duration(TimeSpan.FromSeconds(seconds)));
    }
}
