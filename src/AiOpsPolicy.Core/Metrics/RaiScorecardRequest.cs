// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using System.Collections.Immutable;
using AiOpsPolicy.Core.Evidence;
using AiOpsPolicy.Core.Units;

namespace AiOpsPolicy.Core.Metrics;

/// <summary>
/// Metric 10, responsible-AI scorecard: the share of models whose latest evaluation (by evaluation
/// time, then version) passes every check of a rubric. A model the rubric names but nobody
/// evaluated fails; a check whose evidence is missing fails, saying so.
/// </summary>
/// <param name="Rubric">The rubric's name.</param>
internal sealed record RaiScorecardRequest(string Rubric) : MetricRequest
{
    public override ImmutableArray<EvidenceKind> Kinds => KindsRead;

    // Static, so that it takes no part in the record's equality: requests compare by their arguments.
    private static readonly ImmutableArray<EvidenceKind> KindsRead = [EvidenceKind.ModelEvaluations];

    public override MetricAggregator CreateAggregator(MetricContext context)
    {
        var rubrics = context.Policies.Rubrics;
        var index = rubrics.IndexOf(rubrics.FirstOrDefault(r => r.Name == Rubric) ?? throw new ArgumentException($"no rubric named '{Rubric}' is declared"));
        return new Aggregator(this, context, index, rubrics.Take(index).Sum(r => r.Checks.Length));
    }

    private sealed class Aggregator(RaiScorecardRequest request, MetricContext context, int rubricIndex, int firstCheck) : MetricAggregator
    {
        private readonly Dictionary<string, ModelEvaluation> _latest = new(StringComparer.Ordinal);

        public override void Add(ModelEvaluation record)
        {
            // An evaluation dated after the evaluation time did not exist yet at that time.
            if (record.EvaluatedAt > context.Now)
            {
                return;
            }

            if (!_latest.TryGetValue(record.Model, out var current) || record.EvaluatedAt > current.EvaluatedAt
                || (record.EvaluatedAt == current.EvaluatedAt && ModelVersion.Comparer.Compare(record.Version, current.Version) > 0))
            {
                _latest[record.Model] = record;
            }
        }

        public override MetricValue Complete()
        {
            var rubric = context.Policies.Rubrics[rubricIndex];
            var name = MetricText.Scope("RaiScorecard", request.Rubric);
            var models = rubric.Models.IsEmpty ? [.. _latest.Keys.Order(StringComparer.Ordinal)] : rubric.Models.Order(StringComparer.Ordinal).ToList();
            if (models.Count == 0)
            {
                return MetricValue.Insufficient(name, QuantityKind.Percentage, "no model evaluations were supplied");
            }

            var failures = new List<(string Model, string Why)>();
            var passing = 0;
            foreach (var model in models)
            {
                if (!_latest.TryGetValue(model, out var evaluation))
                {
                    failures.Add((model, $"{model}: not evaluated"));
                    continue;
                }

                var failed = new List<string>();
                for (var i = 0; i < rubric.Checks.Length; i++)
                {
                    try
                    {
                        if (!context.RubricCheck(firstCheck + i, evaluation))
                        {
                            failed.Add(rubric.Checks[i].Name);
                        }
                    }
                    catch (InsufficientEvidenceException ex)
                    {
                        failed.Add($"{rubric.Checks[i].Name} (no evidence: {ex.Message})");
                    }
                }

                if (failed.Count == 0)
                {
                    passing++;
                }
                else
                {
                    failures.Add((model, $"{model}@{evaluation.Version} failed {string.Join(", ", failed)}"));
                }
            }

            var share = (double)passing / models.Count;
            var detail = failures.Count == 0 ? string.Empty : "; " + string.Join("; ", failures.Take(MetricText.FailingSample).Select(f => f.Why));
            return MetricValue.Of(name, QuantityKind.Percentage, share, $"{passing} of {models.Count} model(s) pass every check of rubric '{request.Rubric}' ({UnitFormat.Percentage(share)}){detail}")
                with
            {
                Numerator = passing,
                Denominator = models.Count,
                SampleSize = models.Count,
                FailingRecords = MetricText.Sample(failures.Select(f => f.Model)),
            };
        }
    }
}
