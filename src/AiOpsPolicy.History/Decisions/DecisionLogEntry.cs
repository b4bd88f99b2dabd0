// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using System.Collections.Immutable;

namespace AiOpsPolicy.History.Decisions;

/// <summary>
/// What the decision service adds to a recorded run: who asked, for which tenant, with which bundle and evidence, what
/// the caller was told (the exit code) and the JSON report it was given. Stored in the run's own transaction.
/// </summary>
/// <param name="Tenant">The tenant whose token asked.</param>
/// <param name="Caller">The caller's identity: the tenant and the token's name (<c>team-a/ci</c>), never the token.</param>
/// <param name="BundleDigest">The SHA-256 of the bundle file the decision ran (<c>sha256:...</c>).</param>
/// <param name="EvidenceDigests">The SHA-256 of each evidence file the decision read.</param>
/// <param name="ExitCode">The exit code the CLI would have returned: 0 allowed, 1 blocked.</param>
/// <param name="Report">The JSON report (report.schema.json), as sent to the caller.</param>
public sealed record DecisionLogEntry(string Tenant, string Caller, string BundleDigest, ImmutableArray<EvidenceDigest> EvidenceDigests, int ExitCode, string Report);
