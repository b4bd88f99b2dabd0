// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using System.Globalization;
using System.Text;
using AiOpsPolicy.Core.Diffing;
using AiOpsPolicy.Core.Results;

namespace AiOpsPolicy.Reporting.Diff;

/// <summary><c>diff --format text</c> (the default): the policy diff as plain text, a line per change and per flipped gate.</summary>
public static class PolicyDiffText
{
    /// <summary>The diff as plain text.</summary>
    /// <param name="diff">The diff.</param>
    /// <returns>The text, lines ending in \n.</returns>
    public static string Write(PolicyDiff diff)
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"Policy diff: {diff.Base} -> {diff.Head}: {diff.Changes.Length} change(s)\n");
        foreach (var change in diff.Changes)
        {
            var values = change.Before is null && change.After is null ? string.Empty : $": {change.Before ?? "(none)"} -> {change.After ?? "(none)"}";
            var aspect = change.Aspect.Length == 0 ? string.Empty : " " + change.Aspect;
            text.Append(CultureInfo.InvariantCulture, $"  {PolicyDiffWords.Word(change.Change),-9} {PolicyDiffer.Word(change.Kind)} {change.Name}{aspect}{values}\n");
        }

        if (diff.Evaluated)
        {
            text.Append(CultureInfo.InvariantCulture, $"\nOn the same evidence as of {PolicyDiffWords.Time(diff.EvaluatedAt)}: {diff.Flips.Length} gate(s) change status\n");
            foreach (var flip in diff.Flips)
            {
                text.Append(CultureInfo.InvariantCulture, $"  {flip.Gate} ({PolicyDiffWords.Severity(flip.Severity)}): {Status(flip.Base, flip.BaseObserved)} -> {Status(flip.Head, flip.HeadObserved)}\n");
            }

            text.Append(CultureInfo.InvariantCulture, $"Decision: {diff.BaseDecision} -> {diff.HeadDecision}\n");
        }

        return text.ToString();
    }

    private static string Status(GateStatus? status, string? observed) => observed is null ? PolicyDiffWords.Word(status) : $"{PolicyDiffWords.Word(status)} ({observed})";
}
