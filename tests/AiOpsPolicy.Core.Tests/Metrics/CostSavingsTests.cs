// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using AiOpsPolicy.Core.Results;
using static AiOpsPolicy.Core.Tests.Metrics.MetricRecords;

namespace AiOpsPolicy.Core.Tests.Metrics;

/// <summary>CostSavings over <c>costs</c> lines: baseline cost per day against the current lines, per category.</summary>
public sealed class CostSavingsTests : IDisposable
{
    private readonly PolicyHarness _harness = new();

    public void Dispose() => _harness.Dispose();

    [Fact]
    public void CostSavings_WhenCurrentCostsAreBelowTheBaseline_ShouldSubtractThemFromTheBaselineRateOverTheirDays()
    {
        // Given: the baseline cloud bill was 3000 EUR over 30 days (100/day) and labour 300 hours over 30 days; the
        // last 10 days cost 700 EUR of cloud and 60 labour hours; labour costs 50 EUR an hour.
        _harness.Write(
            "costs",
            CostLine("b-cloud", "triage", "cloud", "baseline", startDaysAgo: 100, days: 30, amount: 3000),
            CostLine("b-labour", "triage", "labour", "baseline", startDaysAgo: 100, days: 30, hours: 300),
            CostLine("c-cloud", "triage", "cloud", "current", startDaysAgo: 10, days: 10, amount: 700),
            CostLine("c-labour", "triage", "labour", "current", startDaysAgo: 10, days: 10, hours: 60),
            CostLine("old", "triage", "cloud", "current", startDaysAgo: 50, days: 10, amount: 5000));

        // When
        var gate = _harness.Evaluate("'CostSavings(\"triage\", Days(30), labourRate: 50)'", "min: 1000");

        // Then: cloud 1000 - 700 = 300; labour 100 h x 50 - 60 h x 50 = 2000; 2300 saved.
        Assert.Equal(GateStatus.Pass, gate.Status);
        Assert.Equal(2300, gate.ObservedValue!.Value, 6);
        var metric = Assert.Single(gate.Metrics);
        Assert.Contains("cloud: baseline 1,000 EUR, current 700 EUR, saved 300 EUR (1 line(s))", metric.Explanation, StringComparison.Ordinal);
        Assert.Contains("labour: baseline 5,000 EUR, current 3,000 EUR, saved 2,000 EUR (1 line(s))", metric.Explanation, StringComparison.Ordinal);
        Assert.Contains("labour at 50 EUR/h", metric.Explanation, StringComparison.Ordinal);
        Assert.Equal(2, metric.SampleSize);
        Assert.Empty(metric.FailingRecords);
    }

    [Fact]
    public void CostSavings_WhenACategoryHasNoBaseline_ShouldCountItAsACostAddedAndListTheLine()
    {
        // Given: vendor spend fell by 200 (1000 at the baseline rate, 800 now); a new cloud cost with no baseline: 500.
        _harness.Write(
            "costs",
            CostLine("b-vendor", "triage", "vendor", "baseline", startDaysAgo: 60, days: 20, amount: 2000),
            CostLine("c-vendor", "triage", "vendor", "current", startDaysAgo: 10, days: 10, amount: 800),
            CostLine("c-cloud", "triage", "cloud", "current", startDaysAgo: 10, days: 10, amount: 500));

        // When
        var gate = _harness.Evaluate("'CostSavings(\"triage\", Days(30))'", "min: 0");

        // Then: 1000 - 800 - 500 = -300: the AI costs more than it saves.
        Assert.Equal(GateStatus.Fail, gate.Status);
        Assert.Equal(-300, gate.ObservedValue!.Value, 6);
        Assert.Contains("no baseline for triage cloud (counted as 0: a cost added)", gate.Metrics[0].Explanation, StringComparison.Ordinal);
        Assert.Equal(["c-cloud"], gate.Metrics[0].FailingRecords.ToArray());
    }

    [Fact]
    public void CostSavings_WhenLabourHoursComeWithoutARate_ShouldBeInsufficientAndSayHowToFixIt()
    {
        // Given
        _harness.Write(
            "costs",
            CostLine("b-labour", "triage", "labour", "baseline", startDaysAgo: 60, days: 30, hours: 100),
            CostLine("c-labour", "triage", "labour", "current", startDaysAgo: 10, days: 10, hours: 20));

        // When
        var gate = _harness.Evaluate("'CostSavings(\"triage\", Days(30))'", "min: 0");

        // Then
        Assert.Equal(GateStatus.InsufficientEvidence, gate.Status);
        Assert.Contains("labourRate", gate.Explanation, StringComparison.Ordinal);
    }

    [Fact]
    public void CostSavings_WhenAmountsAreInTwoCurrencies_ShouldErrorRatherThanAddThem()
    {
        // Given
        _harness.Write(
            "costs",
            CostLine("b-cloud", "triage", "cloud", "baseline", startDaysAgo: 60, days: 30, amount: 3000),
            CostLine("c-cloud", "triage", "cloud", "current", startDaysAgo: 10, days: 10, amount: 700, currency: "USD"));

        // When
        var gate = _harness.Evaluate("'CostSavings(\"triage\", Days(30))'", "min: 0");

        // Then
        Assert.Equal(GateStatus.Error, gate.Status);
        Assert.Contains("more than one currency (EUR, USD)", gate.Explanation, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_WhenACostLineGivesBothAmountAndHours_ShouldQuarantineIt()
    {
        // Given: one good current line and one that gives money and hours at once.
        _harness.Write(
            "costs",
            CostLine("b-cloud", "triage", "cloud", "baseline", startDaysAgo: 60, days: 30, amount: 3000),
            CostLine("c-cloud", "triage", "cloud", "current", startDaysAgo: 10, days: 10, amount: 700),
            CostLine("bad", "triage", "labour", "current", startDaysAgo: 10, days: 10, amount: 10, hours: 5));

        // When
        var run = _harness.RunAllowingEvidenceErrors(TestPolicies.Workflow, TestPolicies.Gate("metric", "  measure: 'CostSavings(\"triage\", Days(30), labourRate: 10)'\n  bound:\n    min: 0"));

        // Then: the bad line is reported and left out; the rest is counted.
        Assert.Contains(run.Diagnostics, d => d.Message.Contains("give exactly one of 'amount' (money) and 'hours'", StringComparison.Ordinal));
        Assert.Equal(300, Assert.Single(run.Result.Gates).ObservedValue!.Value, 6);
    }
}
