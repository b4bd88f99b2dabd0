// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

namespace AiOpsPolicy.Core.Results;

/// <summary>Control coverage for one period (and, when grouped, one team or enforcement point). Counts are observations: one per control per recorded run.</summary>
/// <param name="PeriodStart">The first day (UTC) of the week (a Monday) or month.</param>
/// <param name="Group">The team or enforcement point, or <see langword="null"/> when not grouped.</param>
/// <param name="Observations">Control observations in the period.</param>
/// <param name="AutomatedAndEvidenced">Observations declared automated and evidenced.</param>
/// <param name="DeclaredOnly">Observations declared automated but not evidenced.</param>
/// <param name="NotAutomated">Observations not declared automated.</param>
public sealed record CoverageRow(DateOnly PeriodStart, string? Group, int Observations, int AutomatedAndEvidenced, int DeclaredOnly, int NotAutomated)
{
    /// <summary>Gets the share of observations that were automated and evidenced (0 when there are none).</summary>
    public double AutomatedShare => Observations == 0 ? 0 : (double)AutomatedAndEvidenced / Observations;
}
