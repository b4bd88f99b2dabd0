// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

namespace AiOpsPolicy.History.Decisions;

/// <summary>The digest of one evidence file a decision read.</summary>
/// <param name="Name">The file's name as the caller gave it (inline) or its path below the reference (collected).</param>
/// <param name="Sha256">The SHA-256 of the file's bytes (<c>sha256:...</c>, lower-case hex).</param>
/// <param name="Bytes">The file's length in bytes.</param>
public sealed record EvidenceDigest(string Name, string Sha256, long Bytes);
