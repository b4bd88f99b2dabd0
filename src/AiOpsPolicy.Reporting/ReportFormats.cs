// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using System.Collections.Immutable;
using AiOpsPolicy.Reporting.Html;

namespace AiOpsPolicy.Reporting;

/// <summary>Every report format by name, as <c>--format</c> takes it.</summary>
public static class ReportFormats
{
    /// <summary>The format printed to standard output rather than written to a file.</summary>
    public const string GitHub = "github";

    /// <summary>Gets every format's name, in the order reports are written.</summary>
    public static ImmutableArray<string> Names { get; } = ["json", "junit", "sarif", "markdown", "html", "github", "gitlab", "oscal"];

    /// <summary>Whether a format name is known (case-sensitive, lower case).</summary>
    /// <param name="name">The name.</param>
    /// <returns>True when known.</returns>
    public static bool IsKnown(string name) => Names.Contains(name, StringComparer.Ordinal);

    /// <summary>Creates the writer for a format.</summary>
    /// <param name="name">The format's name.</param>
    /// <param name="options">The report options; null for the defaults.</param>
    /// <returns>The writer.</returns>
    /// <exception cref="ArgumentException">The format is not known.</exception>
    public static IReportWriter Create(string name, ReportOptions? options = null) => name switch
    {
        "json" => new JsonReportWriter(),
        "junit" => new JUnitReportWriter(options),
        "sarif" => new SarifReportWriter(options),
        "markdown" => new MarkdownReportWriter(options),
        "html" => new HtmlReportWriter { Trends = options?.Trends },
        "github" => new GitHubAnnotationsWriter(options),
        "gitlab" => new GitLabCodeQualityWriter(options),
        "oscal" => new Oscal.OscalAssessmentResultsWriter(options),
        _ => throw new ArgumentException($"Unknown report format '{name}'. Known formats: {string.Join(", ", Names)}", nameof(name)),
    };
}
