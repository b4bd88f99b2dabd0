// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using System.Collections.Immutable;
using AiOpsPolicy.Core.Compilation;
using AiOpsPolicy.Core.Diagnostics;

namespace AiOpsPolicy.Service.Bundles;

/// <summary>A bundle the service read and checked: its compiled set, shared by every request, or why it was refused.</summary>
/// <param name="Digest">The SHA-256 of the bundle file (<c>sha256:...</c>).</param>
/// <param name="Compiled">The compiled policy set, or null when the bundle was refused.</param>
/// <param name="Diagnostics">Why it was refused, or its warnings.</param>
public sealed record LoadedBundle(string Digest, CompiledPolicySet? Compiled, ImmutableArray<Diagnostic> Diagnostics);
