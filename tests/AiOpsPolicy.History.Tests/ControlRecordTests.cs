// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using AiOpsPolicy.Core.Oscal;
using AiOpsPolicy.History.Runs;

namespace AiOpsPolicy.History.Tests;

public sealed class ControlRecordTests
{
    [Fact]
    public void ToControlCoverage_WhenFedToCatalogCoverage_ShouldApplyTheSameAutomatedRuleAsAGateRun()
    {
        // Given: a stored run's controls and a three-control baseline.
        var catalog = new OscalControlSet("Baseline", [new OscalControl("ac-2", "Account Management"), new OscalControl("cm-3", null), new OscalControl("si-4", null)]);
        ControlRecord[] controls =
        [
            new("eval-suite", true, true, true, ["ci"], ["AC-2"], "ml-platform"),
            new("red-team", true, true, false, ["deploy"], ["cm-3", "zz-9"]),
        ];

        // When
        var report = CatalogCoverage.Compute([.. controls.Select(c => c.ToControlCoverage())], catalog);

        // Then
        Assert.Equal(
            [CatalogControlStatus.Automated, CatalogControlStatus.DeclaredOnly, CatalogControlStatus.Missing],
            report.Controls.Select(c => c.Status));
        Assert.Equal<string>(["eval-suite"], report.Controls[0].DeclaredBy);
        Assert.Equal<string>(["zz-9"], report.UnknownIds);
        Assert.Equal("ml-platform", controls[0].ToControlCoverage().Owner);
        Assert.Equal("helpdesk/eval-suite", controls[0].ToControlCoverage("helpdesk/eval-suite").Name);
    }
}
