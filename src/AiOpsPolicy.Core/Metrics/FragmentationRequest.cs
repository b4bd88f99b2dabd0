// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using System.Collections.Immutable;
using AiOpsPolicy.Core.Evidence;
using AiOpsPolicy.Core.Model;
using AiOpsPolicy.Core.Units;

namespace AiOpsPolicy.Core.Metrics;

/// <summary>
/// Metric 6, fragmented-systems index, read from the workflow's declaration rather than from
/// evidence. Systems: the distinct systems from the trigger through the declared systems and the
/// steps' systems. Handoffs: consecutive steps (skipping steps with no system) in different systems,
/// plus the trigger to the first step when they differ. Duplicate sources: systems the workflow reads
/// from more than once, either because more than one declared connector serving the workflow talks
/// to the system or because the system is listed twice in the workflow's systems. System names are
/// compared exactly (ordinal).
/// </summary>
/// <param name="Workflow">The workflow's name.</param>
/// <param name="Measure">Which number is the value; the explanation states all three.</param>
internal sealed record FragmentationRequest(string Workflow, FragmentationMeasure Measure) : MetricRequest
{
    public override ImmutableArray<EvidenceKind> Kinds => KindsRead;

    // Static, so that it takes no part in the record's equality: requests compare by their arguments.
    private static readonly ImmutableArray<EvidenceKind> KindsRead = [];

    public override MetricAggregator CreateAggregator(MetricContext context)
    {
        var workflow = context.Policies.Workflows.FirstOrDefault(w => w.Name == Workflow)
            ?? throw new ArgumentException($"no workflow named '{Workflow}' is declared");
        var connectors = context.Policies.Connectors.Where(c => c.Workflows.Contains(Workflow, StringComparer.Ordinal)).ToList();
        return new Aggregator(this, workflow, connectors);
    }

    private sealed class Aggregator(FragmentationRequest request, Workflow workflow, List<Connector> connectors) : MetricAggregator
    {
        public override MetricValue Complete()
        {
            var (metric, unitWord) = request.Measure switch
            {
                FragmentationMeasure.Systems => ("FragmentationIndex", "distinct systems"),
                FragmentationMeasure.Handoffs => ("Handoffs", "handoffs"),
                _ => ("DuplicateSources", "duplicate sources"),
            };
            var name = MetricText.Scope(metric, request.Workflow);
            var stepSystems = workflow.Steps.Where(s => !string.IsNullOrEmpty(s.System)).Select(s => s.System!).ToList();
            if (workflow.Systems.IsEmpty && stepSystems.Count == 0)
            {
                return MetricValue.Insufficient(name, QuantityKind.Number, $"workflow '{request.Workflow}' declares no systems and none of its steps names a system, so there are no {unitWord} to count");
            }

            // The chain: every system in order of first appearance, from the trigger to reporting.
            var chain = new List<string>();
            foreach (var system in Enumerable.Repeat(workflow.Trigger, 1).Concat(workflow.Systems).Concat(stepSystems))
            {
                if (!string.IsNullOrEmpty(system) && !chain.Contains(system, StringComparer.Ordinal))
                {
                    chain.Add(system);
                }
            }

            var handoffs = new List<string>();
            var previous = string.IsNullOrEmpty(workflow.Trigger) ? null : workflow.Trigger;
            foreach (var system in stepSystems)
            {
                if (previous is not null && !string.Equals(previous, system, StringComparison.Ordinal))
                {
                    handoffs.Add($"{previous} -> {system}");
                }

                previous = system;
            }

            var duplicated = connectors.GroupBy(c => c.System, StringComparer.Ordinal).Where(g => g.Count() > 1).Select(g => g.Key)
                .Concat(workflow.Systems.GroupBy(s => s, StringComparer.Ordinal).Where(g => g.Count() > 1).Select(g => g.Key))
                .Distinct(StringComparer.Ordinal)
                .Order(StringComparer.Ordinal)
                .ToList();

            double value = request.Measure switch
            {
                FragmentationMeasure.Systems => chain.Count,
                FragmentationMeasure.Handoffs => handoffs.Count,
                _ => duplicated.Count,
            };
            var duplicateText = duplicated.Count == 0 ? string.Empty : $" ({string.Join(", ", duplicated)})";
            var explanation = $"{request.Workflow}: {chain.Count} distinct systems, {handoffs.Count} handoffs, {duplicated.Count} duplicate sources{duplicateText}; systems {string.Join(" -> ", chain)}";
            return MetricValue.Of(name, QuantityKind.Number, value, explanation)
                with
            {
                SampleSize = chain.Count,
                FailingRecords = request.Measure switch
                {
                    FragmentationMeasure.Systems => [],
                    FragmentationMeasure.Handoffs => [.. handoffs.Take(MetricText.FailingSample)],
                    _ => [.. duplicated.Take(MetricText.FailingSample)],
                },
            };
        }
    }
}
