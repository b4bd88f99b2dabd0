// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using System.Text.Json;
using RulesEngine.Models;

namespace RulesEnginePrepare;

/// <summary>A workflow run as the rules read it.</summary>
public sealed record Run(string Id, string Workflow, string? Step, DateTimeOffset StartedAt, DateTimeOffset EndedAt, string Outcome)
{
    /// <summary>Gets how long the run took.</summary>
    public TimeSpan Duration => EndedAt - StartedAt;
}

/// <summary>The window the rules read: its end and its two possible starts.</summary>
public sealed class Window(DateTimeOffset asOf)
{
    /// <summary>Gets the end of every window (exclusive).</summary>
    public DateTimeOffset AsOf { get; } = asOf;

    /// <summary>Gets the start of a 7-day window.</summary>
    public DateTimeOffset From7 { get; } = asOf.AddDays(-7);

    /// <summary>Gets the start of a 14-day window.</summary>
    public DateTimeOffset From14 { get; } = asOf.AddDays(-14);
}

/// <summary>
/// <c>RulesEnginePrepare &lt;workflow.json&gt;</c>: reads a RulesEngine workflow JSON, constructs
/// RulesEngine, executes every workflow once on a tiny input (RulesEngine compiles the rules on the
/// first execution) and exits: 0 when every rule compiled and ran, 1 otherwise.
/// </summary>
internal static class Program
{
    private static async Task<int> Main(string[] args)
    {
        var workflows = JsonSerializer.Deserialize<Workflow[]>(await File.ReadAllTextAsync(args[0])) ?? [];
        var engine = new RulesEngine.RulesEngine(workflows, new ReSettings());
        var asOf = new DateTimeOffset(2026, 11, 28, 12, 0, 0, TimeSpan.Zero);
        Run[] runs =
        [
            new("r1", "wf-00", null, asOf.AddHours(-3), asOf.AddHours(-1), "ok"),
            new("r1-ingest", "wf-00", "ingest", asOf.AddHours(-3), asOf.AddHours(-2.9), "ok"),
        ];
        var rules = 0;
        var errors = 0;
        foreach (var workflow in workflows)
        {
            var results = await engine.ExecuteAllRulesAsync(workflow.WorkflowName, new RuleParameter("Runs", runs), new RuleParameter("Ctx", new Window(asOf)));
            rules += results.Count;
            foreach (var failed in results.Where(r => !string.IsNullOrEmpty(r.ExceptionMessage)).Take(3))
            {
                errors++;
                await Console.Error.WriteLineAsync($"{failed.Rule.RuleName}: {failed.ExceptionMessage}");
            }
        }

        Console.WriteLine($"rules={rules}");
        return errors == 0 && rules > 0 ? 0 : 1;
    }
}
