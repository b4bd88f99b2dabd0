// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using System.Collections.Immutable;
using AiOpsPolicy.Core.Diagnostics;

namespace AiOpsPolicy.Core.Compilation;

/// <summary>What <see cref="PolicyBundle.Verify"/> found.</summary>
/// <param name="Verified">True when the signature is trusted (or unsigned bundles were allowed), the digests hold and the rebuilt assembly is identical.</param>
/// <param name="Signer">The trusted key that signed it, if any.</param>
/// <param name="RebuiltSha256">The SHA-256 of the assembly rebuilt from the bundle's sources, when it was rebuilt.</param>
/// <param name="Diagnostics">Why it failed, and warnings (an unsigned bundle allowed).</param>
public sealed record BundleVerification(bool Verified, TrustedBundleKey? Signer, string? RebuiltSha256, ImmutableArray<Diagnostic> Diagnostics);
