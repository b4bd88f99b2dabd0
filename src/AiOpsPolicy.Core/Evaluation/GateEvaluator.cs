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
    /// <summary>How long past a gate's time budget the evaluator waits before abandoning it.</summary>
    private static readonly TimeSpan Grace = TimeSpan.FromSeconds(1);

    /// <summary>How often the watching thread looks at the batch's progress. Completion wakes it at once.</summary>
    private static readonly TimeSpan WatchInterval = TimeSpan.FromMilliseconds(50);

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
        var budgets = options.Budgets ?? policies.Budgets;
        var findings = ImmutableArray<FindingResult>.Empty;

        // Baselines are read from the history store here, on the calling thread and outside the expression budgets;
        // gates then only compare numbers.
        var baselines = ResolveBaselines(policies, options, now);
        var started = System.Diagnostics.Stopwatch.StartNew();

        // Time that earlier evaluation processes of this run used counts against the total, as if it had been spent here.
        var total = budgets.TotalTime - options.Spent;
        var progress = options.Progress ?? Silent.Instance;
        progress.Started(total < TimeSpan.Zero ? TimeSpan.Zero : total, budgets.ExpressionTime);
        var results = ImmutableArray.CreateBuilder<GateResult>(policies.Gates.Length);
        var controls = Coverage(policies, evidence, now);
        var passes = 0;
        var runner = new SandboxRunner();
        try
        {
            var (scope, context) = Start(compiled, evidence, now);

            // Every metric call with constant arguments is known from the compiled plan: compute them
            // all now, walking each evidence kind once, so gates then only look their values up.
            var prefetched = runner.TryRun(
                () =>
                {
                    using var guard = ExpressionGuard.Begin(budgets, total > TimeSpan.Zero ? total : TimeSpan.FromTicks(1), "the metric prefetch");
                    try
                    {
                        scope.Prefetch(context.PlanMetrics, RollupEvaluator.Requests(policies));
                    }
                    catch (Exception ex) when (ex is BudgetExceededException or OutOfMemoryException or InsufficientExecutionStackException)
                    {
                        // A planned metric over budget is left uncomputed; the gates that use it compute
                        // it again under their own budgets, and report it there.
                    }

                    return true;
                },
                (total > TimeSpan.Zero ? total : TimeSpan.Zero) + Grace,
                out _);
            if (!prefetched)
            {
                runner = Replace(runner, compiled, evidence, now, ref scope, ref context, ref passes);
            }

            // All gates run in one batch on the evaluation thread (one hand-over, not one per gate);
            // this thread watches the batch's progress and abandons it if a gate overruns its budget
            // inside a library call, where no guard can stop it, then carries on with the next gate.
            var gateResults = new GateResult?[policies.Gates.Length];
            var next = 0;
            while (next < gateResults.Length)
            {
                var batch = new GateBatch(next);
                var (batchScope, batchContext) = (scope, context);
                var work = runner.Start(() => RunBatch(batch, new BatchRun(policies, gateResults, batchScope, batchContext, budgets, total, started, baselines, options)));
                while (!work.Wait(WatchInterval))
                {
                    if (batch.TryAbandonOverdue(Grace, out var stuck))
                    {
                        var gate = policies.Gates[stuck];
                        progress.Abandoned(stuck, finding: false);
                        gateResults[stuck] = OverBudget(gate, $"Gate '{gate.Name}' went over its time budget of {UnitFormat.Duration(budgets.ExpressionTime)} inside a library call and was abandoned");
                        runner = Replace(runner, compiled, evidence, now, ref scope, ref context, ref passes);
                        next = stuck + 1;
                        break;
                    }
                }

                if (work.IsCompleted)
                {
                    next = gateResults.Length;
                }
            }

            results.AddRange(gateResults.Select((r, i) => ApplyWaivers((r ?? OverBudget(policies.Gates[i], "The gate was not evaluated")) with { Weight = policies.Gates[i].Weight, Key = policies.Gates[i].Key }, policies, now)));

            // Roll-ups after the gates: their SLA leaves were prefetched with the gates' metrics.
            progress.Between();
            results.AddRange(RollupEvaluator.Evaluate(policies, scope, controls).Select(r => ApplyWaivers(r, policies, now)));
            findings = EvaluateFindings(ref runner, compiled, evidence, now, budgets, total - started.Elapsed, options, ref scope, ref context, ref passes);
            passes += scope.Metrics.Passes;
        }
        finally
        {
            runner.Dispose();
        }

        progress.Finished();

        return new GateRunResult
        {
            EngineVersion = EngineInfo.Version,
            PolicySet = policies.Name,
            PolicySetVersion = policies.Version,
            PolicyDigest = policies.Digest,
            EvidenceDigest = evidence.Digest,
            EvaluatedAt = now,
            Gates = results.ToImmutable(),
            Evidence = evidence.Files,
            EvidencePasses = passes,
            Controls = controls,
            Score = policies.Scoring is { } thresholds ? ScoreCalculator.Compute(results, thresholds) : null,
            Waivers = [.. policies.Waivers.OrderBy(w => w.Name, StringComparer.Ordinal).Select(w => Info(w, now))],
            Findings = findings,
            DataQuality = evidence.Quality,
        };
    }

    private static void RunBatch(GateBatch batch, BatchRun run)
    {
        var (policies, results, scope, context, budgets) = (run.Policies, run.Results, run.Scope, run.Context, run.Budgets);
        var progress = run.Options.Progress ?? Silent.Instance;
        for (var i = batch.From; i < results.Length; i++)
        {
            var gate = policies.Gates[i];
            var remaining = run.Total - run.Started.Elapsed;
            GateResult result;
            if (run.Options.Stopped.TryGetValue(EvaluationOptions.GateKey(i), out var stopped))
            {
                // An earlier evaluation process of this run was stopped in this gate: it is not run again.
                result = OverBudget(gate, stopped);
            }
            else if (remaining <= TimeSpan.Zero)
            {
                result = OverBudget(gate, $"The run went over its total time budget of {UnitFormat.Duration(budgets.TotalTime)} before this gate was evaluated");
            }
            else
            {
                var time = remaining < budgets.ExpressionTime ? remaining : budgets.ExpressionTime;
                if (!batch.TryBegin(i, time))
                {
                    return;
                }

                progress.Gate(i);
                using var guard = ExpressionGuard.Begin(budgets, time, $"gate '{gate.Name}'");
                scope.BeginGate();
                try
                {
                    result = EvaluateGate(gate, i, context, scope, run.Baselines[i]);
                }
                catch (Exception ex)
                {
                    // EvaluateGate turns every expression failure into a result; anything that still
                    // gets here is the engine's own failure, and it ends this gate, not the run.
                    result = OverBudget(gate, $"The gate could not be evaluated: {ex.GetType().Name}: {ex.Message}");
                }
            }

            if (!batch.TryComplete(i, () => results[i] = result))
            {
                return;
            }
        }
    }

    /// <summary>What one batch of gates works with (kept together so that the batch's signature stays short).</summary>
    private sealed record BatchRun(PolicySet Policies, GateResult?[] Results, EvaluationScope Scope, PolicyContext Context, EvaluationBudgets Budgets, TimeSpan Total, System.Diagnostics.Stopwatch Started, ResolvedBaseline?[] Baselines, EvaluationOptions Options);

    /// <summary>Nobody is told: the progress of an evaluation without a supervising process.</summary>
    private sealed class Silent : IEvaluationProgress
    {
        public static readonly Silent Instance = new();

        public void Started(TimeSpan totalLeft, TimeSpan itemTime)
        {
        }

        public void Gate(int index)
        {
        }

        public void Between()
        {
        }

        public void Finding(int index)
        {
        }

        public void Abandoned(int index, bool finding)
        {
        }

        public void Finished()
        {
        }
    }

    /// <summary>
    /// A gate that did not pass and is covered by a waiver that applies ends <c>waived</c>: it does not
    /// block, and the result keeps the status it would have had and who waived it until when. A waiver
    /// that has expired does not apply, and the explanation says so.
    /// </summary>
    private static GateResult ApplyWaivers(GateResult result, PolicySet policies, DateTimeOffset now)
    {
        if (result.Status == GateStatus.Pass)
        {
            return result;
        }

        var covering = policies.Waivers.Where(w => w.Gates.Contains(result.Gate)).OrderBy(w => w.Name, StringComparer.Ordinal).ToList();
        if (covering.FirstOrDefault(w => Validation.WaiverChecks.Applies(w, policies, now)) is { } waiver)
        {
            return result with
            {
                Status = GateStatus.Waived,
                WaivedStatus = result.Status,
                Waiver = Info(waiver, now),
                Explanation = $"Waived by {waiver.Owner} {(waiver.Expires is { } until ? WaiverExpiry.Describe(until) : "with no expiry")} ({waiver.Ticket}): {waiver.Reason}. Without the waiver: {result.Status.ToText()}; {result.Explanation}",
            };
        }

        var expired = covering.Where(w => w.Expires is { } e && e <= now).ToList();
        return expired.Count == 0
            ? result
            : result with { Explanation = result.Explanation + "; " + string.Join("; ", expired.Select(w => $"waiver '{w.Name}' expired {w.Expires?.ToUniversalTime():yyyy-MM-dd'T'HH:mm'Z'} and no longer applies")) };
    }

    private static WaiverInfo Info(Waiver waiver, DateTimeOffset now) =>
        new(waiver.Name, waiver.Owner, waiver.Reason, waiver.Ticket, waiver.Expires ?? DateTimeOffset.MinValue, waiver.Gates, waiver.Expires is not { } expires || expires <= now);

    /// <summary>
    /// Every declared control with what the evidence shows: the compliance view of the run, by the
    /// same rule as ComplianceCoverage (an automated run that did not error, within the cadence).
    /// </summary>
    private static ImmutableArray<ControlCoverage> Coverage(PolicySet policies, EvidenceSet evidence, DateTimeOffset now)
    {
        var executions = evidence.Get<ControlExecution>(EvidenceKind.ControlExecutions);
        var lastAutomated = new Dictionary<string, DateTimeOffset>(StringComparer.Ordinal);
        var lastAny = new Dictionary<string, DateTimeOffset>(StringComparer.Ordinal);
        foreach (var run in executions)
        {
            if (run.RanAt > now)
            {
                continue;
            }

            if (!lastAny.TryGetValue(run.Control, out var any) || run.RanAt > any)
            {
                lastAny[run.Control] = run.RanAt;
            }

            if (run.Mode == ExecutionMode.Automated && run.Outcome != ExecutionOutcome.Error
                && (!lastAutomated.TryGetValue(run.Control, out var automated) || run.RanAt > automated))
            {
                lastAutomated[run.Control] = run.RanAt;
            }
        }

        return
        [
            .. policies.Controls
                .OrderBy(c => c.Name, StringComparer.Ordinal)
                .Select(c =>
                {
                    DateTimeOffset? automated = lastAutomated.TryGetValue(c.Name, out var a) ? a : null;
                    DateTimeOffset? any = lastAny.TryGetValue(c.Name, out var l) ? l : null;
                    var evidenced = c.Automated && automated is { } last && last >= now - (c.Cadence ?? policies.DefaultWindow);
                    return new ControlCoverage(c.Name, c.Title, c.Required, c.Automated, evidenced, automated, any, c.EnforcedAt, c.CatalogIds) { Owner = c.Metadata.Owner };
                }),
        ];
    }

    private static (EvaluationScope Scope, PolicyContext Context) Start(CompiledPolicySet compiled, EvidenceSet evidence, DateTimeOffset now)
    {
        var scope = new EvaluationScope(compiled.Policies, evidence, now);
        var context = compiled.CreateContext();
        context.Attach(scope);
        scope.Attach(context);
        return (scope, context);
    }

    /// <summary>
    /// Abandons a runner whose thread is stuck, and starts afresh: a new thread, context and scope, so
    /// that nothing the abandoned thread may still touch is shared with the gates that follow.
    /// </summary>
    private static SandboxRunner Replace(SandboxRunner stuck, CompiledPolicySet compiled, EvidenceSet evidence, DateTimeOffset now, ref EvaluationScope scope, ref PolicyContext context, ref int passes)
    {
        stuck.Dispose();
        passes += scope.Metrics.Passes;
        (scope, context) = Start(compiled, evidence, now);
        return new SandboxRunner();
    }

    private static GateResult OverBudget(Gate gate, string explanation) => new()
    {
        Gate = gate.Name,
        Description = gate.Description,
        Severity = gate.Severity,
        Status = GateStatus.Error,
        Bound = gate.Bound?.ToString(),
        Explanation = explanation,
        Location = (gate.Measure ?? gate.Condition)?.Location ?? gate.Location,
    };

    private static GateResult EvaluateGate(Gate gate, int index, PolicyContext context, EvaluationScope scope, ResolvedBaseline? resolved)
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
