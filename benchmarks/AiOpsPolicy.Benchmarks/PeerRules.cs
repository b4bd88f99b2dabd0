// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using System.Globalization;
using System.Text;
using System.Text.Json;
using AiOpsPolicy.Core.Evidence;

namespace AiOpsPolicy.Benchmarks;

/// <summary>
/// The time window every peer rule reads, computed once from the as-of time by the caller, as a
/// user of a rules engine passes run-time inputs: the end of the window and its two possible starts.
/// Public: Roslyn scripting and the expression libraries bind to it by reflection.
/// </summary>
public sealed class SlaWindow(DateTimeOffset asOf)
{
    /// <summary>Gets the end of every window (exclusive): the as-of time.</summary>
    public DateTimeOffset AsOf { get; } = asOf;

    /// <summary>Gets the start of a 7-day window (inclusive).</summary>
    public DateTimeOffset From7 { get; } = asOf.AddDays(-7);

    /// <summary>Gets the start of a 14-day window (inclusive).</summary>
    public DateTimeOffset From14 { get; } = asOf.AddDays(-14);
}

/// <summary>The globals of a Roslyn script rule: the same two names the other peers' rules use.</summary>
public sealed class SlaGlobals
{
    /// <summary>Gets or sets the workflow runs, as loaded by the engine.</summary>
    public WorkflowRun[] Runs { get; set; } = [];

    /// <summary>Gets or sets the window.</summary>
    public SlaWindow Ctx { get; set; } = new(DateTimeOffset.UnixEpoch);
}

/// <summary>
/// The SLA gates of <see cref="MetricsScenario"/> as the rule text a user of a general-purpose
/// expression engine writes: one boolean expression per gate over the raw list of runs
/// (<c>Runs</c>) and the window (<c>Ctx</c>), computing the attainment with two LINQ counts and
/// comparing it with the gate's minimum. The same text is given to RulesEngine, DynamicExpresso and
/// Roslyn scripting; the hand-written baseline is the same expression in compiled C#.
/// </summary>
internal static class PeerRules
{
    public const string WorkflowName = "sla";

    /// <summary>The rule expression of one gate.</summary>
    public static string Expression(SlaGate gate)
    {
        var step = gate.Step is null ? "r.Step == null" : $"r.Step == \"{gate.Step}\"";
        var scope = $"r.Workflow == \"{gate.Workflow}\" && {step} && r.EndedAt >= Ctx.From{gate.WindowDays} && r.EndedAt < Ctx.AsOf";
        var met = string.Create(CultureInfo.InvariantCulture, $"r.Duration.TotalSeconds <= {gate.Time.TotalSeconds:R}");
        if (gate.Quality is not null)
        {
            met += $" && r.Outcome == \"{gate.Quality}\"";
        }

        return string.Create(CultureInfo.InvariantCulture, $"1.0 * Runs.Count(r => {scope} && {met}) / Runs.Count(r => {scope}) >= {gate.MinFraction:R}");
    }

    /// <summary>The same rule, compiled C#: the hand-written limit for one-expression-per-rule evaluation.</summary>
    public static bool HandWritten(SlaGate gate, WorkflowRun[] runs, SlaWindow ctx)
    {
        var from = gate.WindowDays == 7 ? ctx.From7 : ctx.From14;
        var seconds = gate.Time.TotalSeconds;
        var quality = gate.Quality;
        return 1.0 * runs.Count(r => r.Workflow == gate.Workflow && r.Step == gate.Step && r.EndedAt >= from && r.EndedAt < ctx.AsOf && r.Duration.TotalSeconds <= seconds && (quality is null || r.Outcome == quality))
            / runs.Count(r => r.Workflow == gate.Workflow && r.Step == gate.Step && r.EndedAt >= from && r.EndedAt < ctx.AsOf) >= gate.MinFraction;
    }

    /// <summary>
    /// The RulesEngine workflow JSON of the gates (RuleExpressionType left at its default,
    /// LambdaExpression): what a RulesEngine user keeps in a file or a database.
    /// </summary>
    public static string WorkflowJson(IReadOnlyList<SlaGate> gates)
    {
        var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            json.WriteStartArray();
            json.WriteStartObject();
            json.WriteString("WorkflowName", WorkflowName);
            json.WriteStartArray("Rules");
            foreach (var gate in gates)
            {
                json.WriteStartObject();
                json.WriteString("RuleName", gate.Name);
                json.WriteString("SuccessEvent", "pass");
                json.WriteString("Expression", Expression(gate));
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
            json.WriteEndArray();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    /// <summary>One expression per line, for <c>benchmarks/PlainRoslyn</c>: the gates' rules, cycled to <paramref name="count"/>.</summary>
    public static string ExpressionLines(IReadOnlyList<SlaGate> gates, int count) =>
        string.Join('\n', Enumerable.Range(0, count).Select(i => Expression(gates[i % gates.Count]))) + "\n";
}
