// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using System.Text;
using System.Text.RegularExpressions;
using AiOpsPolicy.Sources.Configuration;
using AiOpsPolicy.Sources.Output;

namespace AiOpsPolicy.Sources.Otlp;

/// <summary>
/// Maps spans to evidence (docs/collect.md, "OpenTelemetry traces"). A span with the workflow attribute is
/// a workflow run (with the step attribute, a run of that step). An <c>invoke_agent</c> span
/// (<c>gen_ai.operation.name</c>, the GenAI semantic conventions) that no other <c>invoke_agent</c> span
/// encloses is an agent run; a human stepped in when a span under it carries the human attribute or event,
/// or is an <c>execute_tool</c> span of a tool that hands over to a human. Only spans that ended in the
/// window count. Attribute values are untrusted: names must be kebab-case, text is bounded.
/// </summary>
internal static partial class SpanMapper
{
    private const string OperationName = "gen_ai.operation.name";
    private const string AgentName = "gen_ai.agent.name";
    private const string ToolName = "gen_ai.tool.name";
    private const int MaxOutcomeLength = 100;

    public static List<OutputRecord> WorkflowRuns(IEnumerable<OtlpSpan> spans, OtlpSource source, CollectionWindow window, ref int leftOut)
    {
        var records = new List<OutputRecord>();
        foreach (var span in spans)
        {
            if (span.Attribute(source.WorkflowAttribute) is not { } workflowValue || !InWindow(span, window))
            {
                continue;
            }

            var workflow = workflowValue as string;
            var step = span.Attribute(source.StepAttribute);
            var outcome = span.Attribute(source.OutcomeAttribute) is { } o ? o as string : span.Status == 2 ? "error" : "ok";
            if (workflow is null || !Kebab().IsMatch(workflow) || (step is not null && (step is not string s || !Kebab().IsMatch(s)))
                || outcome is null || outcome.Length is 0 or > MaxOutcomeLength || outcome.Any(char.IsControl) || span.EndNanos < span.StartNanos)
            {
                leftOut++;
                continue;
            }

            var transactions = span.Attribute("aiops.transactions") is long t and >= 0 and <= int.MaxValue ? (long?)t : null;
            var id = $"{span.TraceId}-{span.SpanId}";
            records.Add(new OutputRecord(id,
            [
                new("id", id),
                new("workflow", workflow),
                new("step", step as string),
                new("startedAt", Time(span.StartNanos)),
                new("endedAt", Time(span.EndNanos)),
                new("outcome", outcome),
                new("transactions", transactions),
            ]));
        }

        return records;
    }

    public static List<OutputRecord> AgentRuns(IReadOnlyList<OtlpSpan> spans, OtlpSource source, CollectionWindow window, ref int leftOut)
    {
        var records = new List<OutputRecord>();
        foreach (var trace in spans.GroupBy(s => s.TraceId, StringComparer.Ordinal))
        {
            var byId = new Dictionary<string, OtlpSpan>(StringComparer.Ordinal);
            foreach (var span in trace)
            {
                byId.TryAdd(span.SpanId, span);
            }

            var children = trace.Where(s => s.ParentSpanId is not null).ToLookup(s => s.ParentSpanId!, StringComparer.Ordinal);
            foreach (var span in byId.Values.Where(s => IsAgent(s) && !EnclosedByAgent(s, byId)))
            {
                if (!InWindow(span, window))
                {
                    continue;
                }

                var workflow = span.Attribute(source.WorkflowAttribute) as string ?? Kebab(span.Attribute(AgentName) as string);
                if (workflow is null || !Kebab().IsMatch(workflow))
                {
                    leftOut++;
                    continue;
                }

                var under = Descendants(span, children).Prepend(span).ToList();
                var correct = span.Attribute(source.CorrectAttribute) is bool c ? c : span.Status != 2;
                var human = under.Any(s => s.Attributes.TryGetValue(source.HumanAttribute, out var h) && h is true
                    || s.Events.Any(e => e.Name == source.HumanAttribute)
                    || (s.Attribute(OperationName) as string == "execute_tool" && s.Attribute(ToolName) is string tool && source.HumanTools.Contains(tool, StringComparer.Ordinal)));
                var id = $"{span.TraceId}-{span.SpanId}";
                records.Add(new OutputRecord(id,
                [
                    new("id", id),
                    new("workflow", workflow),

                    // A span that ends before it starts keeps its run (as before startedAt was mapped) without a start.
                    new("startedAt", span.StartNanos <= span.EndNanos ? Time(span.StartNanos) : null),
                    new("completedAt", Time(span.EndNanos)),
                    new("correct", correct),
                    new("humanIntervened", human),
                ]));
            }
        }

        return records;
    }

    /// <summary>
    /// An agent's name as a workflow name: lower case, runs of other characters as one hyphen
    /// (<c>Triage Agent</c> is <c>triage-agent</c>); null when nothing is left.
    /// </summary>
    internal static string? Kebab(string? name)
    {
        if (name is null || name.Length > 200)
        {
            return null;
        }

        var text = new StringBuilder();
        foreach (var c in name.ToLowerInvariant())
        {
            if (c is >= 'a' and <= 'z' or >= '0' and <= '9')
            {
                text.Append(c);
            }
            else if (text.Length > 0 && text[^1] != '-')
            {
                text.Append('-');
            }
        }

        var result = text.ToString().Trim('-');
        return result.Length is > 0 and <= 64 ? result : null;
    }

    private static bool IsAgent(OtlpSpan span) => span.Attribute(OperationName) as string == "invoke_agent";

    private static bool EnclosedByAgent(OtlpSpan span, Dictionary<string, OtlpSpan> byId)
    {
        // Bounded by the trace's size, so a parent cycle a hostile exporter sends cannot loop forever.
        var seen = 0;
        var parent = span.ParentSpanId;
        while (parent is not null && byId.TryGetValue(parent, out var next) && seen++ < byId.Count)
        {
            if (IsAgent(next))
            {
                return true;
            }

            parent = next.ParentSpanId;
        }

        return false;
    }

    private static IEnumerable<OtlpSpan> Descendants(OtlpSpan root, ILookup<string, OtlpSpan> children)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal) { root.SpanId };
        var stack = new Stack<OtlpSpan>(children[root.SpanId]);
        while (stack.Count > 0)
        {
            var span = stack.Pop();
            if (!seen.Add(span.SpanId))
            {
                continue;
            }

            yield return span;
            foreach (var child in children[span.SpanId])
            {
                stack.Push(child);
            }
        }
    }

    private static bool InWindow(OtlpSpan span, CollectionWindow window)
    {
        var end = Time(span.EndNanos);
        return end >= window.Start && end < window.AsOf;
    }

    private static DateTimeOffset Time(long nanos) => DateTimeOffset.UnixEpoch.AddTicks(nanos / 100);

    [GeneratedRegex("^[a-z][a-z0-9]*(-[a-z0-9]+)*$", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 1000)]
    private static partial Regex Kebab();
}
