// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using AiOpsPolicy.Core.Model;

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

    /// <summary>Gets who is told the evaluation's progress (the supervising process of the CLI); null for nobody.</summary>
    public IEvaluationProgress? Progress { get; init; }

    /// <summary>
    /// Gets the gates and findings not to evaluate, with the explanation their <c>error</c> result gives: the items an
    /// earlier evaluation process of this run was stopped in. Keys are <see cref="GateKey"/> and <see cref="FindingKey"/>.
    /// </summary>
    public IReadOnlyDictionary<string, string> Stopped { get; init; } = new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>Gets how much of the run's total time budget earlier evaluation processes of this run used.</summary>
    public TimeSpan Spent { get; init; }

    /// <summary>The key of a gate in <see cref="Stopped"/>.</summary>
    /// <param name="index">The gate's index in the policy set.</param>
    /// <returns>The key.</returns>
    public static string GateKey(int index) => "g" + index.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The key of a finding in <see cref="Stopped"/>.</summary>
    /// <param name="index">The finding's index in the policy set.</param>
    /// <returns>The key.</returns>
    public static string FindingKey(int index) => "f" + index.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Gets a short description of the history store for explanations (a file name; never a connection string).</summary>
    public string? HistoryName { get; init; }
}
