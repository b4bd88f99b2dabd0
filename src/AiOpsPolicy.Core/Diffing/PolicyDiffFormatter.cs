// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using System.Globalization;
using System.Text;
using System.Text.Json;
using AiOpsPolicy.Core.Model;
using AiOpsPolicy.Core.Results;

namespace AiOpsPolicy.Core.Diffing;

/// <summary>
/// Writes a policy diff as plain text or as JSON, and words its headline. The Markdown form, for a pull-request
/// comment, is <c>PolicyDiffMarkdown</c> in AiOpsPolicy.Reporting: it needs the reports' Markdown neutraliser.
/// </summary>
public static class PolicyDiffFormatter
{
    /// <summary>How many changes and flips the headline names before it says "and N more".</summary>
    private const int HeadlineItems = 3;

    /// <summary>The diff as plain text.</summary>
    /// <param name="diff">The diff.</param>
    /// <returns>The text, lines ending in \n.</returns>
    public static string ToText(PolicyDiff diff)
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"Policy diff: {diff.Base} -> {diff.Head}: {diff.Changes.Length} change(s)\n");
        foreach (var change in diff.Changes)
        {
            var values = change.Before is null && change.After is null ? string.Empty : $": {change.Before ?? "(none)"} -> {change.After ?? "(none)"}";
            var aspect = change.Aspect.Length == 0 ? string.Empty : " " + change.Aspect;
            text.Append(CultureInfo.InvariantCulture, $"  {Word(change.Change),-9} {PolicyDiffer.Word(change.Kind)} {change.Name}{aspect}{values}\n");
        }

        if (diff.Evaluated)
        {
            text.Append(CultureInfo.InvariantCulture, $"\nOn the same evidence as of {Time(diff.EvaluatedAt)}: {diff.Flips.Length} gate(s) change status\n");
            foreach (var flip in diff.Flips)
            {
                text.Append(CultureInfo.InvariantCulture, $"  {flip.Gate} ({Severity(flip.Severity)}): {Status(flip.Base, flip.BaseObserved)} -> {Status(flip.Head, flip.HeadObserved)}\n");
            }

            text.Append(CultureInfo.InvariantCulture, $"Decision: {diff.BaseDecision} -> {diff.HeadDecision}\n");
        }

        return text.ToString();
    }

    /// <summary>The one-sentence summary a reviewer reads first.</summary>
    /// <param name="diff">The diff.</param>
    /// <returns>The sentence.</returns>
    public static string Headline(PolicyDiff diff) => Headline(diff, text => text);

    /// <summary>
    /// The one-sentence summary, with every piece of policy text (change descriptions, gate names) passed
    /// through <paramref name="text"/> and the sentence's own emphasis left as it is: the Markdown diff
    /// (AiOpsPolicy.Reporting) passes its neutraliser, so a name or value cannot ping, link or mark up.
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

    /// <summary>Writes the diff as JSON.</summary>
    /// <param name="diff">The diff.</param>
    /// <param name="output">Where to write it.</param>
    public static void WriteJson(PolicyDiff diff, Stream output)
    {
        using var json = new Utf8JsonWriter(output, new JsonWriterOptions { Indented = true });
        json.WriteStartObject();
        json.WriteString("base", diff.Base);
        json.WriteString("head", diff.Head);
        json.WriteString("headline", Headline(diff));
        json.WriteStartArray("changes");
        foreach (var change in diff.Changes)
        {
            json.WriteStartObject();
            json.WriteString("kind", change.Kind.ToString());
            json.WriteString("name", change.Name);
            json.WriteString("change", Word(change.Change));
            json.WriteString("aspect", change.Aspect);
            json.WriteString("before", change.Before);
            json.WriteString("after", change.After);
            json.WriteString("description", change.Description);
            json.WriteEndObject();
        }

        json.WriteEndArray();
        if (diff.Evaluated)
        {
            json.WriteStartObject("evaluation");
            json.WriteString("asOf", Time(diff.EvaluatedAt));
            json.WriteString("baseDecision", diff.BaseDecision);
            json.WriteString("headDecision", diff.HeadDecision);
            json.WriteStartArray("flips");
            foreach (var flip in diff.Flips)
            {
                json.WriteStartObject();
                json.WriteString("gate", flip.Gate);
                json.WriteString("severity", Severity(flip.Severity));
                json.WriteString("base", flip.Base?.ToText());
                json.WriteString("baseObserved", flip.BaseObserved);
                json.WriteString("head", flip.Head?.ToText());
                json.WriteString("headObserved", flip.HeadObserved);
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        json.WriteEndObject();
        json.Flush();
        output.WriteByte((byte)'\n');
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

    private static string Status(GateStatus? status, string? observed) => observed is null ? Word(status) : $"{Word(status)} ({observed})";

    /// <summary>A severity as the diff words it.</summary>
    /// <param name="severity">The severity.</param>
    /// <returns>The word.</returns>
    public static string Severity(GateSeverity severity) => severity == GateSeverity.Block ? "block" : "warn";

    /// <summary>The evaluation time as the diff prints it, in UTC to the second.</summary>
    /// <param name="time">The time.</param>
    /// <returns>The text; empty when not evaluated.</returns>
    public static string Time(DateTimeOffset? time) => time?.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture) ?? string.Empty;

}
