// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using AiOpsPolicy.Core.Evaluation;
using AiOpsPolicy.Core.Evidence;
using AiOpsPolicy.Core.Units;

namespace AiOpsPolicy.Core.Metrics;

/// <summary>Risk: compliance automation coverage and the responsible-AI scorecard.</summary>
internal static class RiskMetrics
{
    public static MetricValue ComplianceCoverage(EvaluationScope scope)
    {
        const string Name = "ComplianceCoverage";
        return scope.Metric(Name, () =>
        {
            var required = scope.Policies.Controls.Where(c => c.Required).OrderBy(c => c.Name, StringComparer.Ordinal).ToList();
            if (required.Count == 0)
            {
                return MetricValue.Insufficient(Name, QuantityKind.Percentage, "no control is declared required, so there is no coverage to measure");
            }

            var executions = scope.Require<ControlExecution>(EvidenceKind.ControlExecutions);
            var evidenced = new List<string>();
            var declaredOnly = new List<string>();
            var manual = new List<string>();
            foreach (var control in required)
            {
                if (!control.Automated)
                {
                    manual.Add(control.Name);
                    continue;
                }

                var cadence = control.Cadence ?? scope.Policies.DefaultWindow;
                var since = scope.Now - cadence;
                var ran = executions.Any(e => e.Control == control.Name && e.Mode == ExecutionMode.Automated
                    && e.Outcome != ExecutionOutcome.Error && e.RanAt >= since && e.RanAt <= scope.Now);
                (ran ? evidenced : declaredOnly).Add(control.Name);
            }

            var share = (double)evidenced.Count / required.Count;
            var parts = new List<string> { $"{evidenced.Count} of {required.Count} required controls automated and evidenced" };
            if (declaredOnly.Count > 0)
            {
                parts.Add($"declared automated but no automated run within cadence: {string.Join(", ", declaredOnly)}");
            }

            if (manual.Count > 0)
            {
                parts.Add($"manual: {string.Join(", ", manual)}");
            }

            return MetricValue.Of(Name, QuantityKind.Percentage, share, string.Join("; ", parts))
                with
            {
                Numerator = evidenced.Count,
                Denominator = required.Count,
                SampleSize = required.Count,
                FailingRecords = MetricText.Sample(declaredOnly.Concat(manual)),
            };
        });
    }

    public static MetricValue RaiScorecard(EvaluationScope scope, PolicyContext context, string rubricName)
    {
        var name = MetricText.Scope("RaiScorecard", rubricName);
        return scope.Metric(name, () =>
        {
            var rubricIndex = scope.Policies.Rubrics.IndexOf(scope.Policies.Rubrics.FirstOrDefault(r => r.Name == rubricName) ?? throw new ArgumentException($"no rubric named '{rubricName}' is declared"));
            var rubric = scope.Policies.Rubrics[rubricIndex];
            var firstCheck = scope.Policies.Rubrics.Take(rubricIndex).Sum(r => r.Checks.Length);
            var evaluations = scope.Require<ModelEvaluation>(EvidenceKind.ModelEvaluations);
            var latest = evaluations
                .GroupBy(e => e.Model, StringComparer.Ordinal)
                .ToDictionary(g => g.Key, g => g.OrderByDescending(e => e.EvaluatedAt).ThenByDescending(e => e.Version, StringComparer.Ordinal).First(), StringComparer.Ordinal);
            var models = rubric.Models.IsEmpty ? [.. latest.Keys.Order(StringComparer.Ordinal)] : rubric.Models.Order(StringComparer.Ordinal).ToList();
            if (models.Count == 0)
            {
                return MetricValue.Insufficient(name, QuantityKind.Percentage, "no model evaluations were supplied");
            }

            var failures = new List<string>();
            var passing = 0;
            foreach (var model in models)
            {
                if (!latest.TryGetValue(model, out var evaluation))
                {
                    failures.Add($"{model}: not evaluated");
                    continue;
                }

                var failed = new List<string>();
                for (var i = 0; i < rubric.Checks.Length; i++)
                {
                    var check = rubric.Checks[i];
                    try
                    {
                        if (!context.EvaluateRubricCheck(firstCheck + i, evaluation))
                        {
                            failed.Add(check.Name);
                        }
                    }
                    catch (InsufficientEvidenceException ex)
                    {
                        failed.Add($"{check.Name} (no evidence: {ex.Message})");
                    }
                }

                if (failed.Count == 0)
                {
                    passing++;
                }
                else
                {
                    failures.Add($"{model}@{evaluation.Version} failed {string.Join(", ", failed)}");
                }
            }

            var share = (double)passing / models.Count;
            var detail = failures.Count == 0 ? string.Empty : "; " + string.Join("; ", failures.Take(MetricText.FailingSample));
            return MetricValue.Of(name, QuantityKind.Percentage, share, $"{passing} of {models.Count} model(s) pass every check of rubric '{rubricName}' ({UnitFormat.Percentage(share)}){detail}")
                with
            {
                Numerator = passing,
                Denominator = models.Count,
                SampleSize = models.Count,
                FailingRecords = MetricText.Sample(failures.Select(f => f.Split(':', '@')[0])),
            };
        });
    }
}
