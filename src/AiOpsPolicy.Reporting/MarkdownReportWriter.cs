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
/// User text is escaped so that it cannot break tables, inject HTML, mention anyone or link anywhere.
/// The summary stays within <see cref="MaxCharacters"/> characters, GitHub's limit for a pull request
/// comment (and far under the 1 MiB job summary limit): when it would not, the least important parts
/// go first (passed gates' rows, then findings, the details of non-blocking gates, diagnostics and
/// waivers, and last the details of blocking gates, each from the end), the verdict, the count per
/// status and the footer always stay, and a note at the end says what was left out and names the
/// gates whose details were cut.
/// </summary>
public sealed partial class MarkdownReportWriter : IReportWriter
{
    /// <summary>The largest summary written, in characters: GitHub's limit for an issue or pull request comment body.</summary>
    public const int MaxCharacters = 65_536;

    /// <summary>Waivers that expire within this many days of the evaluation time are listed as expiring soon.</summary>
    public const int ExpiryWarningDays = 14;

    private const int MaxTextLength = 2000;
    private const int MaxRecords = 10;

    private readonly ReportOptions _options;
    private const int MaxNamedGates = 20;

    private readonly int _maxCharacters;

    /// <summary>Initializes a new instance of the <see cref="MarkdownReportWriter"/> class.</summary>
    /// <param name="options">The report options; null for the defaults.</param>
    public MarkdownReportWriter(ReportOptions? options = null)
        : this(options, MaxCharacters)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="MarkdownReportWriter"/> class with a size cap of its own (for tests).</summary>
    /// <param name="options">The report options; null for the defaults.</param>
    /// <param name="maxCharacters">The largest summary written, in characters (UTF-16 code units, which never undercount GitHub's count).</param>
    public MarkdownReportWriter(ReportOptions? options, int maxCharacters)
    {
        _options = options ?? ReportOptions.Default;
        _maxCharacters = maxCharacters;
    }

    /// <inheritdoc />
    public string Format => "markdown";

    /// <inheritdoc />
    public string DefaultFileName => "aiops-policy-summary.md";

    /// <summary>
    /// Escapes user text for Markdown and HTML: one line, no markup, safe inside a table cell, and inert
    /// where GitHub renders it (a PR comment or job summary): an <c>@</c> is followed by a zero-width
    /// space (<c>&amp;#8203;</c>), so neither a user nor a team (<c>@org/team</c>) mention pings anyone and
    /// an e-mail address is not linked; <c>http://</c>, <c>https://</c>, <c>ftp://</c>, <c>www.</c>,
    /// <c>mailto:</c> and <c>xmpp:</c> get one inside them, so no bare URL becomes a link; and a <c>#</c>
    /// before a digit gets one, so evidence cannot reference (and notify) an issue. Markdown and HTML
    /// metacharacters are backslash-escaped or written as entities; line breaks, control characters,
    /// bidirectional controls and invisible characters (<see cref="ConsoleText.IsInvisible"/>, tag characters) become spaces.
    /// </summary>
    /// <param name="text">The text.</param>
    /// <returns>The escaped text.</returns>
    public static string Escape(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var clean = ReportText.Truncate(text, MaxTextLength);
        var builder = new StringBuilder(clean.Length + 16);
        for (var i = 0; i < clean.Length; i++)
        {
            var c = clean[i];
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
                case '@':
                    builder.Append('@').Append(ZeroWidthSpace);
                    break;
                case '#':
                    builder.Append("\\#");
                    if (i + 1 < clean.Length && char.IsAsciiDigit(clean[i + 1]))
                    {
                        builder.Append(ZeroWidthSpace);
                    }

                    break;
                case ':' when StartsLink(clean, i):
                    builder.Append(':').Append(ZeroWidthSpace);
                    break;
                case '.' when EndsWww(clean, i):
                    builder.Append(ZeroWidthSpace).Append("\\.");
                    break;
                case '\\' or '`' or '*' or '_' or '[' or ']' or '|' or '~' or '!' or '$':
                    builder.Append('\\').Append(c);
                    break;
                default:
                    if (ConsoleText.IsUnprintable(c))
                    {
                        // A tag character (or a supplementary variation selector) is invisible: both halves go.
                        builder.Append(' ');
                        i += c == ConsoleText.TagsHighSurrogate && i + 1 < clean.Length && char.IsLowSurrogate(clean[i + 1]) ? 1 : 0;
                    }
                    else
                    {
                        builder.Append(c);
                    }

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
        var text = Fit(Blocks(result));
        output.Write(new UTF8Encoding(encoderShouldEmitUTF8Identifier: false).GetBytes(text));
    }

    /// <summary>GitHub shows this as nothing; it breaks mentions, references and autolinks.</summary>
    private const string ZeroWidthSpace = "&#8203;";

    /// <summary>Whether the colon at <paramref name="index"/> ends a scheme that GitHub would autolink.</summary>
    private static bool StartsLink(string text, int index)
    {
        var start = index;
        while (start > 0 && char.IsAsciiLetter(text[start - 1]))
        {
            start--;
        }

        var scheme = text[start..index];
        var slashes = index + 2 < text.Length && text[index + 1] == '/' && text[index + 2] == '/';
        return (slashes && scheme.Equals("http", StringComparison.OrdinalIgnoreCase))
            || (slashes && scheme.Equals("https", StringComparison.OrdinalIgnoreCase))
            || (slashes && scheme.Equals("ftp", StringComparison.OrdinalIgnoreCase))
            || scheme.Equals("mailto", StringComparison.OrdinalIgnoreCase)
            || scheme.Equals("xmpp", StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>Whether the dot at <paramref name="index"/> follows a "www" that GitHub would autolink.</summary>
    private static bool EndsWww(string text, int index) =>
        index >= 3 && text.AsSpan(index - 3, 3).Equals("www", StringComparison.OrdinalIgnoreCase);

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

    /// <summary>What a part of the summary is, for choosing what to cut and saying so.</summary>
    private enum PartKind
    {
        Kept,
        BlockingGate,
        Waivers,
        Diagnostics,
        OtherGate,
        Findings,
        PassedGate,
    }

    private List<Part> Blocks(GateRunResult result)
    {
        var blocks = new PartList { Verdict(result) };

        var attention = result.Gates
            .Where(g => g.Status is not GateStatus.Pass and not GateStatus.Waived)
            .OrderBy(g => g.Blocks ? 0 : 1)
            .ToList();
        if (attention.Count > 0)
        {
            blocks.Add("\n## Gates that did not pass\n");
            foreach (var gate in attention)
            {
                blocks.Add(new Part(GateDetails(gate), gate.Blocks ? PartKind.BlockingGate : PartKind.OtherGate, gate.Gate));
            }
        }

        var waived = result.Gates.Where(g => g.Status == GateStatus.Waived).ToList();
        if (waived.Count > 0)
        {
            var builder = new StringBuilder("\n## Waived gates\n\n");
            builder.Append("| gate | would be | waived by | through (UTC) | ticket | reason |\n|---|---|---|---|---|---|\n");
            foreach (var gate in waived)
            {
                var waiver = gate.Waiver;
                builder.Append(CultureInfo.InvariantCulture, $"| {Escape(gate.Gate)} | {gate.WaivedStatus?.ToText() ?? "-"} | {Escape(waiver?.Owner ?? "-")} | {(waiver is null ? "-" : WaiverExpiry.LastDay(waiver.Expires))} | {Escape(waiver?.Ticket ?? "-")} | {Escape(waiver?.Reason ?? "-")} |\n");
            }

            blocks.Add(new Part(builder.ToString(), PartKind.Waivers, "waived gates"));
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
            builder.Append("| waiver | gates | owner | through (UTC) | state | ticket |\n|---|---|---|---|---|---|\n");
            foreach (var waiver in expiring)
            {
                var days = (int)Math.Floor((waiver.Expires - result.EvaluatedAt).TotalDays);
                var state = waiver.Expired ? "**expired**" : $"expires in {Number(Math.Max(0, days))} day(s)";
                builder.Append(CultureInfo.InvariantCulture, $"| {Escape(waiver.Name)} | {Escape(string.Join(", ", waiver.Gates))} | {Escape(waiver.Owner)} | {WaiverExpiry.LastDay(waiver.Expires)} | {state} | {Escape(waiver.Ticket)} |\n");
            }

            blocks.Add(new Part(builder.ToString(), PartKind.Waivers, "expiring waivers"));
        }

        if (Findings(result) is { } findings)
        {
            blocks.Add(new Part(findings, PartKind.Findings, "findings"));
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

            blocks.Add(new Part(builder.ToString(), PartKind.Diagnostics, "diagnostics"));
        }

        var passed = result.Gates.Where(g => g.Status == GateStatus.Pass).ToList();
        if (passed.Count > 0)
        {
            blocks.Add(new Part("\n## Gates that passed\n\n| gate | severity | observed | bound |\n|---|---|---|---|\n", PartKind.PassedGate, null));
            foreach (var gate in passed)
            {
                var observed = gate.Observed ?? (gate.ConditionHeld is { } held ? (held ? "condition holds" : "condition fails") : "-");
                blocks.Add(new Part($"| {Escape(gate.Gate)} | {ReportText.Severity(gate)} | {Escape(observed)} | {Escape(gate.Bound ?? "-")} |\n", PartKind.PassedGate, gate.Gate));
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

    private string Fit(List<Part> parts)
    {
        var total = parts.Sum(p => p.Text.Length);
        if (total <= _maxCharacters)
        {
            return string.Concat(parts.Select(p => p.Text));
        }

        // Cut the least important kind first and, within a kind, from the end; the order of what stays is unchanged.
        var dropped = new bool[parts.Count];
        var order = Enumerable.Range(0, parts.Count)
            .Where(i => parts[i].Kind != PartKind.Kept)
            .OrderByDescending(i => parts[i].Kind)
            .ThenByDescending(i => i);
        foreach (var i in order)
        {
            if (total + Note(parts, dropped).Length <= _maxCharacters)
            {
                break;
            }

            dropped[i] = true;
            total -= parts[i].Text.Length;
        }

        // A table heading whose rows were all cut goes too.
        var heading = parts.FindIndex(p => p.Kind == PartKind.PassedGate && p.Name is null);
        if (heading >= 0 && !Enumerable.Range(0, parts.Count).Any(i => !dropped[i] && parts[i].Kind == PartKind.PassedGate && parts[i].Name is not null))
        {
            dropped[heading] = true;
        }

        var kept = string.Concat(parts.Where((_, i) => !dropped[i]).Select(p => p.Text));
        return kept + Note(parts, dropped);
    }

    /// <summary>The note at the end of a cut summary: what was left out, and the gates whose details were.</summary>
    private static string Note(List<Part> parts, bool[] dropped)
    {
        var cut = parts.Where((_, i) => dropped[i]).ToList();
        var what = new List<string>();
        var details = cut.Where(p => p.Kind is PartKind.BlockingGate or PartKind.OtherGate).ToList();
        if (details.Count > 0)
        {
            var blocking = details.Count(p => p.Kind == PartKind.BlockingGate);
            what.Add($"the details of {Number(details.Count)} gate(s) that did not pass ({Number(blocking)} blocking)");
        }

        var passed = cut.Count(p => p.Kind == PartKind.PassedGate && p.Name is not null);
        if (passed > 0)
        {
            what.Add($"{Number(passed)} passed gate(s)");
        }

        what.AddRange(cut.Where(p => p.Kind is PartKind.Waivers or PartKind.Diagnostics or PartKind.Findings).Select(p => "the " + p.Name));
        var builder = new StringBuilder("\n> [!NOTE]\n> Left out to stay within GitHub's 65,536-character comment limit: ");
        builder.Append(what.Count == 0 ? "parts of this summary" : string.Join(", ", what)).Append(". The JSON and HTML reports have every gate.\n");
        if (details.Count > 0)
        {
            var names = details.Take(MaxNamedGates).Select(p => "`" + Escape(p.Name ?? string.Empty).Replace("`", "'", StringComparison.Ordinal) + "`");
            var more = details.Count > MaxNamedGates ? $" and {Number(details.Count - MaxNamedGates)} more" : string.Empty;
            builder.Append("> Not detailed here: ").Append(string.Join(", ", names)).Append(more).Append(".\n");
        }

        return builder.ToString();
    }

    /// <summary>A piece of the summary: its text, how important it is, and the gate or section it holds.</summary>
    private sealed record Part(string Text, PartKind Kind, string? Name);

    /// <summary>Parts added as plain strings are always kept (the verdict, headings, the footer).</summary>
    private sealed class PartList : List<Part>
    {
        public void Add(string text) => Add(new Part(text, PartKind.Kept, null));
    }
}
