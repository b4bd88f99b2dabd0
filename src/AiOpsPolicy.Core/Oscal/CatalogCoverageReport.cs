// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using System.Collections.Immutable;

namespace AiOpsPolicy.Core.Oscal;

/// <summary>Coverage of a framework baseline by the policy set's declared controls.</summary>
/// <param name="Baseline">The baseline's title.</param>
/// <param name="Controls">Every baseline control, in baseline order.</param>
/// <param name="UnknownIds">Catalog ids the declared controls use that the baseline does not hold, sorted.</param>
public sealed record CatalogCoverageReport(string Baseline, ImmutableArray<CatalogControlCoverage> Controls, ImmutableArray<string> UnknownIds)
{
    /// <summary>Gets how many baseline controls are covered by a required, automated and evidenced control.</summary>
    public int Automated => Controls.Count(c => c.Status == CatalogControlStatus.Automated);

    /// <summary>Gets how many baseline controls are mapped only by controls that are not required, automated and evidenced.</summary>
    public int DeclaredOnly => Controls.Count(c => c.Status == CatalogControlStatus.DeclaredOnly);

    /// <summary>Gets how many baseline controls no declared control maps to.</summary>
    public int Missing => Controls.Count(c => c.Status == CatalogControlStatus.Missing);

    /// <summary>Gets the share of baseline controls that are covered and automated (0 for an empty baseline).</summary>
    public double AutomatedShare => Controls.Length == 0 ? 0 : (double)Automated / Controls.Length;
}
