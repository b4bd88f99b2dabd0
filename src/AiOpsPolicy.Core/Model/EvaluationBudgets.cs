// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

namespace AiOpsPolicy.Core.Model;

/// <summary>
/// What one evaluation may spend. An expression over budget is stopped and its gate ends
/// <c>error</c>, naming the budget; the other gates still run.
/// </summary>
/// <param name="ExpressionTime">Wall time one gate's expressions may take.</param>
/// <param name="TotalTime">Wall time the whole run's expressions may take, metric prefetch included.</param>
/// <param name="AllocationBytes">Bytes one gate's expressions may allocate.</param>
/// <param name="MaxDepth">How deeply expression calls (lambdas, definitions) may nest.</param>
public sealed record EvaluationBudgets(TimeSpan ExpressionTime, TimeSpan TotalTime, long AllocationBytes, int MaxDepth)
{
    /// <summary>
    /// Gets the defaults: 5 s per gate, 60 s per run, 256 MiB allocated per gate, 200 nested calls.
    /// Real gates over a million records take milliseconds and allocate little; these bounds only
    /// stop runaways, and leave room on the 2-core CI machines the gate runs on.
    /// </summary>
    public static EvaluationBudgets Default { get; } = new(TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(60), 256L * 1024 * 1024, 200);
}
