// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using System.Security.Cryptography;
using AiOpsPolicy.Core;
using AiOpsPolicy.Core.Compilation;
using AiOpsPolicy.Core.Configuration;

namespace AiOpsPolicy.Service.Bundles;

/// <summary>
/// Reads a bundle file through the engine's own bundle checks (format, engine build, digests and, where the engine
/// checks signatures, the signature against the operator's trusted keys), exactly as <c>gate --bundle</c> does.
/// </summary>
internal static class BundleVerifier
{
    /// <summary>The digest a bundle is known by: the SHA-256 of its bytes.</summary>
    /// <param name="content">The bundle file's bytes.</param>
    /// <returns><c>sha256:</c> and 64 lower-case hex digits.</returns>
    public static string DigestOf(ReadOnlySpan<byte> content) => "sha256:" + Convert.ToHexStringLower(SHA256.HashData(content));

    /// <summary>Reads and checks a bundle file.</summary>
    /// <param name="path">The bundle file, written by the service from bytes whose digest is <paramref name="digest"/>.</param>
    /// <param name="digest">The bundle's digest.</param>
    /// <param name="trust">The keys whose signatures the service accepts; unsigned bundles never run in the service.</param>
    /// <returns>The loaded bundle, or the reason it was refused.</returns>
    public static LoadedBundle Load(string path, string digest, BundleTrust trust)
    {
        var prepared = PolicyEngine.LoadBundle(path, trust);
        return new LoadedBundle(digest, prepared.Compiled, prepared.Diagnostics);
    }

    /// <summary>
    /// The service's bundle trust: the operator's trusted keys (<c>bundles.trustedKeys</c>), and never an unsigned
    /// bundle, because whoever can reach the admin endpoint with a stolen admin token must still not run code of
    /// their own. A key that cannot be read stops the service from starting.
    /// </summary>
    /// <param name="settings">The service settings.</param>
    /// <returns>The trust.</returns>
    /// <exception cref="InvalidOperationException">A trusted key cannot be used.</exception>
    public static BundleTrust Trust(ServiceSettings settings)
    {
        var problems = new List<string>();
        var trust = BundleTrust.Create(settings.TrustedKeys.Select(k => (k.Name, k.Pem)), allowUnsigned: false, problems);
        return problems.Count == 0 ? trust : throw new InvalidOperationException("The service cannot start: " + string.Join("; ", problems));
    }
}
