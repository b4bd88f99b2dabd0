// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

namespace AiOpsPolicy.History.Trends;

/// <summary>Control coverage for one week (and, when grouped, one enforcement point). Counts are observations: one per control per recorded run.</summary>
/// <param name="WeekStart">The Monday (UTC) the week starts on.</param>
/// <param name="EnforcementPoint">The enforcement point (the team, when grouped by team), or <see langword="null"/> when not grouped by it.</param>
/// <param name="Observations">Control observations in the week.</param>
/// <param name="AutomatedAndEvidenced">Observations declared automated and evidenced.</param>
/// <param name="DeclaredOnly">Observations declared automated but not evidenced.</param>
/// <param name="NotAutomated">Observations not declared automated.</param>
public sealed record CoveragePoint(DateOnly WeekStart, string? EnforcementPoint, int Observations, int AutomatedAndEvidenced, int DeclaredOnly, int NotAutomated);
