// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using AiOpsPolicy.Core.Results;
using static AiOpsPolicy.Core.Tests.Metrics.MetricFixtures;
using static AiOpsPolicy.Core.Tests.Metrics.MetricRecords;

namespace AiOpsPolicy.Core.Tests.Metrics;

/// <summary>
/// Money in more than one currency: the PolicySet declares a base currency and dated rates (<c>spec.currency</c>), ROI
/// and CostSavings convert each line at the rate in force on its date and say which rates they used; a line with no rate
/// in force is an error naming it, and rates that cannot be used are located diagnostics.
/// </summary>
public sealed class CurrencyRateTests
{
    /// <summary>USD at 0.9 EUR from 2026-01-01, then 0.8 EUR from 2026-11-25 (lines 9 to 15 of the document).</summary>
    private const string PolicySet = """
        apiVersion: aiops-policy/v1
        kind: PolicySet
        metadata:
          name: money
        spec:
          currency:
            base: EUR
            rates:
              - currency: USD
                rate: 0.9
                from: 2026-01-01
              - currency: USD
                rate: 0.8
                from: 2026-11-25
        """;

    [Fact]
    public void Roi_WhenLinesAreInTwoCurrenciesWithRatesDeclared_ShouldConvertEachAtTheRateInForceOnItsDate()
    {
        // Given: a 1,000 USD benefit on 2026-11-23 (0.9: 900 EUR), a 500 EUR benefit, a 1,000 USD cost on 2026-11-26 (0.8: 800 EUR).
        var lines = Envelope(
            "value-lines",
            ValueLine("b1", "ticket-triage", "benefit", 1000, "USD", 5),
            ValueLine("b2", "ticket-triage", "benefit", 500, "EUR", 2),
            ValueLine("c1", "ticket-triage", "cost", 1000, "USD", 2));

        // When
        var gate = Evaluate([PolicySet, TriageWorkflow, TestPolicies.Gate("roi", "  measure: Roi(\"ticket-triage\")\n  bound:\n    min: 50%")], [lines]).Gates.Single();

        // Then: (1,400 - 800) / 800 = 75%, and the explanation names both rates and how many lines each converted.
        Assert.Equal(GateStatus.Pass, gate.Status);
        Assert.Equal(0.75, gate.ObservedValue!.Value, 9);
        Assert.Equal(
            "ROI 75% for ticket-triage in the last 7d: (benefits 1,400 EUR - costs 800 EUR) / costs 800 EUR over 3 value line(s), 0 stated assumption(s); converted into EUR at USD 0.9 from 2026-01-01 (1 line(s)), USD 0.8 from 2026-11-25 (1 line(s))",
            gate.Metrics[0].Explanation);
    }

    [Fact]
    public void Roi_WhenALineHasNoRateInForce_ShouldErrorNamingTheLineAndWhereTheRatesAre()
    {
        // Given: a GBP cost, and no GBP rate declared.
        var lines = Envelope(
            "value-lines",
            ValueLine("b1", "ticket-triage", "benefit", 1000, "EUR", 2),
            ValueLine("c-gbp", "ticket-triage", "cost", 100, "GBP", 3));

        // When
        var gate = Evaluate([PolicySet, TriageWorkflow, TestPolicies.Gate("roi", "  measure: Roi(\"ticket-triage\")\n  bound:\n    min: 50%")], [lines]).Gates.Single();

        // Then: an error, not a ROI computed without the line.
        Assert.Equal(GateStatus.Error, gate.Status);
        Assert.Contains(
            "line c-gbp is in GBP on 2026-11-25, and no GBP rate into EUR is in force on that day (rates declared at policy.yaml(9,7)), so ROI is not computed. Declare a GBP rate from 2026-11-25 or earlier in spec.currency.rates",
            gate.Explanation,
            StringComparison.Ordinal);
    }

    [Fact]
    public void Roi_WhenALineIsDatedBeforeTheFirstRate_ShouldErrorRatherThanUseALaterRate()
    {
        // Given: a USD cost from 2025-12-30, before the first USD rate (2026-01-01); a 400-day window reaches it.
        var lines = Envelope(
            "value-lines",
            ValueLine("b1", "ticket-triage", "benefit", 1000, "EUR", 2),
            ValueLine("c-old", "ticket-triage", "cost", 100, "USD", 333));

        // When
        var gate = Evaluate([PolicySet, TriageWorkflow, TestPolicies.Gate("roi", "  measure: Roi(\"ticket-triage\", Days(400))\n  bound:\n    min: 50%")], [lines]).Gates.Single();

        // Then
        Assert.Equal(GateStatus.Error, gate.Status);
        Assert.Contains("line c-old is in USD on 2025-12-30", gate.Explanation, StringComparison.Ordinal);
    }

    [Fact]
    public void CostSavings_WhenTheBaselineIsInAnotherCurrency_ShouldConvertItAtItsOwnDatesRate()
    {
        // Given: the baseline cloud bill 3,000 USD over 30 days from 2026-08-20 (0.9: 2,700 EUR, 90 EUR a day); the last
        // 10 days cost 700 EUR.
        var costs = Envelope(
            "costs",
            CostLine("b-cloud", "ticket-triage", "cloud", "baseline", 100, 30, 3000, currency: "USD"),
            CostLine("c-cloud", "ticket-triage", "cloud", "current", 10, 10, 700, currency: "EUR"));

        // When
        var gate = Evaluate([PolicySet, TriageWorkflow, TestPolicies.Gate("savings", "  measure: 'CostSavings(\"ticket-triage\", Days(30))'\n  bound:\n    min: 100")], [costs]).Gates.Single();

        // Then: 10 days x 90 EUR - 700 EUR = 200 EUR saved.
        Assert.Equal(200, gate.ObservedValue!.Value, 6);
        Assert.Contains("cloud: baseline 900 EUR, current 700 EUR, saved 200 EUR (1 line(s))", gate.Metrics[0].Explanation, StringComparison.Ordinal);
        Assert.EndsWith("; converted into EUR at USD 0.9 from 2026-01-01 (1 line(s))", gate.Metrics[0].Explanation, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_WhenRatesCannotBeUsed_ShouldReportEachAtItsValue()
    {
        // Given: a day that does not exist, a rate for the base currency, a second USD rate from one day, a rate of 0.
        const string policySet = """
            apiVersion: aiops-policy/v1
            kind: PolicySet
            metadata:
              name: money
            spec:
              currency:
                base: EUR
                rates:
                  - currency: USD
                    rate: 0.9
                    from: 2026-02-30
                  - currency: EUR
                    rate: 1
                    from: 2026-01-01
                  - currency: GBP
                    rate: 1.1
                    from: 2026-01-01
                  - currency: GBP
                    rate: 1.2
                    from: 2026-01-01
                  - currency: CHF
                    rate: 0
                    from: 2026-01-01
            """;

        // When
        var validated = TestPolicies.Validate(policySet);

        // Then: three AOP2025 at the day, the base-currency rate and the second GBP rate; the zero rate is the schema's.
        var rates = validated.Diagnostics.Where(d => d.Id == "AOP2025").ToList();
        Assert.Equal(3, rates.Count);
        Assert.Equal("policy.yaml(11,15)", rates[0].Location.ToString());
        Assert.Contains("The USD rate's day '2026-02-30' is not a date", rates[0].Message, StringComparison.Ordinal);
        Assert.Equal(12, rates[1].Location.StartLine);
        Assert.Contains("A rate for EUR, the base currency", rates[1].Message, StringComparison.Ordinal);
        Assert.Equal(18, rates[2].Location.StartLine);
        Assert.Contains("A second GBP rate from 2026-01-01; the first is at policy.yaml(15,", rates[2].Message, StringComparison.Ordinal);
        Assert.Contains(validated.Diagnostics, d => d.Id == "AOP2003" && d.Location.StartLine == 22);
        Assert.True(validated.HasErrors);
    }
}
