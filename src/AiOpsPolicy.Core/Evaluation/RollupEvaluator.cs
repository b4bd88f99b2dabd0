// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using System.Collections.Immutable;
using AiOpsPolicy.Core.Evidence;
using AiOpsPolicy.Core.Metrics;
using AiOpsPolicy.Core.Model;
using AiOpsPolicy.Core.Results;
using AiOpsPolicy.Core.Syntax;
using AiOpsPolicy.Core.Units;

namespace AiOpsPolicy.Core.Evaluation;

/// <summary>
/// Evaluates roll-ups into ordinary gate results, one per (level, entity). Entities pool their
/// leaves' numerators and denominators (runs that met the SLA over runs; evidenced controls over
/// required controls): a team of a busy workflow and a quiet one weighs each run, not each workflow.
/// SLA leaves are metric requests prefetched with the gates' own, in the same pass over the runs;
/// compliance leaves come from the run's control coverage, computed once.
/// </summary>
internal static class RollupEvaluator
{
    /// <summary>The metric requests every roll-up needs, for the prefetch.</summary>
    /// <param name="policies">The policy set.</param>
    /// <returns>The requests.</returns>
    public static IEnumerable<MetricRequest> Requests(PolicySet policies) =>
        policies.Rollups
            .Where(r => r.Metric == RollupMetrics.SlaAttainment)
            .SelectMany(r => RollupEntities.Of(r, policies.Workflows, policies.Controls)
                .SelectMany(e => e.Members.SelectMany(m => m.Leaves))
                .Select(l => Request(r, l, policies)))
            .Distinct();

    /// <summary>Evaluates every roll-up of the set, in declaration order.</summary>
    /// <param name="policies">The policy set.</param>
    /// <param name="scope">The run's scope, whose metric engine holds the prefetched leaves.</param>
    /// <param name="controls">The run's control coverage.</param>
    /// <returns>One result per (level, entity).</returns>
    public static IEnumerable<GateResult> Evaluate(PolicySet policies, EvaluationScope scope, ImmutableArray<ControlCoverage> controls)
    {
        var coverage = controls.ToDictionary(c => c.Name, StringComparer.Ordinal);
        foreach (var rollup in policies.Rollups)
        {
            foreach (var entity in RollupEntities.Of(rollup, policies.Workflows, policies.Controls))
            {
                yield return Evaluate(rollup, entity, policies, scope, coverage);
            }
        }
    }

    private static SlaAttainmentRequest Request(Rollup rollup, RollupLeaf leaf, PolicySet policies) =>
        new(leaf.Workflow ?? leaf.Name, leaf.Step, new Window(rollup.Window ?? policies.DefaultWindow));

    private static GateResult Evaluate(Rollup rollup, RollupEntity entity, PolicySet policies, EvaluationScope scope, Dictionary<string, ControlCoverage> coverage)
    {
        var sla = rollup.Metric == RollupMetrics.SlaAttainment;
        // SLA leaves read runs listed or counted (either form will do); compliance reads control executions.
        EvidenceKind[] read = sla ? [EvidenceKind.WorkflowRuns, EvidenceKind.WorkflowRunCounts] : [EvidenceKind.ControlExecutions];
        var shown = read.Where(scope.Evidence.Has).DefaultIfEmpty(read[0]).ToList();
        var level = entity.Level.Level;
        var metric = level == RollupLevelKind.Organisation ? $"{rollup.Metric}(organisation)" : $"{rollup.Metric}({level.ToText()}: {entity.Name})";
        var bound = entity.Level.Bound;
        var levels = (rollup.Node["spec"] as YamlMapping)?["levels"] as YamlMapping;
        var result = new GateResult
        {
            Gate = entity.ResultName,
            Description = rollup.Metadata.Description,
            Severity = rollup.Severity,
            Status = GateStatus.InsufficientEvidence,
            Bound = bound.ToString(),
            Explanation = string.Empty,
            EvidenceKinds = [.. shown.Select(EvidenceKinds.Name)],
            EvidenceFiles = [.. shown.SelectMany(scope.Evidence.FilesOf).OrderBy(f => f.Path, StringComparer.Ordinal)],
            Location = (levels?[level.ToText()] ?? rollup.Node).Location,
        };

        try
        {
            if (scope.Insufficiency(read, anyKindSuffices: true) is { } problem)
            {
                throw new InsufficientEvidenceException(problem);
            }

            var members = entity.Members.Select(m => Pool(m.Name, m.Leaves.Select(l => Measure(rollup, l, policies, scope, coverage)))).ToList();
            var total = Pool(entity.Name, members);
            var what = sla ? Runs(rollup, entity, policies) : Controls(entity);
            if (total.Denominator == 0)
            {
                return result with { Explanation = $"Insufficient evidence: no {what}" };
            }

            var value = total.Numerator / total.Denominator;
            var within = bound.Contains(value);
            var display = UnitFormat.Percentage(value);
            var counts = sla
                ? $"{MetricText.Count(total.Numerator)} of {MetricText.Count(total.Denominator)} {what} met their SLA"
                : $"{MetricText.Count(total.Numerator)} of {MetricText.Count(total.Denominator)} {what} automated and evidenced";
            var pooled = level is RollupLevelKind.Team or RollupLevelKind.Organisation ? ", pooled" : string.Empty;
            var explanation = $"{display} is {(within ? "within" : "outside")} the bound {bound}: {counts}{pooled}{PulledDownBy(level, total, members)}";
            return result with
            {
                Status = within ? GateStatus.Pass : rollup.Severity == GateSeverity.Warn ? GateStatus.Warn : GateStatus.Fail,
                Observed = display,
                ObservedValue = value,
                Explanation = explanation,
                Metrics = [new MetricResult(metric, display, total.Numerator, total.Denominator, (long)total.Denominator, counts, MetricText.Sample(total.Failing), [])],
            };
        }
        catch (InsufficientEvidenceException ex)
        {
            return result with { Explanation = "Insufficient evidence: " + ex.Message };
        }
    }

    /// <summary>One leaf's numerator and denominator. A leaf with no runs in the window counts 0 of 0.</summary>
    private static Pooled Measure(Rollup rollup, RollupLeaf leaf, PolicySet policies, EvaluationScope scope, Dictionary<string, ControlCoverage> coverage)
    {
        if (rollup.Metric == RollupMetrics.SlaAttainment)
        {
            var value = scope.Metrics.Get(Request(rollup, leaf, policies));
            return value.IsSufficient
                ? new Pooled(leaf.Name, value.Numerator ?? 0, value.Denominator ?? 0, value.FailingRecords)
                : new Pooled(leaf.Name, 0, 0, []);
        }

        var evidenced = coverage.TryGetValue(leaf.Name, out var control) && control.Evidenced;
        return new Pooled(leaf.Name, evidenced ? 1 : 0, 1, evidenced ? [] : [leaf.Name]);
    }

    private static Pooled Pool(string name, IEnumerable<Pooled> parts)
    {
        var list = parts.ToList();
        return new Pooled(name, list.Sum(p => p.Numerator), list.Sum(p => p.Denominator), [.. list.SelectMany(p => p.Failing)]);
    }

    /// <summary>
    /// At team and organisation level, the member whose removal would raise the pooled value most
    /// (ties: the lower value, then the name), with its own value and the value without it.
    /// </summary>
    private static string PulledDownBy(RollupLevelKind level, Pooled total, List<Pooled> members)
    {
        if (level is not (RollupLevelKind.Team or RollupLevelKind.Organisation))
        {
            return string.Empty;
        }

        var measured = members.Where(m => m.Denominator > 0).ToList();
        if (measured.Count == 1)
        {
            return $"; all from {measured[0].Name}";
        }

        var value = total.Numerator / total.Denominator;
        Pooled? worst = null;
        var worstGain = 0.0;
        foreach (var member in measured)
        {
            var gain = ((total.Numerator - member.Numerator) / (total.Denominator - member.Denominator)) - value;
            if (gain > worstGain + 1e-12
                || (worst is not null && Math.Abs(gain - worstGain) <= 1e-12 && gain > 0 && member.Numerator / member.Denominator < worst.Numerator / worst.Denominator))
            {
                (worst, worstGain) = (member, gain);
            }
        }

        return worst is null
            ? string.Empty
            : $"; pulled down most by {worst.Name}: {UnitFormat.Percentage(worst.Numerator / worst.Denominator)} ({MetricText.Count(worst.Numerator)}/{MetricText.Count(worst.Denominator)}), {UnitFormat.Percentage(value + worstGain)} without it";
    }

    private static string Runs(Rollup rollup, RollupEntity entity, PolicySet policies)
    {
        var window = new Window(rollup.Window ?? policies.DefaultWindow).Describe();
        return entity.Level.Level switch
        {
            RollupLevelKind.Step => $"{entity.Name} runs in {window}",
            RollupLevelKind.Workflow => $"{entity.Name} runs in {window}",
            RollupLevelKind.Team => $"runs of {Plural(entity.Members.Length, "workflow")} owned by {entity.Name} in {window}",
            _ => $"runs of {Plural(entity.Members.Sum(m => m.Leaves.Length), "workflow")} across {Plural(entity.Members.Length, "team")} in {window}",
        };
    }

    private static string Controls(RollupEntity entity) => entity.Level.Level switch
    {
        RollupLevelKind.Control => $"required control {entity.Name}",
        RollupLevelKind.Team => $"required controls owned by {entity.Name}",
        _ => $"required controls across {Plural(entity.Members.Length, "team")}",
    };

    private static string Plural(int count, string noun) => count == 1 ? $"1 {noun}" : $"{count} {noun}s";

    private sealed record Pooled(string Name, double Numerator, double Denominator, ImmutableArray<string> Failing);
}
