// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace AiOpsPolicy.Core.Tests.Properties;

/// <summary>Incident rate is incidents per 1,000 transactions: twice the transactions, half the rate.</summary>
public sealed class IncidentRateProperties
{
    /// <summary>Hours of transactions (distinct period starts, some before the window) with their counts.</summary>
    private static readonly Gen<List<(int HoursAgo, int Count)>> Volumes =
        from hours in Gen.SubListOf(Enumerable.Range(1, 200))
        from counts in Gen.CollectToList(hours, _ => Gen.Choose(0, 5000))
        select hours.Zip(counts).ToList();

    private static readonly Gen<(List<string> Incidents, List<(int HoursAgo, int Count)> Volumes)> Evidence =
        Gen.Zip(EvidenceGen.Records(15, i => EvidenceGen.Incident("i" + i)), Volumes);

    [Property(MaxTest = 50)]
    public Property IncidentRate_WhenTransactionsDoubleWithTheSameIncidents_ShouldHalve() =>
        Prop.ForAll(Arb.From(Evidence), evidence =>
        {
            var once = Rate(evidence.Incidents, evidence.Volumes, factor: 1);
            var twice = Rate(evidence.Incidents, evidence.Volumes, factor: 2);
            Assert.Equal(once.ObservedValue is null, twice.ObservedValue is null);
            if (once.ObservedValue is { } rate)
            {
                Assert.Equal(rate / 2, twice.ObservedValue!.Value);
                Assert.Equal(once.Metrics[0].Numerator, twice.Metrics[0].Numerator);
                Assert.Equal(once.Metrics[0].Denominator * 2, twice.Metrics[0].Denominator);
                Assert.Equal(rate, once.Metrics[0].Numerator!.Value * 1000 / once.Metrics[0].Denominator!.Value);
            }
        });

    private static Results.GateResult Rate(List<string> incidents, List<(int HoursAgo, int Count)> volumes, int factor) =>
        PropertyFixtures.Run(
            MetricPolicySet.Compiled,
            ("incidents", incidents),
            ("transactions", volumes.Select(v => EvidenceGen.Transactions(v.HoursAgo, (long)v.Count * factor)))).Gate("incident-rate");
}
