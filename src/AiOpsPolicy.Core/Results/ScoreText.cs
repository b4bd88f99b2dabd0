// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using AiOpsPolicy.Core.Units;

namespace AiOpsPolicy.Core.Results;

/// <summary>The score as every report writes it, so that the formats agree.</summary>
public static class ScoreText
{
    /// <summary>"87.5% (pass at 90%, warn at 75%): warn", then the key gates that did not pass, if any.</summary>
    /// <param name="score">The score.</param>
    /// <returns>The line.</returns>
    public static string Describe(ScoreResult score)
    {
        var text = $"{UnitFormat.Percentage(score.Score)} (pass at {UnitFormat.Percentage(score.PassAt)}, warn at {UnitFormat.Percentage(score.WarnAt)}): {score.Status.ToText()}";
        return score.FailedKeyGates.IsEmpty ? text : $"{text}; key gate(s) not passing, which fail the set whatever the score: {string.Join(", ", score.FailedKeyGates)}";
    }
}
