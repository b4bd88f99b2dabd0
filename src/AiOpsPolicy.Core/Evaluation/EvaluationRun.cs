// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using System.Diagnostics;
using AiOpsPolicy.Core.Compilation;
using AiOpsPolicy.Core.Evidence;
using AiOpsPolicy.Core.Expressions;
using AiOpsPolicy.Core.Model;
using AiOpsPolicy.Core.Results;
using AiOpsPolicy.Core.Units;

namespace AiOpsPolicy.Core.Evaluation;

/// <summary>
/// One evaluation of a compiled policy set: the evaluation thread, the context and scope the expressions run in, the
/// budgets and the run's clock. Expressions run on the evaluation thread while the calling thread watches; when one is
/// stuck inside a library call, where no guard can stop it, the run <see cref="Restart"/>s: a new thread, context and
/// scope, so that nothing the abandoned thread may still touch is shared with what follows.
/// </summary>
internal sealed class EvaluationRun : IDisposable
{
    /// <summary>How long past a gate's time budget the evaluator waits before abandoning it.</summary>
    public static readonly TimeSpan Grace = TimeSpan.FromSeconds(1);

    /// <summary>How often the watching thread looks at the batch's progress. Completion wakes it at once.</summary>
    private static readonly TimeSpan WatchInterval = TimeSpan.FromMilliseconds(50);

    private readonly CompiledPolicySet _compiled;
    private readonly EvidenceSet _evidence;
    private readonly DateTimeOffset _now;
    private readonly ResolvedBaseline?[] _baselines;
    private readonly Stopwatch _started;
    private SandboxRunner _runner;

    /// <summary>Evidence passes made by the scopes a restart replaced.</summary>
    private int _replacedPasses;

    /// <summary>Starts a run: its clock, the supervisor's notice and the evaluation thread.</summary>
    /// <param name="compiled">The compiled policy set.</param>
    /// <param name="evidence">The evidence, as of the evaluation time.</param>
    /// <param name="now">The evaluation time.</param>
    /// <param name="options">The options.</param>
    /// <param name="baselines">Each gate's baseline read from the history, by gate index.</param>
    public EvaluationRun(CompiledPolicySet compiled, EvidenceSet evidence, DateTimeOffset now, EvaluationOptions options, ResolvedBaseline?[] baselines)
    {
        _compiled = compiled;
        _evidence = evidence;
        _now = now;
        _baselines = baselines;
        Options = options;
        Budgets = options.Budgets ?? compiled.Policies.Budgets;
        _started = Stopwatch.StartNew();

        // Time that earlier evaluation processes of this run used counts against the total, as if it had been spent here.
        Total = Budgets.TotalTime - options.Spent;
        Progress = options.Progress ?? SilentProgress.Instance;
        Progress.Started(Total < TimeSpan.Zero ? TimeSpan.Zero : Total, Budgets.ExpressionTime);
        (Scope, Context) = NewScope();
        _runner = new SandboxRunner();
    }

    /// <summary>Gets the policy set.</summary>
    public PolicySet Policies => _compiled.Policies;

    /// <summary>Gets the options.</summary>
    public EvaluationOptions Options { get; }

    /// <summary>Gets the budgets: the options' or the policy set's.</summary>
    public EvaluationBudgets Budgets { get; }

    /// <summary>Gets the run's total time: the budget less what earlier processes of this run spent.</summary>
    public TimeSpan Total { get; }

    /// <summary>Gets what is left of <see cref="Total"/>.</summary>
    public TimeSpan Remaining => Total - _started.Elapsed;

    /// <summary>Gets who is told how the run progresses.</summary>
    public IEvaluationProgress Progress { get; }

    /// <summary>Gets the current scope (replaced by a restart).</summary>
    public EvaluationScope Scope { get; private set; }

    /// <summary>Gets the current compiled context (replaced by a restart).</summary>
    public PolicyContext Context { get; private set; }

    /// <summary>Gets how many evidence passes the run made, over every scope it used.</summary>
    public int Passes => _replacedPasses + Scope.Metrics.Passes;

    /// <summary>
    /// Computes every metric call with constant arguments (the compiled plan, read from the syntax tree at compile time)
    /// and the roll-ups' metrics now, walking each evidence kind once, so that gates then only look their values up.
    /// </summary>
    public void PrefetchMetrics()
    {
        var (scope, planned, budgets, total) = (Scope, _compiled.PlannedRequests, Budgets, Total);
        var prefetched = _runner.TryRun(
            () =>
            {
                using var guard = ExpressionGuard.Begin(budgets, total > TimeSpan.Zero ? total : TimeSpan.FromTicks(1), "the metric prefetch");
                try
                {
                    scope.Prefetch(planned.Concat(RollupEvaluator.Requests(Policies)));
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
            Restart();
        }
    }

    /// <summary>
    /// Evaluates every gate. All gates run in one batch on the evaluation thread (one hand-over, not one per gate); this
    /// thread watches the batch's progress and abandons it if a gate overruns its budget inside a library call, then
    /// carries on with the next gate on a restarted run.
    /// </summary>
    /// <returns>Each gate's result, in declaration order; not yet waived.</returns>
    public GateResult[] EvaluateGates()
    {
        var policies = Policies;
        var results = new GateResult?[policies.Gates.Length];
        var next = 0;
        while (next < results.Length)
        {
            var batch = new GateBatch(next);

            // The batch keeps the scope and context it started with: after a restart the abandoned thread may still be
            // using them, and the next batch must not.
            var (scope, context) = (Scope, Context);
            var work = _runner.Start(() => RunBatch(batch, results, scope, context));
            while (!work.Wait(WatchInterval))
            {
                if (batch.TryAbandonOverdue(Grace, out var stuck))
                {
                    var gate = policies.Gates[stuck];
                    Progress.Abandoned(stuck, finding: false);
                    results[stuck] = GateEvaluator.OverBudget(gate, $"Gate '{gate.Name}' went over its time budget of {UnitFormat.Duration(Budgets.ExpressionTime)} inside a library call and was abandoned");
                    Restart();
                    next = stuck + 1;
                    break;
                }
            }

            if (work.IsCompleted)
            {
                next = results.Length;
            }
        }

        return [.. results.Select((r, i) => (r ?? GateEvaluator.OverBudget(policies.Gates[i], "The gate was not evaluated")) with { Weight = policies.Gates[i].Weight, Key = policies.Gates[i].Key })];
    }

    /// <summary>Runs work on the evaluation thread.</summary>
    /// <param name="work">The work.</param>
    /// <returns>The task that completes when it has run.</returns>
    public Task Start(Action work) => _runner.Start(work);

    /// <summary>
    /// Abandons the evaluation thread (stuck in an expression) and starts afresh: a new thread, context and scope. The
    /// metrics the old scope computed are computed again when asked for; its evidence passes still count.
    /// </summary>
    public void Restart()
    {
        _runner.Dispose();
        _replacedPasses += Scope.Metrics.Passes;
        (Scope, Context) = NewScope();
        _runner = new SandboxRunner();
    }

    /// <inheritdoc />
    public void Dispose() => _runner.Dispose();

    private (EvaluationScope Scope, PolicyContext Context) NewScope()
    {
        var scope = new EvaluationScope(_compiled.Policies, _evidence, _now);
        var context = _compiled.CreateContext();
        context.Attach(scope);
        scope.Attach(context);
        return (scope, context);
    }

    private void RunBatch(GateBatch batch, GateResult?[] results, EvaluationScope scope, PolicyContext context)
    {
        var (policies, budgets) = (Policies, Budgets);
        for (var i = batch.From; i < results.Length; i++)
        {
            var gate = policies.Gates[i];
            var remaining = Remaining;
            GateResult result;
            if (Options.Stopped.TryGetValue(EvaluationOptions.GateKey(i), out var stopped))
            {
                // An earlier evaluation process of this run was stopped in this gate: it is not run again.
                result = GateEvaluator.OverBudget(gate, stopped);
            }
            else if (remaining <= TimeSpan.Zero)
            {
                result = GateEvaluator.OverBudget(gate, $"The run went over its total time budget of {UnitFormat.Duration(budgets.TotalTime)} before this gate was evaluated");
            }
            else
            {
                var time = remaining < budgets.ExpressionTime ? remaining : budgets.ExpressionTime;
                if (!batch.TryBegin(i, time))
                {
                    return;
                }

                Progress.Gate(i);
                using var guard = ExpressionGuard.Begin(budgets, time, $"gate '{gate.Name}'");
                scope.BeginGate();
                try
                {
                    result = GateEvaluator.EvaluateGate(gate, i, context, scope, _baselines[i]);
                }
                catch (Exception ex)
                {
                    // EvaluateGate turns every expression failure into a result; anything that still
                    // gets here is the engine's own failure, and it ends this gate, not the run.
                    result = GateEvaluator.OverBudget(gate, $"The gate could not be evaluated: {ex.GetType().Name}: {ex.Message}");
                }
            }

            if (!batch.TryComplete(i, () => results[i] = result))
            {
                return;
            }
        }
    }
}
