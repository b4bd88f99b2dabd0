// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

namespace AiOpsPolicy.Reporting;

/// <summary>Settings shared by the report writers.</summary>
public sealed record ReportOptions
{
    /// <summary>Gets the default options: paths relative to the current directory.</summary>
    public static ReportOptions Default { get; } = new();

    /// <summary>
    /// Gets the repository root that file paths in reports are made relative to. Null means the
    /// current directory, which is the repository root when the gate runs in CI.
    /// </summary>
    public string? RepositoryRoot { get; init; }

    /// <summary>Gets the run's trends from the history store, for the HTML report's Trends section; null when no store is available.</summary>
    public Review.ReportTrends? Trends { get; init; }
}
