// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using AiOpsPolicy.Core.Results;

namespace AiOpsPolicy.Core.Tests.Properties;

/// <summary>Every share metric is a fraction of its counts, whatever the evidence.</summary>
public sealed class ShareMetricProperties
{
    private static readonly Gen<(string Kind, List<string> Records)[]> AllKinds =
        from runs in EvidenceGen.Records(12, i => EvidenceGen.WorkflowRun("r" + i))
        from checks in EvidenceGen.Records(20, EvidenceGen.ConnectorCheck)
        from controls in EvidenceGen.Records(10, EvidenceGen.ControlExecution)
        from agents in EvidenceGen.Records(10, EvidenceGen.AgentRun)
        from alerts in EvidenceGen.Records(10, EvidenceGen.Alert)
        from pilots in EvidenceGen.Records(10, EvidenceGen.Pilot)
        from lags in EvidenceGen.Records(12, EvidenceGen.Freshness)
        select new[]
        {
            ("workflow-runs", runs), ("connector-checks", checks), ("control-executions", controls), ("agent-runs", agents),
            ("alerts", alerts), ("pilots", pilots), ("freshness", lags),
        };

    [Property(MaxTest = 50)]
    public Property ShareMetrics_WhenSufficient_ShouldBeWithinZeroAndOneWithNumeratorAtMostDenominator() =>
        Prop.ForAll(Arb.From(AllKinds), files =>
        {
            var run = PropertyFixtures.Run(MetricPolicySet.Compiled, [.. files.Select(f => (f.Kind, (IEnumerable<string>)f.Records))]);
            foreach (var name in MetricPolicySet.ShareGates)
            {
                var gate = run.Gate(name);
                if (gate.Status == GateStatus.InsufficientEvidence)
                {
                    Assert.Null(gate.ObservedValue);
                    continue;
                }

                Assert.Equal(GateStatus.Pass, gate.Status);
                var metric = Assert.Single(gate.Metrics);
                Assert.InRange(gate.ObservedValue!.Value, 0.0, 1.0);
                Assert.NotNull(metric.Numerator);
                Assert.NotNull(metric.Denominator);
                Assert.InRange(metric.Numerator!.Value, 0.0, metric.Denominator!.Value);
                Assert.True(metric.Denominator > 0, $"{name}: a sufficient share has a positive denominator");
                Assert.Equal(metric.Numerator.Value / metric.Denominator.Value, gate.ObservedValue.Value);
            }
        });
}
