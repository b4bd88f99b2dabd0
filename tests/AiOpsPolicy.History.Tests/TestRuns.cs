// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using System.Collections.Immutable;
using AiOpsPolicy.History.Runs;

namespace AiOpsPolicy.History.Tests;

internal static class TestRuns
{
    public static readonly DateTimeOffset Monday = new(2026, 11, 2, 9, 0, 0, TimeSpan.Zero);

    public static RunRecord Run(string runId, DateTimeOffset at, string latencyStatus = "pass", double ratio = 0.9, string policySet = "helpdesk") => new()
    {
        RunId = runId,
        Provider = "github",
        Pipeline = "org/repo/gate",
        Commit = "abc123",
        Environment = "prod",
        RecordedAt = at,
        EngineVersion = "0.1.0",
        PolicySet = policySet,
        PolicySetVersion = "1",
        PolicyDigest = "sha256:p",
        EvidenceDigest = "sha256:e",
        Decision = latencyStatus == "fail" ? "blocked" : "allowed",
        WaiverCount = 0,
        Gates =
        [
            new GateRecord("latency", "block", latencyStatus, "120ms", 120, "<= 200ms", []),
            new GateRecord("grounding", "warn", "pass", "0.9", ratio, ">= 0.8",
                [new MetricRecord("grounded_ratio", ratio.ToString(System.Globalization.CultureInfo.InvariantCulture), ratio, ratio * 100, 100, 100)]),
        ],
        Controls =
        [
            new ControlRecord("eval-suite", true, true, true, ["ci", "deploy"], ["NIST-1"], "ml-platform"),
            new ControlRecord("red-team", true, true, false, ["deploy"], []),
            new ControlRecord("manual-review", false, false, false, ImmutableArray<string>.Empty, []),
        ],
        Waivers =
        [
            new WaiverRecord("latency-waiver", "sre", "vendor outage", "OPS-1", at.AddDays(10), ["latency"], false),
        ],
        Findings =
        [
            new FindingRecord("faster-cleanup-not-prevention", "MTTR improved but the incident rate did not.", "reliability", "sre"),
            new FindingRecord("noisy-monitoring", "The when expression threw DivideByZeroException.", "risk", null, FindingRecord.Error),
        ],
        Score = latencyStatus == "fail" ? 0.6 : 1.0,
        ScoreStatus = latencyStatus == "fail" ? "fail" : "pass",
    };
}
