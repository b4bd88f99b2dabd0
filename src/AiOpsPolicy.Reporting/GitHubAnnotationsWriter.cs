// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using System.Globalization;
using System.Text;
using AiOpsPolicy.Core.Diagnostics;
using AiOpsPolicy.Core.Results;
using AiOpsPolicy.Core.Text;

namespace AiOpsPolicy.Reporting;

/// <summary>
/// GitHub Actions workflow commands, one line per gate that did not pass and per diagnostic:
/// <c>::error file=PATH,line=L,col=C,endLine=L,endColumn=C,title=TITLE::MESSAGE</c>. The runner turns
/// them into annotations on the pull request's changed lines. Levels: <c>error</c> for a gate that
/// blocks, <c>warning</c> for one that does not, <c>notice</c> for a waived gate; diagnostics by
/// their severity. The CLI prints this format to standard output, where the runner reads it.
/// Every annotation is written; GitHub itself shows at most 10 of each level per step.
/// </summary>
public sealed class GitHubAnnotationsWriter : IReportWriter
{
    private readonly ReportOptions _options;

    /// <summary>Initializes a new instance of the <see cref="GitHubAnnotationsWriter"/> class.</summary>
    /// <param name="options">The report options; null for the defaults.</param>
    public GitHubAnnotationsWriter(ReportOptions? options = null)
    {
        _options = options ?? ReportOptions.Default;
    }

    /// <inheritdoc />
    public string Format => "github";

    /// <inheritdoc />
    /// <remarks>Used only when the annotations are written to a folder; the CLI prints them to standard output.</remarks>
    public string DefaultFileName => "aiops-policy-annotations.txt";

    /// <summary>
    /// Escapes a command's message (data) by GitHub's rules: <c>%</c>, carriage return and line feed;
    /// escape sequences and other control characters are removed or shown escaped first (<see cref="ConsoleTextFilter"/>).
    /// </summary>
    /// <param name="text">The text.</param>
    /// <returns>The escaped text.</returns>
    public static string EscapeData(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return Clean(text).Replace("%", "%25", StringComparison.Ordinal)
            .Replace("\r", "%0D", StringComparison.Ordinal)
            .Replace("\n", "%0A", StringComparison.Ordinal);
    }

    /// <summary>Escapes a command's property value: as data, plus <c>:</c> and <c>,</c>.</summary>
    /// <param name="text">The text.</param>
    /// <returns>The escaped text.</returns>
    public static string EscapeProperty(string text) =>
        EscapeData(text)
            .Replace(":", "%3A", StringComparison.Ordinal)
            .Replace(",", "%2C", StringComparison.Ordinal);

    /// <inheritdoc />
    public void Write(GateRunResult result, Stream output)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(output);
        var builder = new StringBuilder();
        foreach (var gate in result.Gates.Where(g => g.Status != GateStatus.Pass))
        {
            var level = gate.Status == GateStatus.Waived ? "notice" : gate.Blocks ? "error" : "warning";
            var title = $"aiops-policy gate {gate.Gate}: {gate.Status.ToText()}";
            Append(builder, level, gate.Location, title, ReportText.GateMessage(gate));
        }

        foreach (var diagnostic in DiagnosticOrder.Sort(result.Diagnostics.Where(d => d.Severity > DiagnosticSeverity.Off)))
        {
            Append(builder, Level(diagnostic.Severity), diagnostic.Location, $"{diagnostic.Id} {diagnostic.Descriptor.Title}", diagnostic.Message);
        }

        output.Write(new UTF8Encoding(encoderShouldEmitUTF8Identifier: false).GetBytes(builder.ToString()));
    }

    /// <summary>Writes annotations for diagnostics alone.</summary>
    /// <param name="diagnostics">The diagnostics.</param>
    /// <param name="output">Where to write.</param>
    public void WriteDiagnostics(IEnumerable<Diagnostic> diagnostics, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(diagnostics);
        ArgumentNullException.ThrowIfNull(output);
        var builder = new StringBuilder();
        foreach (var diagnostic in DiagnosticOrder.Sort(diagnostics.Where(d => d.Severity > DiagnosticSeverity.Off)))
        {
            Append(builder, Level(diagnostic.Severity), diagnostic.Location, $"{diagnostic.Id} {diagnostic.Descriptor.Title}", diagnostic.Message);
        }

        output.Write(builder.ToString());
    }

    private static string Level(DiagnosticSeverity severity) => severity switch
    {
        DiagnosticSeverity.Error => "error",
        DiagnosticSeverity.Warning => "warning",
        _ => "notice",
    };

    private void Append(StringBuilder builder, string level, SourceLocation location, string title, string message)
    {
        var properties = new List<string>();
        if (location.IsInFile)
        {
            properties.Add("file=" + EscapeProperty(RepositoryPath.Display(location.Path, _options.RepositoryRoot)));
            if (location.HasPosition)
            {
                properties.Add("line=" + location.StartLine.ToString(CultureInfo.InvariantCulture));
                properties.Add("col=" + location.StartColumn.ToString(CultureInfo.InvariantCulture));
                properties.Add("endLine=" + Math.Max(location.StartLine, location.EndLine).ToString(CultureInfo.InvariantCulture));
                if (location.EndLine == location.StartLine)
                {
                    properties.Add("endColumn=" + location.EndColumn.ToString(CultureInfo.InvariantCulture));
                }
            }
        }

        properties.Add("title=" + EscapeProperty(title));
        builder.Append("::").Append(level).Append(' ').Append(string.Join(',', properties)).Append("::").Append(EscapeData(message)).Append('\n');
    }

    /// <summary>Removes what GitHub's escaping does not cover: terminal escape sequences and control characters other than line breaks (which the escaping encodes).</summary>
    private static string Clean(string text)
    {
        var builder = new StringBuilder(text.Length);
        var filter = new ConsoleTextFilter(singleLine: false, allowColor: false);
        filter.Append(text, builder);
        filter.Complete(builder);
        return builder.ToString();
    }
}
