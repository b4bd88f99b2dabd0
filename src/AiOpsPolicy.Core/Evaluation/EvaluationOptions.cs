// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

namespace AiOpsPolicy.Core.Evaluation;

/// <summary>What an evaluation may use besides the policies and the evidence.</summary>
public sealed record EvaluationOptions
{
    /// <summary>Gets the options of a plain evaluation: the policy set's budgets, no history.</summary>
    public static EvaluationOptions Default { get; } = new();

    /// <summary>Gets the budgets; the policy set's own when null.</summary>
    public EvaluationBudgets? Budgets { get; init; }

    /// <summary>Gets the recorded runs gate baselines are read from; null when no store is available.</summary>
    public IRunHistory? History { get; init; }

    /// <summary>Gets a short description of the history store for explanations (a file name; never a connection string).</summary>
    public string? HistoryName { get; init; }
}
