// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using System.Collections.Immutable;
using System.Text;
using AiOpsPolicy.Core.Evidence;
using AiOpsPolicy.Core.Expressions;
using AiOpsPolicy.Core.Model;
using AiOpsPolicy.Core.Results;
using AiOpsPolicy.Core.Units;

namespace AiOpsPolicy.Core.Evaluation;

/// <summary>
/// Findings: rules reported when they hold, never blocking. They run after the gates, on the same evaluation thread,
/// context and metric plan (their metric calls were planned with the gates'), each under the per-expression budgets.
/// </summary>
internal static class FindingEvaluator
{
    /// <summary>
    /// Evaluates every finding on the run's evaluation thread, in what is left of the run's total time. A finding stuck
    /// inside a library call is abandoned with the ones after it, and the run restarts; the gates' results stand.
    /// </summary>
    /// <param name="run">The run, after its gates.</param>
    /// <returns>The findings that hold and those that failed, in declaration order.</returns>
    public static ImmutableArray<FindingResult> Evaluate(EvaluationRun run)
    {
        var findings = run.Policies.Findings;
        if (findings.IsEmpty)
        {
            return [];
        }

        var results = new FindingResult?[findings.Length];
        var (budgets, options, progress) = (run.Budgets, run.Options, run.Progress);
        var done = new bool[findings.Length];
        var (findingScope, findingContext) = (run.Scope, run.Context);

        // The findings share what is left of the run's total time: the run ends within its total budget plus the grace.
        var remaining = run.Remaining;
        var deadline = System.Diagnostics.Stopwatch.StartNew();
        var total = remaining < TimeSpan.Zero ? TimeSpan.Zero : remaining;
        var work = run.Start(() =>
        {
            for (var i = 0; i < findings.Length; i++)
            {
                var left = total - deadline.Elapsed;
                if (options.Stopped.TryGetValue(EvaluationOptions.FindingKey(i), out var stopped))
                {
                    // An earlier evaluation process of this run was stopped in this finding: it is not run again.
                    lock (results)
                    {
                        results[i] = Failed(findings[i], findings[i].When?.Location ?? findings[i].Location, stopped);
                        done[i] = true;
                    }

                    continue;
                }

                if (left > TimeSpan.Zero)
                {
                    progress.Finding(i);
                }

                var result = left <= TimeSpan.Zero
                    ? Failed(findings[i], findings[i].When?.Location ?? findings[i].Location, $"The run went over its total time budget of {UnitFormat.Duration(budgets.TotalTime)} before finding '{findings[i].Name}' was evaluated")
                    : EvaluateFinding(findings[i], i, findingContext, findingScope, budgets, left < budgets.ExpressionTime ? left : budgets.ExpressionTime);
                lock (results)
                {
                    results[i] = result;
                    done[i] = true;
                }
            }
        });

        bool finished;
        try
        {
            var wait = budgets.ExpressionTime * findings.Length;
            finished = work.Wait((wait < total ? wait : total) + EvaluationRun.Grace);
        }
        catch (AggregateException)
        {
            // EvaluateFinding turns every expression failure into a result; the findings left without one are
            // reported as errors below, and the gates' results stand.
            finished = true;
        }

        if (!finished)
        {
            // A finding stuck inside a library call: the rest are abandoned with it, and the gates' results stand.
            lock (results)
            {
                progress.Abandoned(Array.IndexOf(done, false), finding: true);
            }

            run.Restart();
        }

        lock (results)
        {
            return
            [
                .. findings.Select((f, i) => done[i]
                    ? results[i]
                    : Failed(f, f.When?.Location ?? f.Location, finished ? $"Finding '{f.Name}' could not be evaluated" : $"Finding '{f.Name}' went over its time budget of {UnitFormat.Duration(budgets.ExpressionTime)} and was abandoned"))
                    .OfType<FindingResult>(),
            ];
        }
    }

    /// <summary>
    /// One finding: null when its rule does not hold, or cannot be decided for lack of evidence (there is nothing to
    /// observe); a finding when it holds; an error finding when an expression throws or goes over budget.
    /// </summary>
    private static FindingResult? EvaluateFinding(Finding finding, int index, PolicyContext context, EvaluationScope scope, EvaluationBudgets budgets, TimeSpan time)
    {
        var part = finding.When;
        try
        {
            using var guard = ExpressionGuard.Begin(budgets, time, $"finding '{finding.Name}'");
            scope.BeginGate();
            if (part is null || !context.EvaluateFindingWhen(index))
            {
                return null;
            }

            var message = new StringBuilder();
            for (var k = 0; k < finding.MessageParts.Length; k++)
            {
                var piece = finding.MessageParts[k];
                if (piece.Expression is not { } expression)
                {
                    message.Append(piece.Text);
                    continue;
                }

                part = expression;
                try
                {
                    message.Append(GateEvaluator.FormatValue(context.EvaluateFindingPart(index, k)));
                }
                catch (InsufficientEvidenceException)
                {
                    message.Append("n/a");
                }
            }

            return new FindingResult(finding.Name, message.ToString()) { Group = finding.Group, Owner = finding.Metadata.Owner, Status = FindingStatus.Found, Location = finding.Location };
        }
        catch (InsufficientEvidenceException)
        {
            return null;
        }
        catch (BudgetExceededException ex)
        {
            return Failed(finding, part?.TextLocation ?? finding.Location, $"The {part?.Role ?? "finding"} was stopped: {ex.Message}");
        }
        catch (Exception ex)
        {
            // Anything an expression throws ends this finding only, as it ends a gate only; a finding never blocks.
            return Failed(finding, part?.TextLocation ?? finding.Location, $"The {part?.Role ?? "finding"} threw {ex.GetType().Name} at {part?.TextLocation}: {ex.Message}");
        }
    }

    private static FindingResult Failed(Finding finding, Text.SourceLocation location, string message) =>
        new(finding.Name, message) { Group = finding.Group, Owner = finding.Metadata.Owner, Status = FindingStatus.Error, Location = location };
}
