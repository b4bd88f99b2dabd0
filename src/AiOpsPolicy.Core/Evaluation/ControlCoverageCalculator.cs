// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using System.Collections.Immutable;
using AiOpsPolicy.Core.Evidence;
using AiOpsPolicy.Core.Model;
using AiOpsPolicy.Core.Results;

namespace AiOpsPolicy.Core.Evaluation;

/// <summary>
/// The compliance view of a run: every declared control with what the evidence shows, by the same rule as
/// ComplianceCoverage (an automated run that did not error, within the cadence).
/// </summary>
internal static class ControlCoverageCalculator
{
    /// <summary>Every declared control, by name, with its last automated and last run before the evaluation time.</summary>
    /// <param name="policies">The policy set and its controls.</param>
    /// <param name="evidence">The evidence, as of the evaluation time.</param>
    /// <param name="now">The evaluation time.</param>
    /// <returns>One entry per control.</returns>
    public static ImmutableArray<ControlCoverage> Compute(PolicySet policies, EvidenceSet evidence, DateTimeOffset now)
    {
        var executions = evidence.Get<ControlExecution>(EvidenceKind.ControlExecutions);
        var lastAutomated = new Dictionary<string, DateTimeOffset>(StringComparer.Ordinal);
        var lastAny = new Dictionary<string, DateTimeOffset>(StringComparer.Ordinal);
        foreach (var run in executions)
        {
            if (run.RanAt > now)
            {
                continue;
            }

            if (!lastAny.TryGetValue(run.Control, out var any) || run.RanAt > any)
            {
                lastAny[run.Control] = run.RanAt;
            }

            if (run.Mode == ExecutionMode.Automated && run.Outcome != ExecutionOutcome.Error
                && (!lastAutomated.TryGetValue(run.Control, out var automated) || run.RanAt > automated))
            {
                lastAutomated[run.Control] = run.RanAt;
            }
        }

        return
        [
            .. policies.Controls
                .OrderBy(c => c.Name, StringComparer.Ordinal)
                .Select(c =>
                {
                    DateTimeOffset? automated = lastAutomated.TryGetValue(c.Name, out var a) ? a : null;
                    DateTimeOffset? any = lastAny.TryGetValue(c.Name, out var l) ? l : null;
                    var evidenced = c.Automated && automated is { } last && last >= now - (c.Cadence ?? policies.DefaultWindow);
                    return new ControlCoverage(c.Name, c.Title, c.Required, c.Automated, evidenced, automated, any, c.EnforcedAt, c.CatalogIds) { Owner = c.Metadata.Owner };
                }),
        ];
    }
}
