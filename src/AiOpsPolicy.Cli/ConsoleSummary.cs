// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using AiOpsPolicy.Core.Results;

namespace AiOpsPolicy.Cli;

/// <summary>The readable summary of a gate run: a table of every gate, then what did not pass and why, then the decision.</summary>
internal sealed class ConsoleSummary
{
    private const string Reset = "\u001b[0m";
    private const string Bold = "\u001b[1m";
    private const string Dim = "\u001b[2m";
    private const int MaxChangedGates = 5;

    private readonly IConsole _console;
    private readonly bool _color;

    public ConsoleSummary(IConsole console, bool color)
    {
        _console = console;
        _color = color;
    }

    public void Write(GateRunResult result, bool fromCache, Reporting.Review.ReportTrends? trends = null)
    {
        var output = _console.Out;
        var version = result.PolicySetVersion is null ? string.Empty : " " + S(result.PolicySetVersion);
        output.WriteLine($"{Style(Bold, S(result.PolicySet) + version)}: {result.Gates.Length} gate(s) as of {result.EvaluatedAt.ToUniversalTime():yyyy-MM-dd'T'HH:mm:ss'Z'}{(fromCache ? Style(Dim, " (cached compilation)") : string.Empty)}");
        output.WriteLine();

        string[] headers = ["STATUS", "GATE", "SEVERITY", "OBSERVED", "BOUND"];
        var rows = result.Gates
            .Select(g => new[] { g.Status.ToText(), S(g.Gate), g.Severity.ToString().ToLowerInvariant(), S(g.Observed ?? (g.ConditionHeld is { } h ? (h ? "condition holds" : "condition fails") : "-")), S(g.Bound ?? "-") })
            .ToList();
        var widths = Enumerable.Range(0, headers.Length).Select(i => Math.Max(headers[i].Length, rows.Select(r => r[i].Length).DefaultIfEmpty(0).Max())).ToArray();
        output.WriteLine("  " + Style(Bold, string.Join("  ", headers.Select((h, i) => h.PadRight(widths[i]))).TrimEnd()));
        for (var r = 0; r < rows.Count; r++)
        {
            var cells = rows[r].Select((c, i) => c.PadRight(widths[i])).ToArray();
            cells[0] = Style(StatusColor(result.Gates[r].Status), cells[0]);
            output.WriteLine("  " + string.Join("  ", cells).TrimEnd());
        }

        if (trends is not null)
        {
            WriteTrends(trends, result.PolicySet);
        }

        var notPassed = result.Gates.Where(g => g.Status != GateStatus.Pass).ToList();
        if (notPassed.Count > 0)
        {
            output.WriteLine();
            foreach (var gate in notPassed)
            {
                output.WriteLine($"  {Style(StatusColor(gate.Status), gate.Status.ToText())} {Style(Bold, S(gate.Gate))} ({gate.Severity.ToString().ToLowerInvariant()}{(gate.Blocks ? ", blocks" : string.Empty)}): {S(gate.Explanation)}");
                foreach (var record in gate.Metrics.SelectMany(m => m.FailingRecords).Distinct(StringComparer.Ordinal).Take(5))
                {
                    output.WriteLine($"      {Style(Dim, "record: " + S(record))}");
                }

                if (gate.Waiver is { } waiver)
                {
                    output.WriteLine($"      {Style(Dim, $"waived by {S(waiver.Owner)} {WaiverExpiry.Describe(waiver.Expires)} ({S(waiver.Name)}, {S(waiver.Ticket)})")}");
                }

                output.WriteLine($"      {Style(Dim, S(gate.Location.ToString()))}");
            }
        }

        WriteFindings(result);
        var dataQuality = Reporting.DataQualityReport.ConsoleLines(result.DataQuality).ToList();
        if (dataQuality.Count > 0)
        {
            output.WriteLine();
            output.WriteLine("  " + Style(Bold, dataQuality[0]));
            foreach (var line in dataQuality.Skip(1))
            {
                output.WriteLine("  " + Style(Dim, line));
            }
        }

        output.WriteLine();
        if (result.Score is { } score)
        {
            output.WriteLine($"{Style(Bold, "Score:")} {Style(StatusColor(score.Status), S(ScoreText.Describe(score)))}");
        }

        var counts = string.Join(", ", Enum.GetValues<GateStatus>().Select(s => $"{result.Count(s)} {s.ToText()}"));
        var blockers = result.Gates.Count(g => g.Blocks);
        var byScore = result.Score is { Status: GateStatus.Fail } ? (blockers > 0 ? " and the score" : " the score") : string.Empty;
        var decision = result.Blocked
            ? Style("\u001b[1;31m", "Decision: BLOCKED") + " by" + (blockers > 0 || byScore.Length == 0 ? $" {blockers} gate(s)" : string.Empty) + byScore
            : Style("\u001b[1;32m", "Decision: ALLOWED");
        output.WriteLine($"{decision} ({counts})");
    }

    /// <summary>The findings: observations that never block, after the gates and before the decision.</summary>
    private void WriteFindings(GateRunResult result)
    {
        if (result.Findings.IsEmpty)
        {
            return;
        }

        var output = _console.Out;
        output.WriteLine();
        output.WriteLine($"  {Style(Bold, "Findings")} {Style(Dim, "(never block)")}");
        foreach (var finding in result.Findings)
        {
            var group = finding.Group is null ? string.Empty : $" [{S(finding.Group)}]";
            var label = finding.Status == FindingStatus.Error ? Style("\u001b[35m", "error") + " " : string.Empty;
            output.WriteLine($"  - {label}{Style(Bold, S(finding.Name))}{group}: {S(finding.Message)}");
        }
    }

    /// <summary>Two to four lines from the history store: coverage this week against last, gates that changed since the previous run, the biggest metric moves.</summary>
    private void WriteTrends(Reporting.Review.ReportTrends trends, string policySet)
    {
        var output = _console.Out;
        output.WriteLine();
        var week = trends.Window[^1];
        var now = trends.Coverage.FirstOrDefault(p => p.Week == week)?.Coverage;
        var before = trends.Coverage.FirstOrDefault(p => p.Week == week.Previous)?.Coverage;
        var coverage = $"  {Style(Bold, "Trend")}: automated coverage {Share(now)} this week ({week})";
        coverage += before is null ? ", no run last week" : $", {Share(before)} last week";
        if (now?.Share is { } n && before?.Share is { } b && Math.Abs(n - b) > 1e-9)
        {
            var delta = ((n - b) * 100).ToString("+0.#;-0.#", System.Globalization.CultureInfo.InvariantCulture) + " pp";
            coverage += " (" + Style(n > b ? "\u001b[32m" : "\u001b[31m", delta) + ")";
        }

        output.WriteLine(coverage);
        if (trends.SincePrevious is not { } since)
        {
            output.WriteLine($"  No earlier run of {S(policySet)} in the last {Reporting.Review.ReportTrends.Weeks} weeks to compare with.");
            return;
        }

        var at = since.PreviousAt.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture);
        output.WriteLine(since.ChangedGates.Length == 0
            ? $"  No gate changed status since the previous run ({at})."
            : $"  Changed since the previous run ({at}): " + string.Join(", ", since.ChangedGates.Take(MaxChangedGates).Select(c => $"{Style(Bold, S(c.Gate))} {S(c.From)} -> {Style(StatusColor(ParseStatus(c.To)), S(c.To))}"))
              + (since.ChangedGates.Length > MaxChangedGates ? $" and {since.ChangedGates.Length - MaxChangedGates} more" : string.Empty));
        if (since.Moves.Length > 0)
        {
            output.WriteLine("  Biggest moves: " + string.Join(", ", since.Moves.Take(3).Select(m => $"{S(m.Metric)} {S(m.From)} -> {S(m.To)}" + m.Tone switch
            {
                Reporting.Review.ChangeTone.Better => " (" + Style("\u001b[32m", "better") + ")",
                Reporting.Review.ChangeTone.Worse => " (" + Style("\u001b[31m", "worse") + ")",
                _ => string.Empty,
            })));
        }
    }

    private static string Share(Reporting.Review.CoverageFigure? figure) =>
        figure?.Share is { } share ? $"{(share * 100).ToString("0.#", System.Globalization.CultureInfo.InvariantCulture)}% ({figure.Covered} of {figure.Required})" : "n/a";

    private static GateStatus ParseStatus(string status) =>
        Core.PolicyTests.PolicyTestLoader.TryParseStatus(status, out var parsed) ? parsed : GateStatus.InsufficientEvidence;

    private static string StatusColor(GateStatus status) => status switch
    {
        GateStatus.Pass => "\u001b[32m",
        GateStatus.Warn => "\u001b[33m",
        GateStatus.Fail => "\u001b[31m",
        GateStatus.Error => "\u001b[35m",
        _ => "\u001b[36m",
    };

    /// <summary>Untrusted text (names, versions, explanations, records, paths) as one line without escape sequences.</summary>
    private static string S(string? text) => Reporting.ConsoleText.Inline(text);

    private string Style(string code, string text) => _color ? code + text + Reset : text;
}
