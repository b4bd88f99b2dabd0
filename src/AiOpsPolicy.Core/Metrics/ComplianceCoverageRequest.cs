// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using System.Collections.Immutable;
using AiOpsPolicy.Core.Evidence;
using AiOpsPolicy.Core.Units;

namespace AiOpsPolicy.Core.Metrics;

/// <summary>
/// Metric 11, compliance automation coverage: required controls that are declared automated and
/// evidenced (an automated run that did not error, within the control's cadence before the
/// evaluation time) over required controls. Declared-but-not-evidenced and manual controls are
/// listed separately. Optionally only the controls enforced at one point (ci, cd-gate, ...).
/// </summary>
/// <param name="EnforcedAt">Only controls enforced here; null for all.</param>
internal sealed record ComplianceCoverageRequest(string? EnforcedAt) : MetricRequest
{
    public override ImmutableArray<EvidenceKind> Kinds => KindsRead;

    // Static, so that it takes no part in the record's equality: requests compare by their arguments.
    private static readonly ImmutableArray<EvidenceKind> KindsRead = [EvidenceKind.ControlExecutions];

    public override MetricAggregator CreateAggregator(MetricContext context) => new Aggregator(this, context);

    private sealed class Aggregator(ComplianceCoverageRequest request, MetricContext context) : MetricAggregator
    {
        private readonly Dictionary<string, DateTimeOffset> _lastAutomated = new(StringComparer.Ordinal);

        public override void Add(ControlExecution record)
        {
            if (record.Mode == ExecutionMode.Automated && record.Outcome != ExecutionOutcome.Error && record.RanAt <= context.Now
                && (!_lastAutomated.TryGetValue(record.Control, out var last) || record.RanAt > last))
            {
                _lastAutomated[record.Control] = record.RanAt;
            }
        }

        public override MetricValue Complete()
        {
            var name = MetricText.Scope("ComplianceCoverage", request.EnforcedAt);
            var required = context.Policies.Controls
                .Where(c => c.Required && (request.EnforcedAt is null || c.EnforcedAt.Contains(request.EnforcedAt)))
                .OrderBy(c => c.Name, StringComparer.Ordinal)
                .ToList();
            var where = request.EnforcedAt is null ? string.Empty : $" enforced at {request.EnforcedAt}";
            if (required.Count == 0)
            {
                return MetricValue.Insufficient(name, QuantityKind.Percentage, $"no required control{where} is declared, so there is no coverage to measure");
            }

            var evidenced = new List<string>();
            var declaredOnly = new List<string>();
            var manual = new List<string>();
            foreach (var control in required)
            {
                if (!control.Automated)
                {
                    manual.Add(control.Name);
                    continue;
                }

                var cadence = control.Cadence ?? context.Policies.DefaultWindow;
                var ran = _lastAutomated.TryGetValue(control.Name, out var last) && last >= context.Now - cadence;
                (ran ? evidenced : declaredOnly).Add(control.Name);
            }

            var share = (double)evidenced.Count / required.Count;
            var parts = new List<string> { $"{evidenced.Count} of {required.Count} required controls{where} automated and evidenced ({UnitFormat.Percentage(share)})" };
            if (declaredOnly.Count > 0)
            {
                parts.Add($"declared automated but no automated run within cadence: {string.Join(", ", declaredOnly)}");
            }

            if (manual.Count > 0)
            {
                parts.Add($"manual: {string.Join(", ", manual)}");
            }

            return MetricValue.Of(name, QuantityKind.Percentage, share, string.Join("; ", parts))
                with
            {
                Numerator = evidenced.Count,
                Denominator = required.Count,
                SampleSize = required.Count,
                FailingRecords = MetricText.Sample(declaredOnly.Concat(manual)),
            };
        }
    }
}
