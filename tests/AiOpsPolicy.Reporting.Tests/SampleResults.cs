// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using System.Collections.Immutable;
using System.Globalization;
using AiOpsPolicy.Core;
using AiOpsPolicy.Core.Diagnostics;
using AiOpsPolicy.Core.Model;
using AiOpsPolicy.Core.Results;
using AiOpsPolicy.Core.Text;

namespace AiOpsPolicy.Reporting.Tests;

/// <summary>
/// Gate run results for the writer tests. The help-desk example is run once through the real engine
/// with absolute paths (so no test depends on the current directory); writers are given the
/// repository root, which makes every path they write repository-relative.
/// </summary>
internal static class SampleResults
{
    /// <summary>The evaluation time of every sample.</summary>
    public static readonly DateTimeOffset AsOf = DateTimeOffset.Parse("2026-11-28T12:00:00Z", CultureInfo.InvariantCulture);

    /// <summary>The engine version written into snapshots instead of the real one.</summary>
    public const string ScrubbedEngineVersion = "0.0.0-snapshot";

    private static readonly Lazy<GateRunResult> _helpdesk = new(RunHelpdesk);

    /// <summary>Gets report options that make paths relative to the repository root.</summary>
    public static ReportOptions Options { get; } = new() { RepositoryRoot = Repository.Root };

    /// <summary>Gets the help-desk example run at <see cref="AsOf"/>, with the engine version scrubbed.</summary>
    public static GateRunResult Helpdesk => _helpdesk.Value;

    /// <summary>
    /// Gets the help-desk result with its failing gate waived (so the run is allowed), one waiver
    /// expiring within 14 days and one already expired.
    /// </summary>
    public static GateRunResult HelpdeskWaived
    {
        get
        {
            var result = Helpdesk;
            var waiver = new WaiverInfo("triage-sla-rollout", "ops-lead@example.com", "Model v3 rolls out on Monday | see <runbook>", "OPS-1234", AsOf.AddDays(5), ["triage-inference-sla"], Expired: false);
            var expired = new WaiverInfo("old-freshness", "data-team", "Backfill", "DATA-9", AsOf.AddDays(-2), ["tickets-ingestion-freshness"], Expired: true);
            var gates = result.Gates
                .Select(g => g.Status == GateStatus.Fail ? g with { Status = GateStatus.Waived, WaivedStatus = GateStatus.Fail, Waiver = waiver } : g)
                .ToImmutableArray();
            return result with { Gates = gates, Waivers = [expired, waiver] };
        }
    }

    /// <summary>A synthetic gate result.</summary>
    /// <param name="name">The gate's name.</param>
    /// <param name="status">Its status.</param>
    /// <param name="explanation">Its explanation.</param>
    /// <param name="severity">Its severity.</param>
    /// <returns>The result.</returns>
    public static GateResult Gate(string name, GateStatus status, string explanation, GateSeverity severity = GateSeverity.Block) => new()
    {
        Gate = name,
        Severity = severity,
        Status = status,
        Explanation = explanation,
        Location = new SourceLocation(Path.Combine(Repository.HelpdeskPolicies, "gates.yaml"), 3, 5, 3, 20),
    };

    /// <summary>A synthetic run holding the given gates.</summary>
    /// <param name="gates">The gates.</param>
    /// <returns>The run.</returns>
    public static GateRunResult Run(params GateResult[] gates) => new()
    {
        EngineVersion = ScrubbedEngineVersion,
        PolicySet = "synthetic",
        PolicyDigest = "sha256:00",
        EvidenceDigest = "sha256:11",
        EvaluatedAt = AsOf,
        Gates = [.. gates],
    };

    private static GateRunResult RunHelpdesk()
    {
        var prepared = new PolicyEngine(cache: null).Prepare([Repository.HelpdeskPolicies]);
        var evidence = PolicyEngine.LoadEvidence([Repository.ExampleEvidence]);
        using var compiled = prepared.Compiled ?? throw new InvalidOperationException("The help-desk example did not compile: " + string.Join("; ", prepared.Diagnostics));
        var diagnostics = DiagnosticOrder.Sort(prepared.Diagnostics.Concat(evidence.Diagnostics)).Where(d => d.Severity >= DiagnosticSeverity.Warning);
        return PolicyEngine.Evaluate(compiled, evidence.Evidence, AsOf) with
        {
            // Scrubbed: the engine version changes with every build, the digests with every edit of
            // the example (the Baselines snapshot covers those).
            EngineVersion = ScrubbedEngineVersion,
            PolicyDigest = "sha256:<policy-digest>",
            EvidenceDigest = "sha256:<evidence-digest>",
            Diagnostics = [.. diagnostics],
        };
    }
}
