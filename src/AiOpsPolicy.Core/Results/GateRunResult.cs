// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using System.Collections.Immutable;
using AiOpsPolicy.Core.Diagnostics;
using AiOpsPolicy.Core.Evidence;

namespace AiOpsPolicy.Core.Results;

/// <summary>The result of a gate run: every gate's result, the decision, and what it was decided on.</summary>
public sealed record GateRunResult
{
    /// <summary>Gets the engine's version.</summary>
    public required string EngineVersion { get; init; }

    /// <summary>Gets the policy set's name.</summary>
    public required string PolicySet { get; init; }

    /// <summary>Gets the policy set's version, if stated.</summary>
    public string? PolicySetVersion { get; init; }

    /// <summary>Gets the digest of the policy files.</summary>
    public required string PolicyDigest { get; init; }

    /// <summary>Gets the digest of the evidence files.</summary>
    public required string EvidenceDigest { get; init; }

    /// <summary>Gets the evaluation time.</summary>
    public required DateTimeOffset EvaluatedAt { get; init; }

    /// <summary>Gets every gate's result, in declaration order.</summary>
    public required ImmutableArray<GateResult> Gates { get; init; }

    /// <summary>Gets the evidence files read.</summary>
    public ImmutableArray<EvidenceFile> Evidence { get; init; } = [];

    /// <summary>Gets the evidence's data quality: per kind, valid and invalid record counts and the invalid (quarantined) records.</summary>
    public EvidenceQuality DataQuality { get; init; } = EvidenceQuality.Empty;

    /// <summary>Gets every declared control with its automation and evidence, in name order (empty when none are declared).</summary>
    public ImmutableArray<ControlCoverage> Controls { get; init; } = [];

    /// <summary>Gets every waiver of the policy set: active, expiring soon or expired, by name.</summary>
    public ImmutableArray<WaiverInfo> Waivers { get; init; } = [];

    /// <summary>Gets warnings and notes from loading (errors stop a run before evaluation).</summary>
    public ImmutableArray<Diagnostic> Diagnostics { get; init; } = [];

    /// <summary>Gets the findings the run reports without blocking (period-over-period observations and the like).</summary>
    public ImmutableArray<FindingResult> Findings { get; init; } = [];

    /// <summary>Gets the weighted score, when the policy set declares score thresholds.</summary>
    public ScoreResult? Score { get; init; }

    /// <summary>
    /// Gets how many passes over evidence the run made. Metrics known before evaluation share one pass
    /// per evidence kind; a figure well above the number of kinds means metric calls with computed
    /// arguments that could not be planned. Not written to reports.
    /// </summary>
    public int EvidencePasses { get; init; }

    /// <summary>Gets a value indicating whether the deployment is blocked: a gate blocks, or the score fails (below its warn threshold, or a key gate did not pass).</summary>
    public bool Blocked => Gates.Any(g => g.Blocks) || Score is { Status: GateStatus.Fail };

    /// <summary>Gets the decision as reports write it: allowed or blocked.</summary>
    public string Decision => Blocked ? "blocked" : "allowed";

    /// <summary>Counts the gates with a status.</summary>
    /// <param name="status">The status.</param>
    /// <returns>How many.</returns>
    public int Count(GateStatus status) => Gates.Count(g => g.Status == status);
}
