// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using AiOpsPolicy.Core.Results;

namespace AiOpsPolicy.Cli;

/// <summary>The readable summary of a gate run: a table of every gate, then what did not pass and why, then the decision.</summary>
internal sealed class ConsoleSummary
{
    private const string Reset = "\u001b[0m";
    private const string Bold = "\u001b[1m";
    private const string Dim = "\u001b[2m";

    private readonly IConsole _console;
    private readonly bool _color;

    public ConsoleSummary(IConsole console, bool color)
    {
        _console = console;
        _color = color;
    }

    public void Write(GateRunResult result, bool fromCache)
    {
        var output = _console.Out;
        var version = result.PolicySetVersion is null ? string.Empty : " " + result.PolicySetVersion;
        output.WriteLine($"{Style(Bold, result.PolicySet + version)}: {result.Gates.Length} gate(s) as of {result.EvaluatedAt.ToUniversalTime():yyyy-MM-dd'T'HH:mm:ss'Z'}{(fromCache ? Style(Dim, " (cached compilation)") : string.Empty)}");
        output.WriteLine();

        string[] headers = ["STATUS", "GATE", "SEVERITY", "OBSERVED", "BOUND"];
        var rows = result.Gates
            .Select(g => new[] { g.Status.ToText(), g.Gate, g.Severity.ToString().ToLowerInvariant(), g.Observed ?? (g.ConditionHeld is { } h ? (h ? "condition holds" : "condition fails") : "-"), g.Bound ?? "-" })
            .ToList();
        var widths = Enumerable.Range(0, headers.Length).Select(i => Math.Max(headers[i].Length, rows.Select(r => r[i].Length).DefaultIfEmpty(0).Max())).ToArray();
        output.WriteLine("  " + Style(Bold, string.Join("  ", headers.Select((h, i) => h.PadRight(widths[i]))).TrimEnd()));
        for (var r = 0; r < rows.Count; r++)
        {
            var cells = rows[r].Select((c, i) => c.PadRight(widths[i])).ToArray();
            cells[0] = Style(StatusColor(result.Gates[r].Status), cells[0]);
            output.WriteLine("  " + string.Join("  ", cells).TrimEnd());
        }

        var notPassed = result.Gates.Where(g => g.Status != GateStatus.Pass).ToList();
        if (notPassed.Count > 0)
        {
            output.WriteLine();
            foreach (var gate in notPassed)
            {
                output.WriteLine($"  {Style(StatusColor(gate.Status), gate.Status.ToText())} {Style(Bold, gate.Gate)} ({gate.Severity.ToString().ToLowerInvariant()}{(gate.Blocks ? ", blocks" : string.Empty)}): {gate.Explanation}");
                foreach (var record in gate.Metrics.SelectMany(m => m.FailingRecords).Distinct(StringComparer.Ordinal).Take(5))
                {
                    output.WriteLine($"      {Style(Dim, "record: " + record)}");
                }

                if (gate.Waiver is { } waiver)
                {
                    output.WriteLine($"      {Style(Dim, $"waived by {waiver.Owner} until {waiver.Expires.ToUniversalTime():yyyy-MM-dd'T'HH:mm:ss'Z'} ({waiver.Name}, {waiver.Ticket})")}");
                }

                output.WriteLine($"      {Style(Dim, gate.Location.ToString())}");
            }
        }

        output.WriteLine();
        if (result.Score is { } score)
        {
            output.WriteLine($"{Style(Bold, "Score:")} {Style(StatusColor(score.Status), ScoreText.Describe(score))}");
        }

        var counts = string.Join(", ", Enum.GetValues<GateStatus>().Select(s => $"{result.Count(s)} {s.ToText()}"));
        var blockers = result.Gates.Count(g => g.Blocks);
        var byScore = result.Score is { Status: GateStatus.Fail } ? (blockers > 0 ? " and the score" : " the score") : string.Empty;
        var decision = result.Blocked
            ? Style("\u001b[1;31m", "Decision: BLOCKED") + " by" + (blockers > 0 || byScore.Length == 0 ? $" {blockers} gate(s)" : string.Empty) + byScore
            : Style("\u001b[1;32m", "Decision: ALLOWED");
        output.WriteLine($"{decision} ({counts})");
    }

    private static string StatusColor(GateStatus status) => status switch
    {
        GateStatus.Pass => "\u001b[32m",
        GateStatus.Warn => "\u001b[33m",
        GateStatus.Fail => "\u001b[31m",
        GateStatus.Error => "\u001b[35m",
        _ => "\u001b[36m",
    };

    private string Style(string code, string text) => _color ? code + text + Reset : text;
}
