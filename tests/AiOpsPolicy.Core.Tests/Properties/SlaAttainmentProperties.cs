// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using AiOpsPolicy.Core.Results;

namespace AiOpsPolicy.Core.Tests.Properties;

/// <summary>SLA attainment moves the right way when one run is added (triage: 1h and outcome ok).</summary>
public sealed class SlaAttainmentProperties
{
    private static readonly Gen<List<string>> BaseRuns = EvidenceGen.Records(12, i => EvidenceGen.WorkflowRun("r" + i));

    /// <summary>A whole run ending in the window within 1h (exactly 1h included) with outcome ok.</summary>
    private static readonly Gen<string> MeetingRun =
        from ended in EvidenceGen.InWindow
        from seconds in Gen.Choose(0, 3600)
        select EvidenceGen.Run("added", null, ended.AddSeconds(-seconds), ended, "ok");

    /// <summary>A whole run ending in the window that took over 1h or had another outcome.</summary>
    private static readonly Gen<string> MissingRun =
        from ended in EvidenceGen.InWindow
        from late in EvidenceGen.Bool
        from seconds in late ? Gen.Choose(3601, 7200) : Gen.Choose(0, 3600)
        from outcome in late ? Gen.Elements("ok", "routed-correctly") : Gen.Elements("routed-correctly", "manual-review-needed")
        select EvidenceGen.Run("added", null, ended.AddSeconds(-seconds), ended, outcome);

    [Property(MaxTest = 50)]
    public Property SlaAttainment_WhenARunThatMeetsTheSlaIsAdded_ShouldNeverGoDown() =>
        Prop.ForAll(Arb.From(Gen.Zip(BaseRuns, MeetingRun)), pair =>
        {
            var (before, after) = Attainment(pair.Item1, pair.Item2);
            Assert.NotNull(after);
            Assert.True(before is null || after >= before, $"{before} -> {after}");
            Assert.True(before is not null || after == 1.0, $"from no run to {after}");
        });

    [Property(MaxTest = 50)]
    public Property SlaAttainment_WhenARunThatMissesTheSlaIsAdded_ShouldNeverGoUp() =>
        Prop.ForAll(Arb.From(Gen.Zip(BaseRuns, MissingRun)), pair =>
        {
            var (before, after) = Attainment(pair.Item1, pair.Item2);
            Assert.NotNull(after);
            Assert.True(before is null || after <= before, $"{before} -> {after}");
            Assert.True(before is not null || after == 0.0, $"from no run to {after}");
        });

    /// <summary>SLA attainment of the triage workflow without and with the added run; null when insufficient.</summary>
    private static (double? Before, double? After) Attainment(List<string> runs, string added)
    {
        var before = PropertyFixtures.Run(MetricPolicySet.Compiled, ("workflow-runs", runs)).Gate("sla");
        var after = PropertyFixtures.Run(MetricPolicySet.Compiled, ("workflow-runs", [.. runs, added])).Gate("sla");
        Assert.Equal(before.Status == GateStatus.InsufficientEvidence, before.ObservedValue is null);
        Assert.Equal(after.Status == GateStatus.InsufficientEvidence, after.ObservedValue is null);
        return (before.ObservedValue, after.ObservedValue);
    }
}
