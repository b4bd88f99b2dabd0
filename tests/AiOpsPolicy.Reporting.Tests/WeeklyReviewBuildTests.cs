// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using System.Globalization;
using System.Text;
using AiOpsPolicy.Reporting.Review;

namespace AiOpsPolicy.Reporting.Tests;

public sealed class WeeklyReviewBuildTests
{
    private static readonly IsoWeek _week = new(2026, 47);

    [Fact]
    public void Build_WhenTwoPolicySetsRanInTheWeek_ShouldTakeEachOnesLatestRunAndNameThePolicySetBesideEachFigure()
    {
        // Given: the triage set ran twice; its later run is the figure, whatever the other set did after it.
        var runs = new[]
        {
            Run("a1", "triage", "2026-11-16T08:00:00Z", "90%"),
            Run("a2", "triage", "2026-11-19T08:00:00Z", "96%"),
            Run("b1", "refunds", "2026-11-21T08:00:00Z", "80%"),
            Run("a0", "triage", "2026-11-12T08:00:00Z", "94%"),
        };

        // When
        var review = WeeklyReview.Build(_week, runs);
        var markdown = Markdown(review);

        // Then
        var figures = review.Groups.Single(g => g.Id == "reliability").Metrics;
        Assert.Equal(["refunds", "triage"], figures.Select(f => f.PolicySet));
        Assert.Equal("96%", figures.Single(f => f.PolicySet == "triage").ThisWeek?.Value);
        Assert.Equal("94%", figures.Single(f => f.PolicySet == "triage").LastWeek?.Value);
        Assert.Equal(ChangeTone.Better, figures.Single(f => f.PolicySet == "triage").Tone);
        Assert.Contains("**3 runs of 2 policy sets in 2026-W47; none blocked.**", markdown, StringComparison.Ordinal);
        Assert.Contains("| SlaAttainment(x) <br>higher is better | triage | 96% | 94% | ▲ +2 pp, better |", markdown, StringComparison.Ordinal);
    }

    [Fact]
    public void Build_WhenRunsFallOutsideTheWeek_ShouldUseThemOnlyForLastWeekAndTheSparkline()
    {
        // Given: W39 is before the 8-week sparkline window, W48 after the week.
        var runs = new[]
        {
            Run("w39", "triage", "2026-09-23T08:00:00Z", "10%"),
            Run("w41", "triage", "2026-10-07T08:00:00Z", "91%"),
            Run("w47", "triage", "2026-11-18T08:00:00Z", "95%"),
            Run("w48", "triage", "2026-11-23T00:00:00Z", "20%"),
        };

        // When
        var review = WeeklyReview.Build(_week, runs);

        // Then
        Assert.Equal(1, review.Runs);
        Assert.Equal(0, review.PreviousRuns);
        Assert.Equal(new IsoWeek(2026, 40), review.SparklineWeeks[0]);
        var figure = Assert.Single(review.Groups.Single(g => g.Id == "reliability").Metrics);
        Assert.Equal([null, 0.91, null, null, null, null, null, 0.95], figure.Sparkline.Select(v => v is { } x ? Math.Round(x, 9) : (double?)null));
        Assert.Null(figure.Delta);
    }

    [Theory]
    [InlineData("SlaAttainment(a, b)", 0.01, ChangeTone.Better)]
    [InlineData("SlaAttainment", -0.01, ChangeTone.Worse)]
    [InlineData("TimeToRecover(a)", -60, ChangeTone.Better)]
    [InlineData("IncidentRate(a)", 0.2, ChangeTone.Worse)]
    [InlineData("Freshness(a, b, median)", 30, ChangeTone.Worse)]
    [InlineData("TimeToDeploy(a)", -3600, ChangeTone.Better)]
    [InlineData("ComplianceCoverage(ci)", 0.1, ChangeTone.Better)]
    [InlineData("SomethingCustom", 5, ChangeTone.Neutral)]
    [InlineData("SlaAttainment", 0, ChangeTone.Flat)]
    public void Judge_WhenAMetricMoves_ShouldKnowWhichWayIsGood(string metric, double delta, ChangeTone expected)
    {
        // Given
        var change = delta;

        // When
        var tone = MetricDirection.Judge(metric, change);

        // Then
        Assert.Equal(expected, tone);
    }

    [Fact]
    public void HigherIsBetter_ShouldMatchTheTableInTheReportsDocumentation()
    {
        // Given
        var docs = File.ReadAllLines(Path.Combine(Repository.Root, "docs", "reports.md"));
        var header = Array.IndexOf(docs, "| Higher is better | Lower is better |");
        Assert.True(header > 0, "docs/reports.md has no direction table.");
        var cells = docs[header + 2].Trim('|').Split('|');

        // When
        var higher = cells[0].Split(',', StringSplitOptions.TrimEntries);
        var lower = cells[1].Split(',', StringSplitOptions.TrimEntries);

        // Then
        Assert.All(higher, m => Assert.True(MetricDirection.HigherIsBetter(m) is true, m));
        Assert.All(lower, m => Assert.True(MetricDirection.HigherIsBetter(m) is false, m));
        Assert.Equal(22, higher.Length + lower.Length);
    }

    [Theory]
    [InlineData("2026-W47", true, 2026, 47)]
    [InlineData("2026-w01", true, 2026, 1)]
    [InlineData("2026-W53", true, 2026, 53)]
    [InlineData("2027-W53", false, 0, 0)]
    [InlineData("2020-W53", true, 2020, 53)]
    [InlineData("2026-W7", false, 0, 0)]
    [InlineData("26-W07", false, 0, 0)]
    public void TryParse_WhenGivenAWeek_ShouldAcceptOnlyWeeksThatExist(string text, bool valid, int year, int week)
    {
        // Given
        var input = text;

        // When
        var parsed = IsoWeek.TryParse(input, out var result);

        // Then
        Assert.Equal(valid, parsed);
        Assert.Equal(valid ? new IsoWeek(year, week) : default, result);
    }

    [Fact]
    public void LastFullWeekBefore_WhenNowIsEarlyInJanuary_ShouldCrossTheYearBoundary()
    {
        // Given: Thursday 1 January 2026 is in 2026-W01, so the last full week is 2025-W52.
        var now = DateTimeOffset.Parse("2026-01-01T12:00:00Z", CultureInfo.InvariantCulture);

        // When
        var week = IsoWeek.LastFullWeekBefore(now);

        // Then
        Assert.Equal(new IsoWeek(2025, 52), week);
        Assert.Equal(DateTimeOffset.Parse("2025-12-22T00:00:00Z", CultureInfo.InvariantCulture), week.Start);
    }

    private static ReviewRun Run(string id, string policySet, string at, string sla) => new()
    {
        RunId = id,
        PolicySet = policySet,
        RecordedAt = DateTimeOffset.Parse(at, CultureInfo.InvariantCulture),
        Decision = "allowed",
        Gates = [new ReviewGate("sla", "pass", sla, ">= 50%", [ReviewMetric.Create("SlaAttainment(x)", sla, null, null, null)])],
    };

    private static string Markdown(WeeklyReview review)
    {
        using var stream = new MemoryStream();
        ReviewMarkdownWriter.Write(review, stream);
        return Encoding.UTF8.GetString(stream.ToArray());
    }
}
