// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using System.Collections.Immutable;

namespace AiOpsPolicy.Core.Compilation;

/// <summary>A public key trusted to sign bundles.</summary>
/// <param name="Name">Its name in the operator's configuration (or the file it came from).</param>
/// <param name="KeyId">Its id (<see cref="BundleTrust.KeyIdOf"/>).</param>
/// <param name="SubjectPublicKeyInfo">The DER public key.</param>
public sealed record TrustedBundleKey(string Name, string KeyId, ImmutableArray<byte> SubjectPublicKeyInfo);
