// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using System.Globalization;
using System.Text;
using AiOpsPolicy.Core.Diffing;
using AiOpsPolicy.Core.Results;

namespace AiOpsPolicy.Reporting.Diff;

/// <summary>
/// <c>diff --format markdown</c>: the policy diff as a pull-request comment, a headline sentence and then tables.
/// Every piece of policy text (names, aspects, old and new values, descriptions, the revisions compared) goes
/// through <see cref="MarkdownReportWriter.Escape"/>, the neutraliser of gate's Markdown summary, because a
/// pull request writes that text and the comment is rendered where people are notified: a value cannot
/// mention anyone, link anywhere, carry HTML or markup, break a table, or start a line of its own (so no
/// workflow command either).
/// </summary>
public static class PolicyDiffMarkdown
{
    /// <summary>The diff as Markdown.</summary>
    /// <param name="diff">The diff.</param>
    /// <returns>The Markdown, lines ending in \n.</returns>
    public static string Write(PolicyDiff diff)
    {
        ArgumentNullException.ThrowIfNull(diff);
        var md = new StringBuilder();
        md.Append("### Policy diff\n\n");
        md.Append(PolicyDiffWords.Headline(diff, MarkdownReportWriter.Escape)).Append("\n\n");
        md.Append(CultureInfo.InvariantCulture, $"Comparing {Escape(diff.Base)} (base) with {Escape(diff.Head)} (head).\n");
        if (!diff.Changes.IsEmpty)
        {
            md.Append("\n| change | kind | name | what | before | after |\n|---|---|---|---|---|---|\n");
            foreach (var change in diff.Changes)
            {
                md.Append(CultureInfo.InvariantCulture, $"| {PolicyDiffWords.Word(change.Change)} | {PolicyDiffer.Word(change.Kind)} | {Escape(change.Name)} | {Cell(change.Aspect)} | {Cell(change.Before)} | {Cell(change.After)} |\n");
            }
        }

        if (diff.Evaluated)
        {
            md.Append(CultureInfo.InvariantCulture, $"\n#### Gates that change status on the same evidence (as of {PolicyDiffWords.Time(diff.EvaluatedAt)})\n\n");
            if (diff.Flips.IsEmpty)
            {
                md.Append("No gate changes status.\n");
            }
            else
            {
                md.Append("| gate | severity | base | head |\n|---|---|---|---|\n");
                foreach (var flip in diff.Flips)
                {
                    md.Append(CultureInfo.InvariantCulture, $"| {Escape(flip.Gate)} | {PolicyDiffWords.Severity(flip.Severity)} | {Bold(flip.Base, flip.BaseObserved)} | {Bold(flip.Head, flip.HeadObserved)} |\n");
                }
            }

            md.Append(CultureInfo.InvariantCulture, $"\nRelease decision: **{Escape(diff.BaseDecision ?? "-")}** -> **{Escape(diff.HeadDecision ?? "-")}**\n");
        }

        return md.ToString();
    }

    private static string Escape(string text) => MarkdownReportWriter.Escape(text);

    /// <summary>A table cell: "-" when there is nothing, else the escaped text (one line: the neutraliser turns line breaks into spaces).</summary>
    private static string Cell(string? text) => string.IsNullOrEmpty(text) ? "-" : Escape(text);

    private static string Bold(GateStatus? status, string? observed) =>
        observed is null ? $"**{PolicyDiffWords.Word(status)}**" : $"**{PolicyDiffWords.Word(status)}** ({Escape(observed)})";
}
