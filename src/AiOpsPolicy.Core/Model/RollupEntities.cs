// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using System.Collections.Immutable;

namespace AiOpsPolicy.Core.Model;

/// <summary>
/// Who belongs to each level of a roll-up, known from the policy set alone (so that validation can
/// resolve a waiver of a roll-up result before anything is evaluated).
/// <list type="bullet">
/// <item>SlaAttainment: a step entity per workflow step with an SLA time or quality (its step runs);
/// a workflow entity per workflow with an end-to-end SLA (its whole runs); a team entity per owner of
/// such workflows, whose members are its workflows; one organisation entity whose members are the teams.</item>
/// <item>ComplianceCoverage: a control entity per required control; a team entity per owner of
/// required controls, whose members are its controls; one organisation entity whose members are the teams.</item>
/// </list>
/// A document without <c>metadata.owner</c> belongs to the team <c>unowned</c>.
/// </summary>
internal static class RollupEntities
{
    /// <summary>The entities of every level the roll-up declares, level by level (finest first), then by name.</summary>
    /// <param name="rollup">The roll-up.</param>
    /// <param name="workflows">The set's workflows.</param>
    /// <param name="controls">The set's controls.</param>
    /// <returns>The entities.</returns>
    public static IEnumerable<RollupEntity> Of(Rollup rollup, IEnumerable<Workflow> workflows, IEnumerable<Control> controls)
    {
        var leaves = Leaves(rollup.Metric, workflows, controls);
        foreach (var level in rollup.Levels)
        {
            foreach (var entity in At(rollup, level, leaves))
            {
                yield return entity;
            }
        }
    }

    /// <summary>The result names of every entity of the roll-up: <c>rollup/level/entity</c>, and <c>rollup/organisation</c>.</summary>
    /// <param name="rollup">The roll-up.</param>
    /// <param name="workflows">The set's workflows.</param>
    /// <param name="controls">The set's controls.</param>
    /// <returns>The names.</returns>
    public static IEnumerable<string> Names(Rollup rollup, IEnumerable<Workflow> workflows, IEnumerable<Control> controls) =>
        Of(rollup, workflows, controls).Select(e => e.ResultName);

    private static IEnumerable<RollupEntity> At(Rollup rollup, RollupLevel level, LeafSet leaves)
    {
        switch (level.Level)
        {
            case RollupLevelKind.Step:
                return leaves.Steps.Select(s => Entity(rollup, level, $"{s.Workflow}/{s.Step}", [new RollupMember($"{s.Workflow}/{s.Step}", [s])]));
            case RollupLevelKind.Workflow:
            case RollupLevelKind.Control:
                return leaves.Units.Select(u => Entity(rollup, level, u.Leaf.Name, [u.Leaf.AsMember()]));
            case RollupLevelKind.Team:
                return Teams(leaves).Select(t => Entity(rollup, level, t.Key, [.. t.Value.Select(l => l.AsMember())]));
            case RollupLevelKind.Organisation:
                return [Entity(rollup, level, "organisation", [.. Teams(leaves).Select(t => new RollupMember(t.Key, [.. t.Value]))])];
            default:
                return [];
        }
    }

    private static SortedDictionary<string, List<RollupLeaf>> Teams(LeafSet leaves)
    {
        var teams = new SortedDictionary<string, List<RollupLeaf>>(StringComparer.Ordinal);
        foreach (var (owner, leaf) in leaves.Units)
        {
            if (!teams.TryGetValue(owner, out var members))
            {
                members = [];
                teams.Add(owner, members);
            }

            members.Add(leaf);
        }

        return teams;
    }

    private static RollupEntity Entity(Rollup rollup, RollupLevel level, string name, ImmutableArray<RollupMember> members) =>
        new(level, name, level.Level == RollupLevelKind.Organisation ? $"{rollup.Name}/organisation" : $"{rollup.Name}/{level.Level.ToText()}/{name}", members);

    private static LeafSet Leaves(string metric, IEnumerable<Workflow> workflows, IEnumerable<Control> controls)
    {
        static bool HasSla(SlaTarget sla) => sla.Time is not null || sla.Quality is not null;
        var steps = new List<RollupLeaf>();
        var units = new List<(string Owner, RollupLeaf Leaf)>();
        if (metric == RollupMetrics.SlaAttainment)
        {
            foreach (var workflow in workflows.OrderBy(w => w.Name, StringComparer.Ordinal))
            {
                steps.AddRange(workflow.Steps.Where(s => HasSla(s.Sla)).OrderBy(s => s.Name, StringComparer.Ordinal).Select(s => new RollupLeaf(workflow.Name, workflow.Name, s.Name)));
                if (HasSla(workflow.Sla))
                {
                    units.Add((workflow.Metadata.Owner ?? RollupMetrics.Unowned, new RollupLeaf(workflow.Name, workflow.Name, null)));
                }
            }
        }
        else if (metric == RollupMetrics.ComplianceCoverage)
        {
            units.AddRange(controls.Where(c => c.Required).OrderBy(c => c.Name, StringComparer.Ordinal).Select(c => (c.Metadata.Owner ?? RollupMetrics.Unowned, new RollupLeaf(c.Name, null, null))));
        }

        return new LeafSet(steps, units);
    }

    private sealed record LeafSet(List<RollupLeaf> Steps, List<(string Owner, RollupLeaf Leaf)> Units);
}

/// <summary>One entity of a roll-up level: what is pooled, and the members that are named when one pulls it down.</summary>
/// <param name="Level">The level and its bound.</param>
/// <param name="Name">The entity's name: a workflow/step, workflow, control or team; <c>organisation</c>.</param>
/// <param name="ResultName">The name its result carries.</param>
/// <param name="Members">Its members, each with the leaves it pools.</param>
internal sealed record RollupEntity(RollupLevel Level, string Name, string ResultName, ImmutableArray<RollupMember> Members);

/// <summary>A member of an entity (a workflow or control of a team, a team of the organisation) and its leaves.</summary>
/// <param name="Name">The member's name.</param>
/// <param name="Leaves">The leaves it pools.</param>
internal sealed record RollupMember(string Name, ImmutableArray<RollupLeaf> Leaves);

/// <summary>The finest unit a roll-up measures: a step's runs, a workflow's whole runs, or a control.</summary>
/// <param name="Name">The leaf's name (a workflow or a control).</param>
/// <param name="Workflow">The workflow, for SLA attainment.</param>
/// <param name="Step">The step, for a step's runs.</param>
internal sealed record RollupLeaf(string Name, string? Workflow, string? Step)
{
    /// <summary>The leaf as a member of its own.</summary>
    /// <returns>The member.</returns>
    public RollupMember AsMember() => new(Name, [this]);
}
