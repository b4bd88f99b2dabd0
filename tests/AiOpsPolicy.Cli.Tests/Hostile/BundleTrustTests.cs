// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using AiOpsPolicy.Core;
using AiOpsPolicy.Core.Compilation;

namespace AiOpsPolicy.Cli.Tests.Hostile;

/// <summary>
/// Authenticated compiled code, the bundle half (issue 12, item 3). Each hostile case swaps in, or signs, an assembly
/// whose static constructor writes a marker file; 'gate --bundle' and 'verify' must refuse it without running it.
/// </summary>
public sealed class BundleTrustTests : IDisposable
{
    private const string AsOf = "2026-11-28T12:00:00Z";
    private readonly TempDirectory _temp = new();
    private readonly string _key;
    private readonly string _attackerKey;

    public BundleTrustTests()
    {
        _key = _temp.Combine("platform");
        _attackerKey = _temp.Combine("attacker");
        using var console = new TestConsole();
        Assert.Equal(0, Program.Run(["keygen", "--output", _key], console, FailingClock));
        Assert.Equal(0, Program.Run(["keygen", "--output", _attackerKey], console, FailingClock));
    }

    private string Marker => _temp.Combine("marker.txt");

    public void Dispose() => _temp.Dispose();

    [Fact]
    [Trait("Hostile", "bundle")]
    public void Gate_WhenTheBundleIsUnsigned_ShouldRefuseItAndSayHowToSignOrAllow()
    {
        // Given
        var bundle = BuildWithCli("unsigned.bundle", signKey: null);

        // When
        var (exit, console) = Gate(bundle, "--trusted-key", _key + ".pub");

        // Then
        AssertRefused(exit, console, "it is not signed. Sign it with 'aiops-policy build --sign-key FILE' and trust the key with --trusted-key FILE or the operator configuration's bundles.trustedKeys, or run it anyway with --allow-unsigned");
    }

    [Fact]
    [Trait("Hostile", "bundle")]
    public void Gate_WhenTheBundleIsSignedByAnUnknownKey_ShouldRefuseItNamingTheKey()
    {
        // Given: the attacker builds a consistent bundle around the payload and signs it with their own key
        var bundle = WritePayloadBundle("attacker.bundle", _attackerKey + ".key");

        // When
        var (exit, console) = Gate(bundle, "--trusted-key", _key + ".pub");

        // Then
        AssertRefused(exit, console, $"it is signed by key {KeyId(_attackerKey)}, which is not trusted (the trusted keys are '{_key}.pub' ({KeyId(_key)}))");
    }

    [Fact]
    [Trait("Hostile", "bundle")]
    public void Gate_WhenNoKeyIsTrusted_ShouldRefuseEvenAnHonestSignedBundle()
    {
        // Given
        var bundle = BuildWithCli("signed.bundle", _key + ".key");

        // When
        var (exit, console) = Gate(bundle);

        // Then
        AssertRefused(exit, console, "which is not trusted (no key is trusted)");
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    [Trait("Hostile", "bundle")]
    public void Gate_WhenTheAssemblyIsSwappedAndTheManifestDigestUpdated_ShouldRefuseTheBrokenSignatureEvenWithAllowUnsigned(bool allowUnsigned)
    {
        // Given: the attack on a signed bundle: new DLL, its SHA-256 in the manifest, signature left as it was
        var bundle = BuildWithCli("signed.bundle", _key + ".key");
        SwapAssembly(bundle, updateManifest: true);

        // When
        var (exit, console) = allowUnsigned ? Gate(bundle, "--trusted-key", _key + ".pub", "--allow-unsigned") : Gate(bundle, "--trusted-key", _key + ".pub");

        // Then: a trusted key's signature that does not verify is tampering, which no flag lets through
        AssertRefused(exit, console, $"its signature by trusted key '{_key}.pub' ({KeyId(_key)}) does not verify: the bundle was altered after it was signed");
    }

    [Fact]
    [Trait("Hostile", "bundle")]
    public void Gate_WhenTheAssemblyIsSwappedAndTheSignatureRemoved_ShouldRefuseItAsUnsigned()
    {
        // Given
        var bundle = BuildWithCli("signed.bundle", _key + ".key");
        SwapAssembly(bundle, updateManifest: true);
        Rewrite(bundle, "signature.json", null);

        // When
        var (exit, console) = Gate(bundle, "--trusted-key", _key + ".pub");

        // Then
        AssertRefused(exit, console, "it is not signed.");
    }

    [Fact]
    [Trait("Hostile", "bundle")]
    public void Gate_WhenOnlyTheAssemblyIsSwapped_ShouldRefuseItsDigest()
    {
        // Given
        var bundle = BuildWithCli("signed.bundle", _key + ".key");
        SwapAssembly(bundle, updateManifest: false);

        // When
        var (exit, console) = Gate(bundle, "--trusted-key", _key + ".pub");

        // Then
        AssertRefused(exit, console, "its assembly does not match the digest in its manifest");
    }

    [Theory]
    [InlineData("{\"algorithm\":\"none\",\"keyId\":\"x\",\"signature\":\"\"}", "its signature entry is not a ecdsa-p256-sha256 signature")]
    [InlineData("{\"algorithm\":\"ecdsa-p256-sha256\",\"keyId\":null,\"signature\":\"AA==\"}", "its signature entry is not a ecdsa-p256-sha256 signature")]
    [InlineData("not json at all", "it cannot be read")]
    [InlineData("{\"algorithm\":\"ecdsa-p256-sha256\",\"keyId\":\"TRUSTED\",\"signature\":\"%%%\"}", "is not valid base64: the bundle was altered after it was signed")]
    [InlineData("{\"algorithm\":\"ecdsa-p256-sha256\",\"keyId\":\"TRUSTED\",\"signature\":\"AAAA\"}", "does not verify: the bundle was altered after it was signed")]
    [Trait("Hostile", "bundle")]
    public void Gate_WhenTheSignatureEntryIsForged_ShouldRefuseIt(string signature, string expected)
    {
        // Given: an attacker's own manifest and assembly, with a signature entry claiming the trusted key
        var bundle = WritePayloadBundle("forged.bundle", signKey: null);
        Rewrite(bundle, "signature.json", Encoding.UTF8.GetBytes(signature.Replace("TRUSTED", KeyId(_key), StringComparison.Ordinal)));

        // When
        var (exit, console) = Gate(bundle, "--trusted-key", _key + ".pub");

        // Then
        AssertRefused(exit, console, expected);
    }

    [Fact]
    [Trait("Hostile", "bundle")]
    public void Gate_WhenTheAttackerSignsWithTheirKeyButClaimsTheTrustedKeyId_ShouldRefuseIt()
    {
        // Given
        var bundle = WritePayloadBundle("claimed.bundle", _attackerKey + ".key");
        var signature = Encoding.UTF8.GetString(ReadEntry(bundle, "signature.json")).Replace(KeyId(_attackerKey), KeyId(_key), StringComparison.Ordinal);
        Rewrite(bundle, "signature.json", Encoding.UTF8.GetBytes(signature));

        // When
        var (exit, console) = Gate(bundle, "--trusted-key", _key + ".pub");

        // Then
        AssertRefused(exit, console, "does not verify: the bundle was altered after it was signed");
    }

    [Fact]
    public void Gate_WhenTheBundleIsSignedByAKeyTheOperatorConfigurationTrusts_ShouldRunIt()
    {
        // Given
        var bundle = BuildWithCli("signed.bundle", _key + ".key");
        var config = _temp.Combine("operator.yaml");
        File.WriteAllText(config, "apiVersion: aiops-policy/v1\nkind: OperatorConfiguration\nbundles:\n  trustedKeys:\n    platform:\n      publicKeyFile: platform.pub\n");

        // When
        var (exit, console) = Gate(bundle, "--config", config);

        // Then
        Assert.True(exit == 1, console.OutText + console.ErrText);
        Assert.Contains("Decision: BLOCKED", console.OutText, StringComparison.Ordinal);
        Assert.Empty(console.ErrText);
    }

    [Fact]
    public void Gate_WhenAnUnsignedBundleIsAllowedExplicitly_ShouldRunItAndWarnLoudly()
    {
        // Given: the operator's explicit override, shown with the payload: it does run, so the refusals above matter
        var bundle = WritePayloadBundle("unsigned-payload.bundle", signKey: null);

        // When
        var (_, console) = Gate(bundle, "--allow-unsigned");

        // Then
        Assert.Contains("warning AOP5031: The bundle '" + bundle + "' is run WITHOUT authentication because --allow-unsigned was given: it is not signed.", console.ErrText, StringComparison.Ordinal);
        Assert.True(File.Exists(Marker));
    }

    [Fact]
    [Trait("Hostile", "bundle")]
    public void Verify_WhenATrustedKeySignedAnAssemblyItsSourcesDoNotCompileTo_ShouldRefuseItWithoutRunningIt()
    {
        // Given: the trusted key itself signed a bundle whose assembly is not what its policy files compile to (a
        // compromised build step). The signature is valid; only the rebuild can tell.
        var bundle = WritePayloadBundle("insider.bundle", _key + ".key");

        // When
        using var console = new TestConsole();
        var exit = Program.Run(["verify", bundle, "--trusted-key", _key + ".pub"], console, FailingClock);

        // Then
        Assert.Equal(2, exit);
        var payloadDigest = Convert.ToHexStringLower(SHA256.HashData(ReadEntry(bundle, "policies.dll")));
        Assert.Contains($"error AOP5032: The bundle '{bundle}' carries an assembly (sha256:{payloadDigest}) that its own policy files do not compile to (sha256:", console.ErrText, StringComparison.Ordinal);
        Assert.Contains("NOT verified", console.ErrText, StringComparison.Ordinal);
        Assert.False(File.Exists(Marker));
    }

    [Theory]
    [InlineData("unsigned")]
    [InlineData("unknown key")]
    [InlineData("swapped")]
    [Trait("Hostile", "bundle")]
    public void Verify_WhenTheBundleIsNotAuthentic_ShouldRefuseIt(string shape)
    {
        // Given
        var bundle = shape switch
        {
            "unsigned" => BuildWithCli("unsigned.bundle", signKey: null),
            "unknown key" => BuildWithCli("attacker.bundle", _attackerKey + ".key"),
            _ => BuildWithCli("swapped.bundle", _key + ".key"),
        };
        if (shape == "swapped")
        {
            SwapAssembly(bundle, updateManifest: true);
        }

        // When
        using var console = new TestConsole();
        var exit = Program.Run(["verify", bundle, "--trusted-key", _key + ".pub"], console, FailingClock);

        // Then
        Assert.Equal(2, exit);
        Assert.Contains("error AOP5004", console.ErrText, StringComparison.Ordinal);
        Assert.Empty(console.OutText);
        Assert.False(File.Exists(Marker));
    }

    [Fact]
    public void Verify_WhenTheBundleIsHonest_ShouldRebuildTheSameBytes()
    {
        // Given
        var bundle = BuildWithCli("signed.bundle", _key + ".key");

        // When
        using var console = new TestConsole();
        var exit = Program.Run(["verify", bundle, "--trusted-key", _key + ".pub"], console, FailingClock);

        // Then
        Assert.True(exit == 0, console.OutText + console.ErrText);
        var digest = Convert.ToHexStringLower(SHA256.HashData(ReadEntry(bundle, "policies.dll")));
        Assert.Equal($"{bundle}: verified. signed by trusted key '{_key}.pub' ({KeyId(_key)}); the assembly rebuilt from its own policy files is identical (sha256:{digest}).", console.OutText.Trim());
    }

    private static DateTimeOffset FailingClock() => throw new InvalidOperationException("The test gave --as-of; the clock must not be read.");

    private static string KeyId(string keyPair)
    {
        using var key = BundleSigningKey.FromPem(File.ReadAllText(keyPair + ".key"), out _)!;
        return key.KeyId;
    }

    private static byte[] ReadEntry(string bundle, string name)
    {
        using var zip = ZipFile.OpenRead(bundle);
        using var stream = zip.GetEntry(name)!.Open();
        using var buffer = new MemoryStream();
        stream.CopyTo(buffer);
        return buffer.ToArray();
    }

    /// <summary>Replaces (or, with null, removes) one entry of a bundle.</summary>
    private static void Rewrite(string bundle, string name, byte[]? content)
    {
        using var zip = ZipFile.Open(bundle, ZipArchiveMode.Update);
        zip.GetEntry(name)?.Delete();
        if (content is not null)
        {
            using var stream = zip.CreateEntry(name).Open();
            stream.Write(content);
        }
    }

    private void AssertRefused(int exit, TestConsole console, string reason)
    {
        Assert.Equal(2, exit);
        Assert.Contains("error AOP5004: The bundle '", console.ErrText, StringComparison.Ordinal);
        Assert.Contains(reason, console.ErrText, StringComparison.Ordinal);
        Assert.DoesNotContain("Decision:", console.OutText, StringComparison.Ordinal);
        Assert.False(File.Exists(Marker));
    }

    private void SwapAssembly(string bundle, bool updateManifest)
    {
        var original = Convert.ToHexStringLower(SHA256.HashData(ReadEntry(bundle, "policies.dll")));
        var payload = HostilePayload.Compile(Marker);
        Rewrite(bundle, "policies.dll", payload);
        if (updateManifest)
        {
            var manifest = Encoding.UTF8.GetString(ReadEntry(bundle, "manifest.json"));
            Rewrite(bundle, "manifest.json", Encoding.UTF8.GetBytes(manifest.Replace(original, Convert.ToHexStringLower(SHA256.HashData(payload)), StringComparison.Ordinal)));
        }
    }

    private string BuildWithCli(string name, string? signKey)
    {
        var path = _temp.Combine(name);
        using var console = new TestConsole();
        Assert.Equal(0, Program.Run(["build", "--policies", Repository.HelpdeskPolicies, "--output", path, .. signKey is null ? Array.Empty<string>() : ["--sign-key", signKey]], console, FailingClock));
        return path;
    }

    /// <summary>A self-consistent bundle around the payload: the real policy files, the payload as their assembly.</summary>
    private string WritePayloadBundle(string name, string? signKey)
    {
        var path = _temp.Combine(name);
        using var compiled = new PolicyEngine(null).Prepare([Repository.HelpdeskPolicies]).Compiled!;
        using var key = signKey is null ? null : BundleSigningKey.FromPem(File.ReadAllText(signKey), out _);
        using var stream = File.Create(path);
        PolicyBundle.Write(compiled.Policies, HostilePayload.Compile(Marker), stream, key);
        return path;
    }

    private static (int Exit, TestConsole Console) Gate(string bundle, params string[] extra)
    {
        var console = new TestConsole();
        var exit = Program.Run(["gate", "--bundle", bundle, "--evidence", Repository.ExampleEvidence, "--as-of", AsOf, .. extra], console, FailingClock);
        return (exit, console);
    }
}
