// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using System.Collections.Immutable;
using AiOpsPolicy.Core.Compilation;
using AiOpsPolicy.Core.Evidence;
using AiOpsPolicy.Core.Model;
using AiOpsPolicy.Core.Results;
using AiOpsPolicy.Core.Units;

namespace AiOpsPolicy.Core.Evaluation;

/// <summary>
/// The evaluate stage: runs every gate of a compiled policy set against the evidence. A gate whose
/// expression throws ends <c>error</c> and one whose evidence is missing or stale ends
/// <c>insufficient-evidence</c>; either way the other gates are still evaluated.
/// </summary>
public static class GateEvaluator
{
    /// <summary>Evaluates every gate.</summary>
    /// <param name="compiled">The compiled policy set.</param>
    /// <param name="evidence">The evidence.</param>
    /// <param name="now">The evaluation time.</param>
    /// <returns>The run's result.</returns>
    public static GateRunResult Evaluate(CompiledPolicySet compiled, EvidenceSet evidence, DateTimeOffset now)
    {
        var policies = compiled.Policies;
        var scope = new EvaluationScope(policies, evidence, now);
        var context = compiled.CreateContext();
        context.Attach(scope);

        // Every metric call with constant arguments is known from the compiled plan: compute them all
        // now, walking each evidence kind once, so gates then only look their values up.
        scope.Prefetch(context.PlanMetrics);
        var results = ImmutableArray.CreateBuilder<GateResult>(policies.Gates.Length);
        for (var i = 0; i < policies.Gates.Length; i++)
        {
            scope.BeginGate();
            results.Add(EvaluateGate(policies.Gates[i], i, context, scope));
        }

        return new GateRunResult
        {
            EngineVersion = EngineInfo.Version,
            PolicySet = policies.Name,
            PolicySetVersion = policies.Version,
            PolicyDigest = policies.Digest,
            EvidenceDigest = evidence.Digest,
            EvaluatedAt = now,
            Gates = results.MoveToImmutable(),
            Evidence = evidence.Files,
            EvidencePasses = scope.Metrics.Passes,
        };
    }

    private static GateResult EvaluateGate(Gate gate, int index, PolicyContext context, EvaluationScope scope)
    {
        var part = gate.Measure ?? gate.Condition;
        string? observed = null;
        double? observedValue = null;
        bool? conditionHeld = null;
        var status = GateStatus.Pass;
        string explanation;
        var clauses = gate.Condition is null ? [] : EvaluateClauses(context, index);
        try
        {
            var withinBound = true;
            if (gate.Measure is { } measure)
            {
                part = measure;
                var value = context.EvaluateMeasure(index);
                (observedValue, observed) = Normalize(value, gate.Bound);
                withinBound = gate.Bound?.Contains(observedValue.Value) ?? true;
            }

            if (gate.Condition is { } condition)
            {
                part = condition;
                conditionHeld = context.EvaluateCondition(index);
            }

            var passed = withinBound && conditionHeld != false;
            status = passed ? GateStatus.Pass : gate.Severity == GateSeverity.Warn ? GateStatus.Warn : GateStatus.Fail;
            explanation = Explain(gate, observed, withinBound, conditionHeld, clauses, scope);
        }
        catch (InsufficientEvidenceException ex)
        {
            status = GateStatus.InsufficientEvidence;
            explanation = "Insufficient evidence: " + ex.Message;
        }
        catch (MeasureException ex)
        {
            status = GateStatus.Error;
            explanation = ex.Message;
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // Anything a policy expression throws (division by zero, a null, an empty sequence, a bad
            // argument to a metric) ends this gate only, with the expression's location and the message.
            status = GateStatus.Error;
            explanation = $"The {part?.Role ?? "gate"} threw {ex.GetType().Name} at {part?.Location}: {ex.Message}";
        }

        var kinds = scope.UsedKinds.Order().ToList();
        return new GateResult
        {
            Gate = gate.Name,
            Description = gate.Description,
            Severity = gate.Severity,
            Status = status,
            Observed = observed,
            ObservedValue = observedValue,
            Bound = gate.Bound?.ToString(),
            ConditionHeld = conditionHeld,
            Explanation = explanation,
            Metrics = [.. scope.UsedMetrics.Select(ToResult)],
            EvidenceKinds = [.. kinds.Select(EvidenceKinds.Name)],
            EvidenceFiles = [.. kinds.SelectMany(scope.Evidence.FilesOf).OrderBy(f => f.Path, StringComparer.Ordinal)],
            Clauses = clauses,
            Location = status == GateStatus.Error && part is not null ? part.Location : gate.Location,
        };
    }

    private static ImmutableArray<ClauseResult> EvaluateClauses(PolicyContext context, int gate)
    {
        var texts = context.ClauseTexts(gate);
        var results = ImmutableArray.CreateBuilder<ClauseResult>(texts.Length);
        for (var i = 0; i < texts.Length; i++)
        {
            try
            {
                results.Add(new ClauseResult(texts[i], context.EvaluateClause(gate, i), null));
            }
            catch (InsufficientEvidenceException ex)
            {
                results.Add(new ClauseResult(texts[i], null, "insufficient evidence: " + ex.Message));
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                results.Add(new ClauseResult(texts[i], null, $"threw {ex.GetType().Name}: {ex.Message}"));
            }
        }

        return results.MoveToImmutable();
    }

    private static (double Value, string Display) Normalize(object? value, GateBound? bound)
    {
        var kind = bound?.Kind ?? QuantityKind.Number;
        switch (value)
        {
            case MetricValue metric:
                var magnitude = metric.Value;
                if ((metric.Unit == QuantityKind.Duration) != (kind == QuantityKind.Duration))
                {
                    throw new MeasureException($"The measure {metric.Metric} is a {metric.Unit.ToString().ToLowerInvariant()} but the bound ({bound}) is a {kind.ToString().ToLowerInvariant()}. Write the bound in the metric's unit");
                }

                return (magnitude, metric.Display);

            case TimeSpan duration:
                return (duration.TotalSeconds, UnitFormat.Duration(duration));

            case null:
                throw new MeasureException("The measure has no value (null)");

            case IConvertible convertible and not string and not bool:
                var number = convertible.ToDouble(System.Globalization.CultureInfo.InvariantCulture);
                if (!double.IsFinite(number))
                {
                    throw new MeasureException($"The measure is {number}, which is not a number a bound can hold");
                }

                return (number, kind == QuantityKind.Percentage ? UnitFormat.Percentage(number) : UnitFormat.Number(number));

            default:
                throw new MeasureException($"The measure is a {value.GetType().Name}, not a number, a duration or a metric");
        }
    }

    private static string Explain(Gate gate, string? observed, bool withinBound, bool? conditionHeld, ImmutableArray<ClauseResult> clauses, EvaluationScope scope)
    {
        var parts = new List<string>();
        if (observed is not null)
        {
            var verdict = withinBound ? "within" : "outside";
            var metric = scope.UsedMetrics.Count == 1 ? scope.UsedMetrics[0].Explanation : null;
            parts.Add(metric is null ? $"{observed} is {verdict} the bound {gate.Bound}" : $"{observed} is {verdict} the bound {gate.Bound}: {metric}");
        }

        if (conditionHeld is { } held)
        {
            parts.Add(held ? "the condition holds" : "the condition does not hold");
            if (!clauses.IsEmpty)
            {
                parts.Add("clauses: " + string.Join("; ", clauses.Select(c => $"`{c.Text}` is {(c.Value is { } v ? (v ? "true" : "false") : c.Problem)}")));
            }

            if (observed is null)
            {
                parts.AddRange(scope.UsedMetrics.Select(m => m.Explanation));
            }
        }

        return string.Join("; ", parts);
    }

    private static MetricResult ToResult(MetricValue metric) =>
        new(metric.Metric, metric.Display, metric.Numerator, metric.Denominator, metric.SampleSize, metric.Explanation, metric.FailingRecords, metric.Assumptions);

    /// <summary>A measure whose value cannot be compared with its bound.</summary>
    private sealed class MeasureException(string message) : Exception(message);
}
