// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using System.Collections.Immutable;
using AiOpsPolicy.Core.Compilation;
using AiOpsPolicy.Core.Evidence;
using AiOpsPolicy.Core.Expressions;
using AiOpsPolicy.Core.Metrics;
using AiOpsPolicy.Core.Model;
using AiOpsPolicy.Core.Results;
using AiOpsPolicy.Core.Units;

namespace AiOpsPolicy.Core.Evaluation;

/// <summary>
/// The evaluate stage: runs every gate of a compiled policy set against the evidence. A gate whose
/// expression throws ends <c>error</c> and one whose evidence is missing or stale ends
/// <c>insufficient-evidence</c>; either way the other gates are still evaluated.
/// </summary>
public static partial class GateEvaluator
{
    /// <summary>Evaluates every gate with the default budgets.</summary>
    /// <param name="compiled">The compiled policy set.</param>
    /// <param name="evidence">The evidence.</param>
    /// <param name="now">The evaluation time.</param>
    /// <returns>The run's result.</returns>
    public static GateRunResult Evaluate(CompiledPolicySet compiled, EvidenceSet evidence, DateTimeOffset now) =>
        Evaluate(compiled, evidence, now, compiled.Policies.Budgets);

    /// <summary>
    /// Evaluates every gate. Expressions run on a dedicated thread under time, allocation and nesting
    /// budgets; a gate over budget ends <c>error</c> naming the budget, and the other gates still run.
    /// </summary>
    /// <param name="compiled">The compiled policy set.</param>
    /// <param name="evidence">The evidence.</param>
    /// <param name="now">The evaluation time.</param>
    /// <param name="budgets">The budgets.</param>
    /// <returns>The run's result.</returns>
    public static GateRunResult Evaluate(CompiledPolicySet compiled, EvidenceSet evidence, DateTimeOffset now, EvaluationBudgets budgets) =>
        Evaluate(compiled, evidence, now, new EvaluationOptions { Budgets = budgets });

    /// <summary>
    /// Evaluates every gate and finding with the given options: budgets (the policy set's when not given) and the run
    /// history gate baselines are read from.
    /// </summary>
    /// <param name="compiled">The compiled policy set.</param>
    /// <param name="evidence">The evidence.</param>
    /// <param name="now">The evaluation time.</param>
    /// <param name="options">The options.</param>
    /// <returns>The run's result.</returns>
    public static GateRunResult Evaluate(CompiledPolicySet compiled, EvidenceSet evidence, DateTimeOffset now, EvaluationOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(evidence);

        // Evidence from after the evaluation time does not change the past: every metric, finding
        // and roll-up sees the records as they stood then (docs/metrics.md, "As of").
        evidence = evidence.AsOf(now);
        var policies = compiled.Policies;

        // Baselines are read from the history store here, on the calling thread and outside the expression budgets;
        // gates then only compare numbers.
        var baselines = ResolveBaselines(policies, options, now);
        ImmutableArray<GateResult> results;
        ImmutableArray<ControlCoverage> controls;
        ImmutableArray<FindingResult> findings;
        int passes;
        using (var run = new EvaluationRun(compiled, evidence, now, options, baselines))
        {
            controls = ControlCoverageCalculator.Compute(policies, evidence, now);
            run.PrefetchMetrics();
            var gates = run.EvaluateGates();

            // Roll-ups after the gates: their SLA leaves were prefetched with the gates' metrics.
            run.Progress.Between();
            var rollups = RollupEvaluator.Evaluate(policies, run.Scope, controls);
            results = [.. gates.Concat(rollups).Select(r => WaiverApplier.Apply(r, policies, now))];
            findings = FindingEvaluator.Evaluate(run);
            passes = run.Passes;
        }

        (options.Progress ?? SilentProgress.Instance).Finished();

        return new GateRunResult
        {
            EngineVersion = EngineInfo.Version,
            PolicySet = policies.Name,
            PolicySetVersion = policies.Version,
            PolicyDigest = policies.Digest,
            EvidenceDigest = evidence.Digest,
            EvaluatedAt = now,
            Gates = results,
            Evidence = evidence.Files,
            EvidencePasses = passes,
            Controls = controls,
            Score = policies.Scoring is { } thresholds ? ScoreCalculator.Compute(results, thresholds) : null,
            Waivers = [.. policies.Waivers.OrderBy(w => w.Name, StringComparer.Ordinal).Select(w => WaiverApplier.Info(w, now))],
            Findings = findings,
            DataQuality = evidence.Quality,
        };
    }

    /// <summary>The result of a gate that was not evaluated, or stopped, with why.</summary>
    /// <param name="gate">The gate.</param>
    /// <param name="explanation">Why.</param>
    /// <returns>An <c>error</c> result at the gate's measure or condition.</returns>
    internal static GateResult OverBudget(Gate gate, string explanation) => new()
    {
        Gate = gate.Name,
        Description = gate.Description,
        Severity = gate.Severity,
        Status = GateStatus.Error,
        Bound = gate.Bound?.ToString(),
        Explanation = explanation,
        Location = (gate.Measure ?? gate.Condition)?.Location ?? gate.Location,
    };

    /// <summary>Evaluates one gate on the evaluation thread, under the guard its caller opened.</summary>
    /// <param name="gate">The gate.</param>
    /// <param name="index">Its index in the policy set.</param>
    /// <param name="context">The compiled context.</param>
    /// <param name="scope">The scope, begun for this gate.</param>
    /// <param name="resolved">The gate's baseline from history, if it has one.</param>
    /// <returns>The result; every failure of an expression is a result, not an exception.</returns>
    internal static GateResult EvaluateGate(Gate gate, int index, PolicyContext context, EvaluationScope scope, ResolvedBaseline? resolved)
    {
        BaselineResult? baseline = null;
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
                if (resolved is not null)
                {
                    baseline = ApplyBaseline(gate, resolved, observedValue.Value, UnitOf(value, gate.Bound));
                    if (baseline.Held is null && gate.Bound is null)
                    {
                        // A baseline is all this gate has, and there is none: nothing to compare with.
                        throw new InsufficientEvidenceException(baseline.Display);
                    }
                }
            }

            if (gate.Condition is { } condition)
            {
                part = condition;
                conditionHeld = context.EvaluateCondition(index);
            }

            var passed = withinBound && conditionHeld != false && baseline?.Held != false;
            status = passed ? GateStatus.Pass : gate.Severity == GateSeverity.Warn ? GateStatus.Warn : GateStatus.Fail;
            explanation = Explain(gate, observed, withinBound, conditionHeld, clauses, scope);
            if (baseline is not null)
            {
                explanation = gate.Bound is null ? ExplainBaselineOnly(observed, baseline, scope) : explanation + "; " + baseline.Display;
            }
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
        catch (BudgetExceededException ex)
        {
            status = GateStatus.Error;
            explanation = $"The {part?.Role ?? "gate"} was stopped: {ex.Message}";
        }
        catch (OutOfMemoryException)
        {
            // One enormous allocation (a string or array past the runtime's limits) fails on its own;
            // the process has memory left, and this gate alone ends.
            status = GateStatus.Error;
            explanation = $"The {part?.Role ?? "gate"} was stopped: it tried to allocate more memory than the process can hold";
        }
        catch (Exception ex)
        {
            // Anything a policy expression throws (division by zero, a null, an empty sequence, a bad
            // argument to a metric) ends this gate only, with the expression's location and the message.
            status = GateStatus.Error;
            explanation = $"The {part?.Role ?? "gate"} threw {ex.GetType().Name} at {part?.TextLocation}: {ex.Message}";
        }

        var kinds = scope.UsedKinds.Order().ToList();
        (status, explanation) = ApplyDataQuality(status, explanation, kinds, scope);
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
            Baseline = baseline,
            Location = status == GateStatus.Error && part is not null ? part.TextLocation : gate.Location,
        };
    }

    /// <summary>
    /// Says what the quarantine left out of the kinds a gate read. A kind whose invalid share is over
    /// the policy set's tolerance makes a gate that passed or failed <c>insufficient-evidence</c> (a
    /// blocking gate then still blocks): its figures were computed without records that could have
    /// changed them. Within the tolerance, the explanation only notes what was left out.
    /// </summary>
    private static (GateStatus Status, string Explanation) ApplyDataQuality(GateStatus status, string explanation, List<EvidenceKind> kinds, EvaluationScope scope)
    {
        var over = new List<string>();
        var within = new List<string>();
        foreach (var kind in kinds)
        {
            if (scope.Evidence.Quality.Of(kind) is not { Invalid: > 0 } quality)
            {
                continue;
            }

            var tolerated = scope.Policies.TolerateInvalid(kind);
            var text = $"{quality.Invalid} of {quality.Total} {quality.Name} record(s) ({Share(quality.InvalidShare)}) are invalid and were left out";
            if (quality.InvalidShare > tolerated)
            {
                over.Add($"{text}, over the tolerated {Share(tolerated)} (spec.evidence.tolerateInvalid)");
            }
            else
            {
                within.Add($"{text}, within the tolerated {Share(tolerated)}");
            }
        }

        if (over.Count > 0 && status is GateStatus.Pass or GateStatus.Warn or GateStatus.Fail)
        {
            return (GateStatus.InsufficientEvidence, $"Insufficient evidence: {string.Join("; ", over.Concat(within))}. Computed on the valid records only: {status.ToText()}; {explanation}");
        }

        var notes = over.Concat(within).ToList();
        return notes.Count == 0 ? (status, explanation) : (status, $"{explanation}; data quality: {string.Join("; ", notes)}");
    }

    /// <summary>A share as a percentage with up to four decimals: one bad record in a million still shows.</summary>
    private static string Share(double fraction) => (fraction * 100).ToString("0.####", System.Globalization.CultureInfo.InvariantCulture) + "%";

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
            catch (Exception ex)
            {
                // Out-of-memory included: one enormous allocation fails on its own and leaves the process well.
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
                if (bound is not null && !UnitMismatch.Fits(metric.Unit, kind))
                {
                    // Validation catches a metric called directly; this catches one reached through a
                    // definition or a ternary, so that 50% is never compared with a bound of 5.
                    throw new MeasureException(UnitMismatch.Describe(metric.Metric, metric.Unit, bound));
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
                parts.Add("clauses: " + string.Join("; ", clauses.Select(ClauseText)));
            }

            if (observed is null)
            {
                parts.AddRange(scope.UsedMetrics.Select(m => m.Explanation));
            }
        }

        return string.Join("; ", parts);
    }

    /// <summary>A clause as the explanation words it: "`x` is true", "`x` threw ...", "`x` is undecided, insufficient evidence: ...".</summary>
    /// <param name="clause">The clause's result.</param>
    /// <returns>The text.</returns>
    public static string ClauseText(ClauseResult clause) => clause switch
    {
        { Value: { } value } => $"`{clause.Text}` is {(value ? "true" : "false")}",
        { Problem: { } problem } when problem.StartsWith("threw ", StringComparison.Ordinal) => $"`{clause.Text}` {problem}",
        _ => $"`{clause.Text}` is undecided, {clause.Problem}",
    };

    private static MetricResult ToResult(MetricValue metric) =>
        new(metric.Metric, metric.Display, metric.Numerator, metric.Denominator, metric.SampleSize, metric.Explanation, metric.FailingRecords, metric.Assumptions);

    /// <summary>A measure whose value cannot be compared with its bound.</summary>
    private sealed class MeasureException(string message) : Exception(message);
}
