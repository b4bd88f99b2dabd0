// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using AiOpsPolicy.Cli.Arguments;
using AiOpsPolicy.Cli.CommandLine;
using AiOpsPolicy.Core;
using AiOpsPolicy.Core.Diagnostics;
using AiOpsPolicy.Core.Files;
using AiOpsPolicy.Core.Text;
using AiOpsPolicy.Reporting.Html;
using AiOpsPolicy.Reporting.Review;

namespace AiOpsPolicy.Cli.Commands;

/// <summary>
/// <c>aiops-policy review</c>: the weekly review of the runs recorded in the history store (default: the
/// last full ISO week before now), as HTML and Markdown. Exit 0, also for a week without runs; 2 on a
/// usage or store error, or a review file that could not be written.
/// </summary>
internal sealed class ReviewCommand
{
    private readonly IConsole _console;
    private readonly Func<DateTimeOffset> _clock;

    public ReviewCommand(IConsole console, Func<DateTimeOffset> clock)
    {
        _console = console;
        _clock = clock;
    }

    public int Run(ReviewArguments arguments)
    {
        if (arguments.Store is not { } target)
        {
            return Usage.Fail(_console, "Give the history store with --store TARGET");
        }

        var week = arguments.Week ?? IsoWeek.LastFullWeekBefore(arguments.AsOf ?? _clock());
        return HistoryCommand.WithStore(_console, target, arguments.ConfigPath, store =>
        {
            // One read: the sparkline window (this week and the seven before it); a week of runs is small.
            var since = week.Start.AddDays(-7 * (WeeklyReview.SparkWeeks - 1));
            var runs = store.LoadRunsAsync(arguments.PolicySet, since, week.End).GetAwaiter().GetResult();
            var review = WeeklyReview.Build(week, runs.Select(HistoryRuns.ToReviewRun));
            var written = true;
            foreach (var format in arguments.Formats)
            {
                var path = Path.Combine(arguments.OutputDirectory, format == ReviewArguments.Html ? ReviewHtmlWriter.DefaultFileName : ReviewMarkdownWriter.DefaultFileName);
                try
                {
                    AtomicFile.Write(path, stream =>
                    {
                        if (format == ReviewArguments.Html)
                        {
                            ReviewHtmlWriter.Write(review, EngineInfo.Version, stream);
                        }
                        else
                        {
                            ReviewMarkdownWriter.Write(review, stream);
                        }
                    });
                    _console.Out.WriteLine($"Wrote {path}");
                }
                catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
                {
                    _console.Err.WriteLine(Reporting.ConsoleText.Inline(Diagnostic.Create(DiagnosticCatalog.ReportWriteFailed, SourceLocation.None, path, $"{format} review: {ex.Message}").ToString()));
                    written = false;
                }
            }

            _console.Out.WriteLine(ReviewTextLine(review, arguments.PolicySet));
            return written ? ExitCodes.Success : ExitCodes.InvalidInput;
        });
    }

    private static string ReviewTextLine(WeeklyReview review, string? policySet) =>
        review.IsEmpty
            ? $"No runs{(policySet is null ? string.Empty : $" of {policySet}")} were recorded in {review.Week} ({review.Week.Dates()}); the review says so."
            : $"{review.Week}: {review.Runs} run(s), {review.BlockedRuns} blocked, {review.FailedGates.Length} gate(s) failed, {review.Findings.Length} finding(s), {review.Waivers.Length} waiver(s) expiring or expired.";
}
