// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using System.Globalization;
using System.Text;
using AiOpsPolicy.Core.Diffing;
using AiOpsPolicy.Core.Model;
using AiOpsPolicy.Core.Results;

namespace AiOpsPolicy.Reporting.Diff;

/// <summary>
/// How every form of the policy diff (text, JSON, Markdown) words it: the headline sentence, change kinds, gate statuses,
/// severities and the evaluation time, so that the three forms say the same thing.
/// </summary>
public static class PolicyDiffWords
{
    /// <summary>How many changes and flips the headline names before it says "and N more".</summary>
    private const int HeadlineItems = 3;

    /// <summary>The one-sentence summary a reviewer reads first.</summary>
    /// <param name="diff">The diff.</param>
    /// <returns>The sentence.</returns>
    public static string Headline(PolicyDiff diff) => Headline(diff, text => text);

    /// <summary>
    /// The one-sentence summary, with every piece of policy text (change descriptions, gate names) passed
    /// through <paramref name="text"/> and the sentence's own emphasis left as it is: the Markdown diff
    /// (<see cref="PolicyDiffMarkdown"/>) passes its neutraliser, so a name or value cannot ping, link or mark up.
    /// </summary>
    /// <param name="diff">The diff.</param>
    /// <param name="text">Escapes policy text for the target format.</param>
    /// <returns>The sentence.</returns>
    public static string Headline(PolicyDiff diff, Func<string, string> text)
    {
        ArgumentNullException.ThrowIfNull(diff);
        ArgumentNullException.ThrowIfNull(text);
        var sentence = new StringBuilder();
        if (diff.Changes.IsEmpty)
        {
            sentence.Append("This PR changes no policy semantics");
        }
        else
        {
            // Gates first, and among them what moves a bound or a severity: that is what decides releases.
            var ordered = diff.Changes
                .OrderBy(c => c.Kind == PolicyKind.Gate ? 0 : 1)
                .ThenBy(c => c.Change is PolicyChangeKind.Tightened or PolicyChangeKind.Loosened ? 0 : c.Change is PolicyChangeKind.Added or PolicyChangeKind.Removed ? 1 : 2)
                .Select(c => text(c.Description))
                .ToList();
            sentence.Append("This PR ").Append(Join(ordered, "change(s)"));
        }

        if (diff.Evaluated)
        {
            var decision = diff.BaseDecision != diff.HeadDecision ? $"the release decision would flip from **{diff.BaseDecision}** to **{diff.HeadDecision}**" : null;
            if (diff.Flips.IsEmpty)
            {
                sentence.Append("; with this evidence no gate would change status");
            }
            else if (diff.Flips.Length == 1 && diff.Changes.Select(c => c.Name).Distinct(StringComparer.Ordinal).ToList() is [var only] && only == diff.Flips[0].Gate)
            {
                var flip = diff.Flips[0];
                sentence.Append(CultureInfo.InvariantCulture, $"; with this evidence the release gate would flip from **{Word(flip.Base)}** to **{Word(flip.Head)}**");
                sentence.Append(decision is null ? string.Empty : ", and " + decision);
            }
            else
            {
                var flips = diff.Flips.Select(f => $"`{text(f.Gate)}` would flip from **{Word(f.Base)}** to **{Word(f.Head)}**").ToList();
                sentence.Append("; with this evidence ").Append(Join(flips, "gate(s) would flip"));
                sentence.Append(decision is null ? string.Empty : ", and " + decision);
            }
        }

        return sentence.Append('.').ToString();
    }

    private static string Join(List<string> items, string rest)
    {
        var shown = items.Take(HeadlineItems).ToList();
        var more = items.Count - shown.Count;
        if (more > 0)
        {
            return string.Join(", ", shown) + $", and {more} more {rest}";
        }

        return shown.Count == 1 ? shown[0] : string.Join(", ", shown.Take(shown.Count - 1)) + " and " + shown[^1];
    }

    /// <summary>A change kind as the diff words it.</summary>
    /// <param name="change">The kind.</param>
    /// <returns>The word.</returns>
    public static string Word(PolicyChangeKind change) => change.ToString().ToLowerInvariant();

    /// <summary>A gate status as the diff words it; "absent" for a gate one side does not have.</summary>
    /// <param name="status">The status.</param>
    /// <returns>The word.</returns>
    public static string Word(GateStatus? status) => status?.ToText() ?? "absent";

    /// <summary>A severity as the diff words it.</summary>
    /// <param name="severity">The severity.</param>
    /// <returns>The word.</returns>
    public static string Severity(GateSeverity severity) => severity == GateSeverity.Block ? "block" : "warn";

    /// <summary>The evaluation time as the diff prints it, in UTC to the second.</summary>
    /// <param name="time">The time.</param>
    /// <returns>The text; empty when not evaluated.</returns>
    public static string Time(DateTimeOffset? time) => time?.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture) ?? string.Empty;
}
