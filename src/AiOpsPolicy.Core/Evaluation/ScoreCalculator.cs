// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using AiOpsPolicy.Core.Model;
using AiOpsPolicy.Core.Results;

namespace AiOpsPolicy.Core.Evaluation;

/// <summary>
/// The weighted score of a run. A gate that passed counts its full weight; one that warned, failed,
/// errored or lacked evidence counts 0 of its weight; a waived gate is left out of both sides.
/// Results without a weight (roll-ups) take no part. With no weight left, the score is 100%.
/// </summary>
public static class ScoreCalculator
{
    /// <summary>How far below a threshold a score may fall by rounding and still meet it.</summary>
    private const double Tolerance = 1e-9;

    /// <summary>Scores a run's results against the thresholds.</summary>
    /// <param name="results">The results, in declaration order.</param>
    /// <param name="thresholds">The policy set's thresholds.</param>
    /// <returns>The score: pass at or above the pass threshold, warn at or above the warn threshold, fail below it or when a key gate did not pass.</returns>
    public static ScoreResult Compute(IEnumerable<GateResult> results, ScoreThresholds thresholds)
    {
        var earned = 0.0;
        var total = 0.0;
        var failedKeys = new List<string>();
        foreach (var result in results)
        {
            if (result.Weight is not { } weight || result.Status == GateStatus.Waived)
            {
                continue;
            }

            total += weight;
            if (result.Status == GateStatus.Pass)
            {
                earned += weight;
            }
            else if (result.Key)
            {
                failedKeys.Add(result.Gate);
            }
        }

        var score = total > 0 ? earned / total : 1.0;
        var status = failedKeys.Count > 0 ? GateStatus.Fail
            : score >= thresholds.PassAt - Tolerance ? GateStatus.Pass
            : score >= thresholds.WarnAt - Tolerance ? GateStatus.Warn
            : GateStatus.Fail;
        return new ScoreResult(score, thresholds.PassAt, thresholds.WarnAt, status, [.. failedKeys]);
    }
}
