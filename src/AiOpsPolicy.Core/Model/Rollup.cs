// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using System.Collections.Immutable;
using AiOpsPolicy.Core.Syntax;

namespace AiOpsPolicy.Core.Model;

/// <summary>
/// A roll-up: one metric evaluated at several levels (step, workflow, team, organisation for SLA
/// attainment; control, team, organisation for compliance coverage), each level with its own bound.
/// Every (level, entity) pair becomes a result of its own, named <c>rollup/level/entity</c>.
/// </summary>
public sealed class Rollup : PolicyObject
{
    internal Rollup(PolicyMetadata metadata, YamlMapping node)
        : base(metadata, node)
    {
    }

    /// <inheritdoc />
    public override PolicyKind Kind => PolicyKind.Rollup;

    /// <summary>Gets the metric rolled up: SlaAttainment or ComplianceCoverage.</summary>
    public string Metric { get; init; } = string.Empty;

    /// <summary>Gets the window, if the roll-up states one (otherwise the set's default window).</summary>
    public TimeSpan? Window { get; init; }

    /// <summary>Gets what a failing entity does.</summary>
    public GateSeverity Severity { get; init; } = GateSeverity.Block;

    /// <summary>Gets the levels and their bounds, from the finest level to the organisation.</summary>
    public ImmutableArray<RollupLevel> Levels { get; init; } = [];
}

/// <summary>One level of a roll-up and the bound every entity at that level must meet.</summary>
/// <param name="Level">The level.</param>
/// <param name="Bound">The bound.</param>
public sealed record RollupLevel(RollupLevelKind Level, GateBound Bound);

/// <summary>The levels a roll-up can evaluate a metric at, from the finest to the whole.</summary>
public enum RollupLevelKind
{
    /// <summary>One step of a workflow (SLA attainment).</summary>
    Step,

    /// <summary>One workflow, end to end (SLA attainment).</summary>
    Workflow,

    /// <summary>One control (compliance coverage).</summary>
    Control,

    /// <summary>The workflows or controls with the same <c>metadata.owner</c>.</summary>
    Team,

    /// <summary>Everything the metric covers.</summary>
    Organisation,
}

/// <summary>The metrics a roll-up can evaluate, and the levels each has.</summary>
public static class RollupMetrics
{
    /// <summary>SLA attainment: step, workflow, team (workflow owner), organisation.</summary>
    public const string SlaAttainment = "SlaAttainment";

    /// <summary>Compliance coverage: control, team (control owner), organisation.</summary>
    public const string ComplianceCoverage = "ComplianceCoverage";

    /// <summary>The team of an entity without <c>metadata.owner</c>.</summary>
    public const string Unowned = "unowned";

    /// <summary>The levels a metric has, finest first; empty for a metric a roll-up cannot evaluate.</summary>
    /// <param name="metric">The metric's name.</param>
    /// <returns>The levels.</returns>
    public static ImmutableArray<RollupLevelKind> Levels(string metric) => metric switch
    {
        SlaAttainment => [RollupLevelKind.Step, RollupLevelKind.Workflow, RollupLevelKind.Team, RollupLevelKind.Organisation],
        ComplianceCoverage => [RollupLevelKind.Control, RollupLevelKind.Team, RollupLevelKind.Organisation],
        _ => [],
    };

    /// <summary>The level as policies and result names write it: step, workflow, control, team, organisation.</summary>
    /// <param name="level">The level.</param>
    /// <returns>The word.</returns>
    public static string ToText(this RollupLevelKind level) => level.ToString().ToLowerInvariant();
}
