// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using AiOpsPolicy.Core.Evidence;
using AiOpsPolicy.Core.Model;
using AiOpsPolicy.Core.Results;
using AiOpsPolicy.Core.Text;

namespace AiOpsPolicy.Html.Tests;

/// <summary>Hand-made results for checks the example does not exercise.</summary>
internal static class SyntheticResults
{
    /// <summary>The evaluation time of every synthetic result.</summary>
    public static readonly DateTimeOffset Now = new(2026, 11, 28, 12, 0, 0, TimeSpan.Zero);

    /// <summary>Builds a result with one gate, one control, one waiver and one evidence file, all carrying the given text.</summary>
    /// <param name="text">Text to put in every user string.</param>
    /// <returns>The result.</returns>
    public static GateRunResult WithText(string text)
    {
        var file = new EvidenceFile("evidence/" + text + ".jsonl", EvidenceKind.Incidents, 3, Now.AddHours(-2));
        var waiver = new WaiverInfo(text, "owner " + text, "reason " + text, "TICKET-" + text, Now.AddDays(30), [text], Expired: false);
        GateResult[] gates =
        [
            new()
            {
                Gate = text,
                Description = "description " + text,
                Severity = GateSeverity.Block,
                Status = GateStatus.Fail,
                Observed = "93% " + text,
                ObservedValue = 0.93,
                Bound = ">= 95%",
                Explanation = "explanation " + text,
                Metrics = [new MetricResult("SlaAttainment(" + text + ", " + text + ")", "93%", 93, 100, 100, "metric " + text, [text], [text])],
                Clauses = [new ClauseResult("clause " + text, false, "problem " + text)],
                EvidenceFiles = [file],
                Location = SourceLocation.At("policies/" + text + ".yaml", 3, 5),
            },
            new()
            {
                Gate = "waived " + text,
                Severity = GateSeverity.Warn,
                Status = GateStatus.Waived,
                Explanation = "waived " + text,
                Waiver = waiver,
                WaivedStatus = GateStatus.Warn,
                Location = SourceLocation.None,
            },
        ];
        return new GateRunResult
        {
            EngineVersion = "0.0.0-" + text,
            PolicySet = "set " + text,
            PolicySetVersion = "v " + text,
            PolicyDigest = "sha256:" + text,
            EvidenceDigest = "sha256:" + text,
            EvaluatedAt = Now,
            Gates = [.. gates],
            Evidence = [file],
            Controls = [new ControlCoverage(text, "title " + text, true, true, false, Now.AddDays(-1), Now.AddDays(-1), [text], [text])],
            Waivers = [waiver],
        };
    }

    /// <summary>Builds a result whose only variety is in its waivers: active, expiring within 14 days, and expired.</summary>
    /// <returns>The result.</returns>
    public static GateRunResult WithWaivers() => new()
    {
        EngineVersion = "0.0.0-test",
        PolicySet = "waivers",
        PolicyDigest = "sha256:p",
        EvidenceDigest = "sha256:e",
        EvaluatedAt = Now,
        Gates = [],
        Waivers =
        [
            new WaiverInfo("active-one", "ana", "later", "T-1", Now.AddDays(40), ["g1"], Expired: false),
            new WaiverInfo("expiring-one", "bo", "soon", "T-2", Now.AddDays(5), ["g2"], Expired: false),
            new WaiverInfo("expired-one", "cy", "past", "T-3", Now.AddDays(-2), ["g3"], Expired: true),
        ],
    };

    /// <summary>Builds a result with controls at two enforcement points.</summary>
    /// <returns>The result.</returns>
    public static GateRunResult WithControls() => new()
    {
        EngineVersion = "0.0.0-test",
        PolicySet = "controls",
        PolicyDigest = "sha256:p",
        EvidenceDigest = "sha256:e",
        EvaluatedAt = Now,
        Gates = [],
        Controls =
        [
            new ControlCoverage("a", null, true, true, true, Now.AddHours(-1), Now.AddHours(-1), ["ci"], []),
            new ControlCoverage("b", null, true, true, false, null, null, ["ci", "cd-gate"], []),
            new ControlCoverage("c", null, true, false, false, null, Now.AddDays(-3), ["cd-gate"], []),
            new ControlCoverage("d", null, false, false, false, null, null, ["ci"], []),
        ],
    };
}
