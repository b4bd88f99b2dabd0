// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using System.Security.Cryptography;

namespace AiOpsPolicy.Core.Compilation;

/// <summary>
/// An operator's private key for signing bundles: ECDSA over NIST P-256 with SHA-256, from the .NET base library (no
/// native dependency to ship per platform, and an algorithm compliance reviews already accept). The public half goes
/// to the operators who run the bundles (<see cref="BundleTrust"/>).
/// </summary>
public sealed class BundleSigningKey : IDisposable
{
    private readonly ECDsa _key;

    private BundleSigningKey(ECDsa key)
    {
        _key = key;
        KeyId = BundleTrust.KeyIdOf(key.ExportSubjectPublicKeyInfo());
    }

    /// <summary>Gets the key's id: the start of the SHA-256 of its public key, as bundles and messages show it.</summary>
    public string KeyId { get; }

    /// <summary>Gets the public key in PEM, for the operators who should trust this key.</summary>
    public string PublicKeyPem => _key.ExportSubjectPublicKeyInfoPem();

    /// <summary>Makes a new random key pair.</summary>
    /// <returns>The key.</returns>
    public static BundleSigningKey Generate() => new(ECDsa.Create(ECCurve.NamedCurves.nistP256));

    /// <summary>Reads a private key from PEM (PKCS#8, as <c>aiops-policy keygen</c> writes it, or SEC1 "EC PRIVATE KEY").</summary>
    /// <param name="pem">The PEM text.</param>
    /// <param name="problem">Why it cannot be used.</param>
    /// <returns>The key, or null.</returns>
    public static BundleSigningKey? FromPem(string pem, out string? problem)
    {
        ArgumentNullException.ThrowIfNull(pem);
        var key = ECDsa.Create();
        try
        {
            key.ImportFromPem(pem);
            if (key.KeySize != 256 || key.ExportParameters(includePrivateParameters: false).Curve.Oid.Value != ECCurve.NamedCurves.nistP256.Oid.Value)
            {
                problem = "it is not a P-256 key; make one with 'aiops-policy keygen'";
                key.Dispose();
                return null;
            }

            // A public key alone imports too, but cannot sign.
            _ = key.ExportECPrivateKey();
            problem = null;
            return new BundleSigningKey(key);
        }
        catch (Exception ex) when (ex is ArgumentException or CryptographicException)
        {
            problem = "it is not a PEM private key (-----BEGIN PRIVATE KEY-----); make one with 'aiops-policy keygen'";
            key.Dispose();
            return null;
        }
    }

    /// <summary>Exports the private key as PKCS#8 PEM.</summary>
    /// <returns>The PEM text; keep it secret.</returns>
    public string ExportPrivateKeyPem() => _key.ExportPkcs8PrivateKeyPem();

    /// <inheritdoc />
    public void Dispose() => _key.Dispose();

    /// <summary>Signs data (SHA-256, IEEE P1363 signature format).</summary>
    /// <param name="data">The data.</param>
    /// <returns>The signature.</returns>
    internal byte[] Sign(byte[] data) => _key.SignData(data, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
}
