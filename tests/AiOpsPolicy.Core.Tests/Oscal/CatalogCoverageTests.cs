// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using AiOpsPolicy.Core.Oscal;
using AiOpsPolicy.Core.Results;

namespace AiOpsPolicy.Core.Tests.Oscal;

public sealed class CatalogCoverageTests
{
    private static readonly OscalControlSet _baseline = new(
        "Synthetic baseline",
        [
            new OscalControl("ac-2", "Account Management"),
            new OscalControl("ac-2.1", "Automated System Account Management"),
            new OscalControl("ac-3", "Access Enforcement"),
            new OscalControl("au-2", "Event Logging"),
            new OscalControl("sa-5", "System Documentation"),
        ]);

    [Fact]
    public void Compute_WhenGivenASmallSyntheticSet_ShouldMatchTheHandComputedCoverage()
    {
        // Given: ac-2 by an automated+evidenced control (and by a manual one); ac-3 only by an
        // automated control without evidence; sa-5 only by an optional one; au-2 and ac-2.1 by none.
        ControlCoverage[] controls =
        [
            Control("access-rules", required: true, automated: true, evidenced: true, "AC-2", "zz-9"),
            Control("access-review", required: true, automated: false, evidenced: false, "ac-2"),
            Control("enforcement", required: true, automated: true, evidenced: false, "ac-3"),
            Control("docs", required: false, automated: true, evidenced: true, "sa-5", "aa-1"),
        ];

        // When
        var report = CatalogCoverage.Compute(controls, _baseline);

        // Then
        Assert.Equal("Synthetic baseline", report.Baseline);
        Assert.Equal(
            [
                ("ac-2", CatalogControlStatus.Automated),
                ("ac-2.1", CatalogControlStatus.Missing),
                ("ac-3", CatalogControlStatus.DeclaredOnly),
                ("au-2", CatalogControlStatus.Missing),
                ("sa-5", CatalogControlStatus.DeclaredOnly),
            ],
            report.Controls.Select(c => (c.Id, c.Status)));
        Assert.Equal<string>(["access-review", "access-rules"], report.Controls[0].DeclaredBy);
        Assert.Equal(1, report.Automated);
        Assert.Equal(2, report.DeclaredOnly);
        Assert.Equal(2, report.Missing);
        Assert.Equal(0.2, report.AutomatedShare, 12);
        Assert.Equal<string>(["aa-1", "zz-9"], report.UnknownIds);
    }

    [Fact]
    public void Compute_WhenNoControlsAreDeclared_ShouldReportEverythingMissing()
    {
        // Given
        ControlCoverage[] controls = [];

        // When
        var report = CatalogCoverage.Compute(controls, _baseline);

        // Then
        Assert.Equal(5, report.Missing);
        Assert.Equal(0, report.AutomatedShare);
        Assert.Empty(report.UnknownIds);
    }

    [Fact]
    public void Compute_WhenGivenTheHelpdeskRunAndTheModerateBaseline_ShouldCountAgainst287Controls()
    {
        // Given
        var baseline = OscalControlSet.LoadCatalog(OscalTestData.ModerateCatalog);
        var controls = HelpdeskRun.Controls;
        var automatedIds = controls.Where(CatalogCoverage.IsAutomatedAndEvidenced).SelectMany(c => c.CatalogIds).ToHashSet(StringComparer.Ordinal);
        var declaredIds = controls.SelectMany(c => c.CatalogIds).ToHashSet(StringComparer.Ordinal);

        // When
        var report = CatalogCoverage.Compute(controls, baseline);

        // Then
        Assert.Equal(287, report.Controls.Length);
        Assert.Empty(report.UnknownIds);
        Assert.Equal(16, declaredIds.Count);
        Assert.Equal(15, report.Automated);
        Assert.Equal(automatedIds.Count, report.Automated);
        Assert.Equal(16 - automatedIds.Count, report.DeclaredOnly);
        Assert.Equal(287 - 16, report.Missing);
        Assert.Equal(CatalogControlStatus.DeclaredOnly, report.Controls.Single(c => c.Id == "sa-5").Status);
        Assert.Equal((double)automatedIds.Count / 287, report.AutomatedShare, 12);
    }

    private static ControlCoverage Control(string name, bool required, bool automated, bool evidenced, params string[] catalogIds) =>
        new(name, null, required, automated, evidenced, null, null, [], [.. catalogIds]);
}
