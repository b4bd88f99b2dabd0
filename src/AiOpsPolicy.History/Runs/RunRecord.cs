// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using System.Collections.Immutable;
using System.Globalization;
using AiOpsPolicy.Core.Model;
using AiOpsPolicy.Core.Results;
using AiOpsPolicy.History.Decisions;

namespace AiOpsPolicy.History.Runs;

/// <summary>A gate run flattened for storage: the run row, its gate results (with metrics) and its control coverage.</summary>
public sealed record RunRecord
{
    /// <summary>The idempotency key: a run with an id already stored is not stored again.</summary>
    public required string RunId { get; init; }

    /// <summary>The CI provider, when known.</summary>
    public string? Provider { get; init; }

    /// <summary>The pipeline or workflow, when known.</summary>
    public string? Pipeline { get; init; }

    /// <summary>The commit, when known.</summary>
    public string? Commit { get; init; }

    /// <summary>The environment or stage, when known.</summary>
    public string? Environment { get; init; }

    /// <summary>The evaluation time of the run (not the wall clock at recording).</summary>
    public required DateTimeOffset RecordedAt { get; init; }

    /// <summary>The engine version that evaluated the run.</summary>
    public required string EngineVersion { get; init; }

    /// <summary>The policy set name.</summary>
    public required string PolicySet { get; init; }

    /// <summary>The policy set version, when declared.</summary>
    public string? PolicySetVersion { get; init; }

    /// <summary>The digest of the policies.</summary>
    public required string PolicyDigest { get; init; }

    /// <summary>The digest of the evidence.</summary>
    public required string EvidenceDigest { get; init; }

    /// <summary>The decision: <c>allowed</c> or <c>blocked</c>.</summary>
    public required string Decision { get; init; }

    /// <summary>How many waivers the run saw.</summary>
    public int WaiverCount { get; init; }

    /// <summary>The gate results, in evaluation order.</summary>
    public ImmutableArray<GateRecord> Gates { get; init; } = [];

    /// <summary>The control coverage rows.</summary>
    public ImmutableArray<ControlRecord> Controls { get; init; } = [];

    /// <summary>The waivers the run saw (applied or expired).</summary>
    public ImmutableArray<WaiverRecord> Waivers { get; init; } = [];

    /// <summary>The findings the run reported.</summary>
    public ImmutableArray<FindingRecord> Findings { get; init; } = [];

    /// <summary>The weighted score (0 to 1), when the policy set declares score thresholds.</summary>
    public double? Score { get; init; }

    /// <summary>The score's status (<c>pass</c>, <c>warn</c>, <c>fail</c>), when there is a score.</summary>
    public string? ScoreStatus { get; init; }

    /// <summary>
    /// The decision service's log entry for this run (who asked, bundle and evidence digests, the report), or
    /// <see langword="null"/> for a run recorded by <c>gate --record</c>. Written in the same transaction as the run.
    /// </summary>
    public DecisionLogEntry? DecisionLog { get; init; }

    /// <summary>Flattens a gate run result for storage.</summary>
    /// <param name="result">The result of <c>aiops-policy gate</c>.</param>
    /// <param name="context">Where the run happened; see <see cref="RunContext.FromEnvironment"/>.</param>
    /// <returns>The record.</returns>
    public static RunRecord From(GateRunResult result, RunContext context)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(context);
        return new RunRecord
        {
            RunId = RunIdFor(result, context),
            Provider = context.Provider,
            Pipeline = context.Pipeline,
            Commit = context.Commit,
            Environment = context.Environment,
            RecordedAt = result.EvaluatedAt,
            EngineVersion = result.EngineVersion,
            PolicySet = result.PolicySet,
            PolicySetVersion = result.PolicySetVersion,
            PolicyDigest = result.PolicyDigest,
            EvidenceDigest = result.EvidenceDigest,
            Decision = result.Decision,
            WaiverCount = result.Waivers.IsDefault ? 0 : result.Waivers.Length,
            Gates = [.. result.Gates.Select(ToRecord)],
            Controls = result.Controls.IsDefault
                ? []
                : [.. result.Controls.Select(c => new ControlRecord(c.Name, c.Required, c.DeclaredAutomated, c.Evidenced, OrEmpty(c.EnforcedAt), OrEmpty(c.CatalogIds), c.Owner))],
            Waivers = result.Waivers.IsDefault
                ? []
                : [.. result.Waivers.Select(w => new WaiverRecord(w.Name, w.Owner, w.Reason, w.Ticket, w.Expires, OrEmpty(w.Gates), w.Expired))],
            Findings = result.Findings.IsDefault
                ? []
                : [.. result.Findings.Select(f => new FindingRecord(f.Name, f.Message, f.Group, f.Owner, f.Status == FindingStatus.Error ? FindingRecord.Error : FindingRecord.Found))],
            Score = result.Score?.Score,
            ScoreStatus = result.Score?.Status.ToText(),
        };
    }

    /// <summary>The id a run is recorded under: the CI run id, or for a local run its digests and evaluation time.</summary>
    /// <param name="result">The result of <c>aiops-policy gate</c>.</param>
    /// <param name="context">Where the run happened.</param>
    /// <returns>The run id.</returns>
    public static string RunIdFor(GateRunResult result, RunContext context)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(context);
        return context.RunId
            ?? $"local:{result.PolicyDigest}:{result.EvidenceDigest}:{result.EvaluatedAt.UtcDateTime.ToString("O", CultureInfo.InvariantCulture)}";
    }

    private static GateRecord ToRecord(GateResult gate)
    {
        var severity = gate.Severity == GateSeverity.Block ? "block" : "warn";
        var metrics = gate.Metrics.IsDefault
            ? []
            : gate.Metrics.Select(m => new MetricRecord(m.Metric, m.Value, ParseNumber(m.Value), m.Numerator, m.Denominator, m.SampleSize)).ToImmutableArray();
        return new GateRecord(gate.Gate, severity, gate.Status.ToText(), gate.Observed, gate.ObservedValue, gate.Bound, metrics);
    }

    private static ImmutableArray<string> OrEmpty(ImmutableArray<string> values) => values.IsDefault ? [] : values;

    private static double? ParseNumber(string value) =>
        double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) ? number : null;
}
