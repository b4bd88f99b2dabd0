// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

namespace AiOpsPolicy.History.Decisions;

/// <summary>A bundle an administrator loaded into the decision service, as the store keeps it.</summary>
/// <param name="Digest">The SHA-256 of the bundle file (<c>sha256:...</c>).</param>
/// <param name="PolicySet">The policy set the bundle was loaded for.</param>
/// <param name="Content">The bundle file's bytes.</param>
/// <param name="LoadedAt">When it was loaded.</param>
/// <param name="LoadedBy">Who loaded it (the admin token's name).</param>
public sealed record StoredBundle(string Digest, string PolicySet, byte[] Content, DateTimeOffset LoadedAt, string LoadedBy);
