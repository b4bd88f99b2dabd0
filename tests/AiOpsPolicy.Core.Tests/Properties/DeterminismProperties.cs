// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using AiOpsPolicy.Core.Results;

namespace AiOpsPolicy.Core.Tests.Properties;

/// <summary>The same evidence gives the same metrics: run twice, or with its records in another order.</summary>
public sealed class DeterminismProperties
{
    private static readonly Gen<(List<string> Runs, List<string> Incidents)> Evidence =
        Gen.Zip(
            EvidenceGen.Records(15, i => EvidenceGen.WorkflowRun("r" + i)),
            EvidenceGen.Records(15, i => EvidenceGen.Incident("i" + i)));

    private static readonly Gen<((List<string> Runs, List<string> Incidents) Original, (List<string> Runs, List<string> Incidents) Shuffled)> Shuffled =
        from evidence in Evidence
        from runs in Gen.Shuffle(evidence.Runs.ToArray())
        from incidents in Gen.Shuffle(evidence.Incidents.ToArray())
        select (evidence, (runs.ToList(), incidents.ToList()));

    private static readonly string[] OrderGates = ["sla", "sla-step", "recover", "recover-p90"];

    [Property(MaxTest = 50)]
    public Property Metrics_WhenTheSameEvidenceIsEvaluatedTwice_ShouldGiveIdenticalResults() =>
        Prop.ForAll(Arb.From(Evidence), evidence =>
        {
            var first = Run(evidence);
            var second = Run(evidence);
            foreach (var gate in first.Gates)
            {
                AssertSame(gate, second.Gate(gate.Gate));
            }
        });

    [Property(MaxTest = 50)]
    public Property SlaAttainmentAndTimeToRecover_WhenRecordsAreShuffled_ShouldNotChange() =>
        Prop.ForAll(Arb.From(Shuffled), pair =>
        {
            var original = Run(pair.Original);
            var shuffled = Run(pair.Shuffled);
            foreach (var name in OrderGates)
            {
                AssertSame(original.Gate(name), shuffled.Gate(name));
            }
        });

    private static GateRunResult Run((List<string> Runs, List<string> Incidents) evidence) =>
        PropertyFixtures.Run(MetricPolicySet.Compiled, ("workflow-runs", evidence.Runs), ("incidents", evidence.Incidents));

    private static void AssertSame(GateResult expected, GateResult actual)
    {
        Assert.Equal(expected.Status, actual.Status);
        Assert.Equal(expected.ObservedValue, actual.ObservedValue);
        Assert.Equal(expected.Explanation, actual.Explanation);
        Assert.Equal(expected.Metrics.Length, actual.Metrics.Length);
        foreach (var (e, a) in expected.Metrics.Zip(actual.Metrics))
        {
            Assert.Equal((e.Metric, e.Value, e.Numerator, e.Denominator, e.SampleSize, e.Explanation), (a.Metric, a.Value, a.Numerator, a.Denominator, a.SampleSize, a.Explanation));
            Assert.Equal(e.FailingRecords.ToArray(), a.FailingRecords.ToArray());
        }
    }
}
