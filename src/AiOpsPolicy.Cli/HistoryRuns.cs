// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using AiOpsPolicy.History.Runs;
using AiOpsPolicy.Reporting.Review;

namespace AiOpsPolicy.Cli;

/// <summary>Maps the history store's records to the shape the review and the trend charts read (Reporting does not reference the store).</summary>
internal static class HistoryRuns
{
    public static ReviewRun ToReviewRun(RunRecord run) => new()
    {
        RunId = run.RunId,
        PolicySet = run.PolicySet,
        RecordedAt = run.RecordedAt,
        Decision = run.Decision,
        Score = run.Score,
        ScoreStatus = run.ScoreStatus,
        Gates = [.. run.Gates.Select(g => new ReviewGate(
            g.Gate,
            g.Status,
            g.Observed,
            g.Bound,
            [.. g.Metrics.Select(m => ReviewMetric.Create(m.Metric, m.Value, m.NumericValue, m.Numerator, m.Denominator))]))],
        Controls = [.. run.Controls.Select(c => new ReviewControl(c.Name, c.Required, c.DeclaredAutomated, c.Evidenced, c.Owner))],
        Waivers = [.. run.Waivers.Select(w => new ReviewWaiver(w.Name, w.Owner, w.Ticket, w.Expires, w.Gates, w.Expired))],
        Findings = [.. run.Findings.Where(f => f.Status == FindingRecord.Found).Select(f => new ReviewFinding(f.Name, f.Message, f.Group, f.Owner))],
    };
}
