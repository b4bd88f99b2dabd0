// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using System.Text.Json;
using AiOpsPolicy.Core.Diffing;
using AiOpsPolicy.Core.Results;

namespace AiOpsPolicy.Reporting.Diff;

/// <summary><c>diff --format json</c>: the policy diff as one indented JSON object, for tools.</summary>
public static class PolicyDiffJson
{
    /// <summary>Writes the diff as JSON.</summary>
    /// <param name="diff">The diff.</param>
    /// <param name="output">Where to write it.</param>
    public static void Write(PolicyDiff diff, Stream output)
    {
        using var json = new Utf8JsonWriter(output, new JsonWriterOptions { Indented = true });
        json.WriteStartObject();
        json.WriteString("base", diff.Base);
        json.WriteString("head", diff.Head);
        json.WriteString("headline", PolicyDiffWords.Headline(diff));
        json.WriteStartArray("changes");
        foreach (var change in diff.Changes)
        {
            json.WriteStartObject();
            json.WriteString("kind", change.Kind.ToString());
            json.WriteString("name", change.Name);
            json.WriteString("change", PolicyDiffWords.Word(change.Change));
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
            json.WriteString("asOf", PolicyDiffWords.Time(diff.EvaluatedAt));
            json.WriteString("baseDecision", diff.BaseDecision);
            json.WriteString("headDecision", diff.HeadDecision);
            json.WriteStartArray("flips");
            foreach (var flip in diff.Flips)
            {
                json.WriteStartObject();
                json.WriteString("gate", flip.Gate);
                json.WriteString("severity", PolicyDiffWords.Severity(flip.Severity));
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
}
