// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using System.Collections.Immutable;
using System.Security.Cryptography;

namespace AiOpsPolicy.Core.Compilation;

/// <summary>
/// Which bundle signatures a host accepts: the operator's trusted public keys, and whether an unsigned bundle (or one
/// signed by an unknown key) may run anyway. The CLI builds one from <c>--trusted-key</c>, the operator configuration
/// and <c>--allow-unsigned</c>; a decision service builds one per policy set the same way.
/// </summary>
public sealed class BundleTrust
{
    private BundleTrust(ImmutableArray<TrustedBundleKey> keys, bool allowUnsigned)
    {
        Keys = keys;
        AllowUnsigned = allowUnsigned;
    }

    /// <summary>Gets the trust of a host that trusts no key and runs no unsigned bundle: every bundle is refused.</summary>
    public static BundleTrust None { get; } = new([], allowUnsigned: false);

    /// <summary>Gets the trusted keys.</summary>
    public ImmutableArray<TrustedBundleKey> Keys { get; }

    /// <summary>Gets a value indicating whether unsigned bundles, and bundles signed by an unknown key, run (with a warning).</summary>
    public bool AllowUnsigned { get; }

    /// <summary>Makes the trust from PEM public keys.</summary>
    /// <param name="keys">Each key's name (for messages) and PEM text (<c>-----BEGIN PUBLIC KEY-----</c>).</param>
    /// <param name="allowUnsigned">Whether unsigned bundles run anyway.</param>
    /// <param name="problems">Receives one message per key that cannot be read.</param>
    /// <returns>The trust, with every key that could be read.</returns>
    public static BundleTrust Create(IEnumerable<(string Name, string Pem)> keys, bool allowUnsigned, ICollection<string> problems)
    {
        ArgumentNullException.ThrowIfNull(keys);
        ArgumentNullException.ThrowIfNull(problems);
        var result = ImmutableArray.CreateBuilder<TrustedBundleKey>();
        foreach (var (name, pem) in keys)
        {
            using var key = ECDsa.Create();
            try
            {
                key.ImportFromPem(pem);
                if (key.KeySize != 256)
                {
                    problems.Add($"trusted key '{name}' is not a P-256 key");
                    continue;
                }

                var spki = key.ExportSubjectPublicKeyInfo();
                result.Add(new TrustedBundleKey(name, KeyIdOf(spki), [.. spki]));
            }
            catch (Exception ex) when (ex is ArgumentException or CryptographicException)
            {
                problems.Add($"trusted key '{name}' is not a PEM public key (-----BEGIN PUBLIC KEY-----)");
            }
        }

        return new BundleTrust(result.ToImmutable(), allowUnsigned);
    }

    /// <summary>The id of a public key: the first 16 bytes of the SHA-256 of its SubjectPublicKeyInfo, in hex.</summary>
    /// <param name="subjectPublicKeyInfo">The DER public key.</param>
    /// <returns>The id.</returns>
    public static string KeyIdOf(ReadOnlySpan<byte> subjectPublicKeyInfo) =>
        Convert.ToHexStringLower(SHA256.HashData(subjectPublicKeyInfo)[..16]);

    /// <summary>Whether a signature over data verifies under a trusted key.</summary>
    internal static bool Verifies(TrustedBundleKey key, byte[] data, byte[] signature)
    {
        using var ecdsa = ECDsa.Create();
        ecdsa.ImportSubjectPublicKeyInfo(key.SubjectPublicKeyInfo.AsSpan(), out _);
        return ecdsa.VerifyData(data, signature, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
    }
}
