// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using AiOpsPolicy.Core.Evaluation;
using AiOpsPolicy.Core.Evidence;
using AiOpsPolicy.Core.Model;
using AiOpsPolicy.Core.Units;

namespace AiOpsPolicy.Core.Metrics;

/// <summary>Reliability: SLA attainment, incident rate and time to recover.</summary>
internal static class ReliabilityMetrics
{
    /// <summary>The incident causes that count towards the incident rate: the ones a change of ours can fix.</summary>
    private static readonly IncidentCause[] ChangeCauses = [IncidentCause.Model, IncidentCause.DataPipeline, IncidentCause.Prompt, IncidentCause.WorkflowLogic];

    public static MetricValue SlaAttainment(EvaluationScope scope, string workflowName, string? step, Window window)
    {
        var name = MetricText.Scope("SlaAttainment", workflowName, step);
        return scope.Metric($"{name}|{window}", () =>
        {
            var workflow = scope.Policies.Workflows.FirstOrDefault(w => w.Name == workflowName)
                ?? throw new ArgumentException($"no workflow named '{workflowName}' is declared");
            SlaTarget sla;
            if (step is null)
            {
                sla = workflow.Sla;
            }
            else
            {
                sla = (workflow.FindStep(step) ?? throw new ArgumentException($"workflow '{workflowName}' has no step '{step}'")).Sla;
            }

            if (sla.Time is null && sla.Quality is null)
            {
                throw new ArgumentException($"{(step is null ? $"workflow '{workflowName}'" : $"step '{step}' of workflow '{workflowName}'")} declares no SLA time or quality target to attain");
            }

            var runs = scope.Require<WorkflowRun>(EvidenceKind.WorkflowRuns);
            var (start, end) = window.Resolve(scope.Now);
            var total = 0;
            var met = 0;
            var missed = new List<string>();
            foreach (var run in runs)
            {
                if (run.Workflow != workflowName || run.Step != step || run.EndedAt < start || run.EndedAt >= end)
                {
                    continue;
                }

                total++;
                if ((sla.Time is not { } time || run.Duration <= time) && (sla.Quality is not { } quality || run.Outcome == quality))
                {
                    met++;
                }
                else
                {
                    missed.Add(run.Id);
                }
            }

            var targets = string.Join(" and ", new[] { sla.Time is { } t ? "within " + UnitFormat.Duration(t) : null, sla.Quality }.Where(x => x is not null));
            var what = step is null ? $"{workflowName} runs" : $"{workflowName}/{step} runs";
            if (total == 0)
            {
                return MetricValue.Insufficient(name, QuantityKind.Percentage, $"no {what} ended in {window.Describe()}");
            }

            var share = (double)met / total;
            return MetricValue.Of(name, QuantityKind.Percentage, share, $"{UnitFormat.Percentage(share)} of {MetricText.Count(total)} {what} in {window.Describe()} met {targets} ({met}/{total})")
                with
            {
                Numerator = met,
                Denominator = total,
                SampleSize = total,
                FailingRecords = MetricText.Sample(missed),
            };
        });
    }

    public static MetricValue IncidentRate(EvaluationScope scope, string? workflow, Window window)
    {
        var name = MetricText.Scope("IncidentRate", workflow);
        return scope.Metric($"{name}|{window}", () =>
        {
            var incidents = scope.Require<Incident>(EvidenceKind.Incidents);
            var volumes = scope.Require<TransactionVolume>(EvidenceKind.Transactions);
            var (start, end) = window.Resolve(scope.Now);
            var counted = incidents
                .Where(i => (workflow is null || i.Workflow == workflow) && i.DetectedAt >= start && i.DetectedAt < end && i.RequiredChange && ChangeCauses.Contains(i.Cause))
                .ToList();
            var transactions = volumes
                .Where(v => (workflow is null || v.Workflow == workflow) && v.PeriodStart >= start && v.PeriodStart < end)
                .Sum(v => v.Count);
            var scopeText = workflow ?? "all workflows";
            if (transactions == 0)
            {
                return MetricValue.Insufficient(name, QuantityKind.Number, $"no {scopeText} transactions recorded in {window.Describe()}, so no rate per 1,000 can be computed");
            }

            var rate = counted.Count * 1000.0 / transactions;
            return MetricValue.Of(name, QuantityKind.Number, rate, $"{UnitFormat.Number(rate)} incidents per 1,000 transactions: {counted.Count} change-requiring incident(s) over {MetricText.Count(transactions)} {scopeText} transactions in {window.Describe()}")
                with
            {
                Numerator = counted.Count,
                Denominator = transactions,
                SampleSize = counted.Count,
                FailingRecords = MetricText.Sample(counted.Select(i => i.Id)),
            };
        });
    }

    public static MetricValue MeanTimeToRecover(EvaluationScope scope, string? workflow, Window window)
    {
        var name = MetricText.Scope("MeanTimeToRecover", workflow);
        return scope.Metric($"{name}|{window}", () =>
        {
            var incidents = scope.Require<Incident>(EvidenceKind.Incidents);
            var (start, end) = window.Resolve(scope.Now);
            var detected = incidents.Where(i => (workflow is null || i.Workflow == workflow) && i.DetectedAt >= start && i.DetectedAt < end).ToList();
            var recovered = detected.Where(i => i.RecoveredAt is not null).ToList();
            var open = detected.Count - recovered.Count;
            var openText = open > 0 ? $"; {open} still open (not counted)" : string.Empty;
            if (recovered.Count == 0)
            {
                return MetricValue.Insufficient(name, QuantityKind.Duration, $"no incident detected in {window.Describe()} has recovered{openText}");
            }

            var mean = TimeSpan.FromSeconds(recovered.Average(i => ((i.RecoveredAt ?? i.DetectedAt) - i.DetectedAt).TotalSeconds));
            var slowest = recovered.OrderByDescending(i => (i.RecoveredAt ?? i.DetectedAt) - i.DetectedAt).ThenBy(i => i.Id, StringComparer.Ordinal).Select(i => i.Id);
            return MetricValue.Of(name, QuantityKind.Duration, mean.TotalSeconds, $"mean {UnitFormat.Duration(mean)} from detection to recovery over {recovered.Count} incident(s) in {window.Describe()}{openText}")
                with
            {
                SampleSize = recovered.Count,
                FailingRecords = [.. slowest.Take(MetricText.FailingSample)],
            };
        });
    }
}
