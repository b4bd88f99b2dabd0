// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using System.Globalization;
using System.Text;
using AiOpsPolicy.Core.Results;

namespace AiOpsPolicy.Reporting;

/// <summary>
/// The Markdown summary, for a GitHub job summary (<c>$GITHUB_STEP_SUMMARY</c>) or a merge request
/// comment: the verdict first, then every gate that did not pass with its numbers, explanation and
/// failing records, then waived gates with who waived them until when, waivers that expire within
/// <see cref="ExpiryWarningDays"/> days, diagnostics, and a compact table of the gates that passed.
/// User text is escaped so that it cannot break tables or inject HTML. The summary stays under
/// <see cref="MaxBytes"/> bytes (GitHub's job summary limit is 1 MiB per step): when it would not,
/// whole blocks are dropped from the end and a note says so.
/// </summary>
public sealed partial class MarkdownReportWriter : IReportWriter
{
    /// <summary>The largest summary written, in UTF-8 bytes: 1 MiB less a margin for the truncation note.</summary>
    public const int MaxBytes = (1024 * 1024) - 4096;

    /// <summary>Waivers that expire within this many days of the evaluation time are listed as expiring soon.</summary>
    public const int ExpiryWarningDays = 14;

    private const int MaxTextLength = 2000;
    private const int MaxRecords = 10;

    private readonly ReportOptions _options;
    private readonly int _maxBytes;

    /// <summary>Initializes a new instance of the <see cref="MarkdownReportWriter"/> class.</summary>
    /// <param name="options">The report options; null for the defaults.</param>
    public MarkdownReportWriter(ReportOptions? options = null)
        : this(options, MaxBytes)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="MarkdownReportWriter"/> class with a size cap of its own (for tests).</summary>
    /// <param name="options">The report options; null for the defaults.</param>
    /// <param name="maxBytes">The largest summary written, in UTF-8 bytes.</param>
    public MarkdownReportWriter(ReportOptions? options, int maxBytes)
    {
        _options = options ?? ReportOptions.Default;
        _maxBytes = maxBytes;
    }

    /// <inheritdoc />
    public string Format => "markdown";

    /// <inheritdoc />
    public string DefaultFileName => "aiops-policy-summary.md";

    /// <summary>Escapes user text for Markdown and HTML: one line, no markup, safe inside a table cell.</summary>
    /// <param name="text">The text.</param>
    /// <returns>The escaped text.</returns>
    public static string Escape(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var builder = new StringBuilder(text.Length + 16);
        foreach (var c in ReportText.Truncate(text, MaxTextLength))
        {
            switch (c)
            {
                case '&':
                    builder.Append("&amp;");
                    break;
                case '<':
                    builder.Append("&lt;");
                    break;
                case '>':
                    builder.Append("&gt;");
                    break;
                case '\r':
                    break;
                case '\n':
                case '\t':
                    builder.Append(' ');
                    break;
                case '\\' or '`' or '*' or '_' or '[' or ']' or '|' or '~' or '#' or '!' or '$':
                    builder.Append('\\').Append(c);
                    break;
                default:
                    builder.Append(char.IsControl(c) ? ' ' : c);
                    break;
            }
        }

        return builder.ToString();
    }

    /// <inheritdoc />
    public void Write(GateRunResult result, Stream output)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(output);
        var blocks = Blocks(result);
        var text = Fit(blocks);
        output.Write(new UTF8Encoding(encoderShouldEmitUTF8Identifier: false).GetBytes(text));
    }

    private static string Number(int value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Icon(GateStatus status) => status switch
    {
        GateStatus.Pass => ":white_check_mark:",
        GateStatus.Warn => ":warning:",
        GateStatus.Fail => ":x:",
        GateStatus.Error => ":boom:",
        GateStatus.Waived => ":zzz:",
        _ => ":grey_question:",
    };

    private static string Verdict(GateRunResult result)
    {
        var builder = new StringBuilder();
        var blocking = result.Gates.Count(g => g.Blocks);
        var version = result.PolicySetVersion is null ? string.Empty : " " + Escape(result.PolicySetVersion);
        var byScore = result.Score is { Status: GateStatus.Fail };
        builder.Append(result.Blocked
            ? $"# :no_entry: BLOCKED by {(blocking > 0 || !byScore ? $"{Number(blocking)} gate(s)" : string.Empty)}{(byScore ? (blocking > 0 ? " and the score" : "the score") : string.Empty)}\n\n"
            : "# :white_check_mark: ALLOWED\n\n");
        if (result.Score is { } score)
        {
            builder.Append(CultureInfo.InvariantCulture, $"**Score:** {Icon(score.Status)} {Escape(ScoreText.Describe(score))}\n\n");
        }

        builder.Append(CultureInfo.InvariantCulture, $"**{Escape(result.PolicySet)}{version}**: {Number(result.Gates.Length)} gate(s) evaluated as of {ReportText.Time(result.EvaluatedAt)}\n\n");
        builder.Append("| pass | warn | fail | error | insufficient evidence | waived |\n");
        builder.Append("|---:|---:|---:|---:|---:|---:|\n");
        builder.Append(CultureInfo.InvariantCulture, $"| {Number(result.Count(GateStatus.Pass))} | {Number(result.Count(GateStatus.Warn))} | {Number(result.Count(GateStatus.Fail))} | {Number(result.Count(GateStatus.Error))} | {Number(result.Count(GateStatus.InsufficientEvidence))} | {Number(result.Count(GateStatus.Waived))} |\n");
        return builder.ToString();
    }

    private List<string> Blocks(GateRunResult result)
    {
        var blocks = new List<string> { Verdict(result) };

        var attention = result.Gates
            .Where(g => g.Status is not GateStatus.Pass and not GateStatus.Waived)
            .OrderBy(g => g.Blocks ? 0 : 1)
            .ToList();
        if (attention.Count > 0)
        {
            blocks.Add("\n## Gates that did not pass\n");
            blocks.AddRange(attention.Select(GateDetails));
        }

        var waived = result.Gates.Where(g => g.Status == GateStatus.Waived).ToList();
        if (waived.Count > 0)
        {
            var builder = new StringBuilder("\n## Waived gates\n\n");
            builder.Append("| gate | would be | waived by | until | ticket | reason |\n|---|---|---|---|---|---|\n");
            foreach (var gate in waived)
            {
                var waiver = gate.Waiver;
                builder.Append(CultureInfo.InvariantCulture, $"| {Escape(gate.Gate)} | {gate.WaivedStatus?.ToText() ?? "-"} | {Escape(waiver?.Owner ?? "-")} | {(waiver is null ? "-" : ReportText.Date(waiver.Expires))} | {Escape(waiver?.Ticket ?? "-")} | {Escape(waiver?.Reason ?? "-")} |\n");
            }

            blocks.Add(builder.ToString());
        }

        var horizon = result.EvaluatedAt.AddDays(ExpiryWarningDays);
        var expiring = result.Waivers
            .Where(w => w.Expired || w.Expires <= horizon)
            .OrderBy(w => w.Expires)
            .ThenBy(w => w.Name, StringComparer.Ordinal)
            .ToList();
        if (expiring.Count > 0)
        {
            var builder = new StringBuilder($"\n## Waivers expired or expiring within {Number(ExpiryWarningDays)} days\n\n");
            builder.Append("| waiver | gates | owner | expires | state | ticket |\n|---|---|---|---|---|---|\n");
            foreach (var waiver in expiring)
            {
                var days = (int)Math.Floor((waiver.Expires - result.EvaluatedAt).TotalDays);
                var state = waiver.Expired ? "**expired**" : $"expires in {Number(Math.Max(0, days))} day(s)";
                builder.Append(CultureInfo.InvariantCulture, $"| {Escape(waiver.Name)} | {Escape(string.Join(", ", waiver.Gates))} | {Escape(waiver.Owner)} | {ReportText.Date(waiver.Expires)} | {state} | {Escape(waiver.Ticket)} |\n");
            }

            blocks.Add(builder.ToString());
        }

        if (Findings(result) is { } findings)
        {
            blocks.Add(findings);
        }

        if (DataQualityReport.Markdown(result.DataQuality, Escape) is { } dataQuality)
        {
            blocks.Add(dataQuality);
        }

        if (result.Diagnostics.Length > 0)
        {
            var builder = new StringBuilder("\n## Diagnostics\n\n");
            foreach (var diagnostic in result.Diagnostics)
            {
                var where = diagnostic.Location.IsInFile ? " (" + Escape(Location(diagnostic.Location)) + ")" : string.Empty;
                builder.Append(CultureInfo.InvariantCulture, $"- **{diagnostic.Id}** {diagnostic.Severity.ToString().ToLowerInvariant()}: {Escape(diagnostic.Message)}{where}\n");
            }

            blocks.Add(builder.ToString());
        }

        var passed = result.Gates.Where(g => g.Status == GateStatus.Pass).ToList();
        if (passed.Count > 0)
        {
            blocks.Add("\n## Gates that passed\n\n| gate | severity | observed | bound |\n|---|---|---|---|\n");
            foreach (var gate in passed)
            {
                var observed = gate.Observed ?? (gate.ConditionHeld is { } held ? (held ? "condition holds" : "condition fails") : "-");
                blocks.Add($"| {Escape(gate.Gate)} | {ReportText.Severity(gate)} | {Escape(observed)} | {Escape(gate.Bound ?? "-")} |\n");
            }
        }

        blocks.Add($"\n<sub>aiops-policy {Escape(result.EngineVersion)}; policies {Escape(result.PolicyDigest)}; evidence {Escape(result.EvidenceDigest)}</sub>\n");
        return blocks;
    }

    private string GateDetails(GateResult gate)
    {
        var builder = new StringBuilder();
        var blocks = gate.Blocks ? ", **blocks**" : string.Empty;
        builder.Append(CultureInfo.InvariantCulture, $"\n### {Icon(gate.Status)} {Escape(gate.Gate)}: {gate.Status.ToText()} ({ReportText.Severity(gate)}{blocks})\n\n");
        if (gate.Description is { } description)
        {
            builder.Append(CultureInfo.InvariantCulture, $"{Escape(description)}\n\n");
        }

        if (gate.Observed is not null || gate.Bound is not null)
        {
            builder.Append(CultureInfo.InvariantCulture, $"- Observed **{Escape(gate.Observed ?? "n/a")}**, bound {Escape(gate.Bound ?? "-")}\n");
        }

        builder.Append(CultureInfo.InvariantCulture, $"- {Escape(gate.Explanation)}\n");
        foreach (var clause in gate.Clauses)
        {
            var value = clause.Value is { } v ? (v ? "true" : "**false**") : "n/a";
            var problem = clause.Problem is { } p ? " (" + Escape(p) + ")" : string.Empty;
            builder.Append(CultureInfo.InvariantCulture, $"- Clause {Escape(clause.Text)} = {value}{problem}\n");
        }

        var records = gate.Metrics.SelectMany(m => m.FailingRecords).Distinct(StringComparer.Ordinal).ToList();
        if (records.Count > 0)
        {
            var shown = string.Join(", ", records.Take(MaxRecords).Select(Escape));
            var more = records.Count > MaxRecords ? $" and {Number(records.Count - MaxRecords)} more" : string.Empty;
            builder.Append(CultureInfo.InvariantCulture, $"- Failing records: {shown}{more}\n");
        }

        if (gate.Location.IsInFile)
        {
            builder.Append(CultureInfo.InvariantCulture, $"- Declared at {Escape(Location(gate.Location))}\n");
        }

        return builder.ToString();
    }

    private string Location(Core.Text.SourceLocation location)
    {
        var path = RepositoryPath.Display(location.Path, _options.RepositoryRoot);
        return location.HasPosition ? $"{path}:{Number(location.StartLine)}" : path;
    }

    private string Fit(List<string> blocks)
    {
        var encoding = Encoding.UTF8;
        var sizes = blocks.Select(encoding.GetByteCount).ToList();
        var total = sizes.Sum();
        if (total <= _maxBytes)
        {
            return string.Concat(blocks);
        }

        var kept = blocks.Count;
        while (kept > 1 && total + NoteSize(blocks.Count - kept) > _maxBytes)
        {
            kept--;
            total -= sizes[kept];
        }

        return string.Concat(blocks.Take(kept)) + Note(blocks.Count - kept);
    }

    private static int NoteSize(int dropped) => Encoding.UTF8.GetByteCount(Note(Math.Max(1, dropped)));

    private static string Note(int dropped) =>
        $"\n> [!NOTE]\n> {Number(dropped)} part(s) of this summary were left out to keep it under GitHub's 1 MiB job summary limit. The JSON and HTML reports have every gate.\n";
}
