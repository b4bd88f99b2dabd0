// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using AiOpsPolicy.Core.Diagnostics;
using AiOpsPolicy.Core.Files;
using AiOpsPolicy.Core.Loading;
using AiOpsPolicy.Core.Text;
using AiOpsPolicy.Core.Validation;

namespace AiOpsPolicy.Core.Compilation;

/// <summary>
/// A prebuilt policy bundle: the compiled assembly, the policy files it was compiled from, a manifest
/// with the engine build and digests, and a signature over the manifest by the operator's key.
/// Platform teams build and sign a bundle when policies merge; pipelines run <c>gate --bundle</c>,
/// which needs no compiler and refuses a bundle that is unsigned or signed by a key it does not trust
/// (unless told otherwise), whose signature does not verify, built by another engine build, or whose
/// contents do not match their digests. The signature is checked before anything else in the bundle
/// is used, and the assembly is loaded last.
/// </summary>
/// <remarks>
/// The bundle is a zip archive with fixed entry order and timestamps. The manifest (and so the
/// bundle's name) is the same for the same policies and engine build; ECDSA signatures are
/// randomized, so two signings of it differ in their signature entry only.
/// </remarks>
public static class PolicyBundle
{
    private const int Format = 1;
    private const string ManifestEntry = "manifest.json";
    private const string AssemblyEntry = "policies.dll";
    private const string PolicyFolder = "policies/";
    private const string SignatureEntry = "signature.json";
    private const string SignatureAlgorithm = "ecdsa-p256-sha256";

    /// <summary>What is signed comes after this prefix, so that a bundle signature means nothing anywhere else.</summary>
    private static readonly byte[] SignaturePrefix = Encoding.UTF8.GetBytes("aiops-policy-bundle-signature-v1\n");

    /// <summary>The timestamp every entry carries: zip needs one, and a real one would make bundles differ.</summary>
    private static readonly DateTimeOffset EntryTime = new(2000, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>Writes an unsigned bundle of a compiled policy set.</summary>
    /// <param name="policies">The policy set.</param>
    /// <param name="assembly">Its compiled assembly.</param>
    /// <param name="output">Where to write the bundle.</param>
    public static void Write(Model.PolicySet policies, byte[] assembly, Stream output) => Write(policies, assembly, output, signingKey: null);

    /// <summary>Writes a bundle of a compiled policy set, signed when a key is given.</summary>
    /// <param name="policies">The policy set.</param>
    /// <param name="assembly">Its compiled assembly.</param>
    /// <param name="output">Where to write the bundle.</param>
    /// <param name="signingKey">The operator's signing key, or null for an unsigned bundle.</param>
    /// <returns>The manifest's SHA-256 (lower-case hex): the same for the same policies and engine build.</returns>
    public static string Write(Model.PolicySet policies, byte[] assembly, Stream output, BundleSigningKey? signingKey)
    {
        var root = SourceFileReader.CommonFolder(policies.Files.Select(f => Path.GetFullPath(f.Path)).ToList());
        using var zip = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true);
        var manifest = new BundleManifest(
            Format,
            CompilationCache.EngineBuild,
            EngineInfo.Version,
            policies.Digest,
            Convert.ToHexStringLower(SHA256.HashData(assembly)),
            [.. policies.Files.Select(f => Path.GetRelativePath(root, Path.GetFullPath(f.Path)).Replace('\\', '/')).Order(StringComparer.Ordinal)]);
        var manifestBytes = JsonSerializer.SerializeToUtf8Bytes(manifest, BundleJsonContext.Default.BundleManifest);
        Add(zip, ManifestEntry, manifestBytes);
        if (signingKey is not null)
        {
            var signature = new BundleSignature(SignatureAlgorithm, signingKey.KeyId, Convert.ToBase64String(signingKey.Sign(SignedBytes(manifestBytes))));
            Add(zip, SignatureEntry, JsonSerializer.SerializeToUtf8Bytes(signature, BundleJsonContext.Default.BundleSignature));
        }

        Add(zip, AssemblyEntry, assembly);
        foreach (var file in policies.Files.OrderBy(f => f.Path, StringComparer.Ordinal))
        {
            var relative = Path.GetRelativePath(root, Path.GetFullPath(file.Path)).Replace('\\', '/');
            Add(zip, PolicyFolder + relative, Encoding.UTF8.GetBytes(file.Text));
        }

        return Convert.ToHexStringLower(SHA256.HashData(manifestBytes));
    }

    /// <summary>Reads and checks a bundle, and loads its compiled policy set.</summary>
    /// <param name="path">The bundle file.</param>
    /// <param name="trust">The keys whose signatures are accepted, and whether unsigned bundles run.</param>
    /// <returns>The compiled set, or null with the reason as a diagnostic.</returns>
    public static PreparedPolicies Read(string path, BundleTrust trust)
    {
        ArgumentNullException.ThrowIfNull(trust);
        var display = SourceFileReader.DisplayPath(Path.GetFullPath(path));
        try
        {
            using var zip = ZipFile.OpenRead(path);
            var (contents, problem) = Open(zip, display, trust);
            if (contents is null)
            {
                return Refuse(display, problem ?? "it cannot be read");
            }

            if (contents.Validated.HasErrors)
            {
                return new PreparedPolicies(null, [.. contents.Warnings, .. contents.Validated.Diagnostics]);
            }

            return new PreparedPolicies(CompilationCache.Load(contents.Validated.PolicySet, contents.Assembly, fromCache: true), [.. contents.Warnings, .. contents.Validated.Diagnostics]);
        }
        catch (Exception ex) when (ex is IOException or InvalidDataException or JsonException or UnauthorizedAccessException or BadImageFormatException or FileLoadException or FormatException)
        {
            return Refuse(display, "it cannot be read (" + ex.Message.TrimEnd('.') + ")");
        }
    }

    /// <summary>
    /// Verifies a bundle without loading its assembly: the signature under the trusted keys, the digests, and then a
    /// rebuild of the assembly from the bundle's own policy files (the compilation is deterministic), compared byte
    /// for byte with the assembly the bundle carries. This loads the compiler.
    /// </summary>
    /// <param name="path">The bundle file.</param>
    /// <param name="trust">The keys whose signatures are accepted, and whether unsigned bundles pass.</param>
    /// <returns>What was found; <see cref="BundleVerification.Verified"/> only when everything holds.</returns>
    public static BundleVerification Verify(string path, BundleTrust trust)
    {
        ArgumentNullException.ThrowIfNull(trust);
        var display = SourceFileReader.DisplayPath(Path.GetFullPath(path));
        try
        {
            using var zip = ZipFile.OpenRead(path);
            var (contents, problem) = Open(zip, display, trust);
            if (contents is null)
            {
                return new BundleVerification(false, null, null, Refuse(display, problem ?? "it cannot be read").Diagnostics);
            }

            if (contents.Validated.HasErrors)
            {
                return new BundleVerification(false, contents.Signer, null, [.. contents.Warnings, .. contents.Validated.Diagnostics]);
            }

            var rebuilt = PolicyCompiler.Compile(contents.Validated.PolicySet);
            if (rebuilt.Assembly is null)
            {
                return new BundleVerification(false, contents.Signer, null, [.. contents.Warnings, .. rebuilt.Diagnostics]);
            }

            var digest = Convert.ToHexStringLower(SHA256.HashData(rebuilt.Assembly));
            if (!rebuilt.Assembly.AsSpan().SequenceEqual(contents.Assembly))
            {
                return new BundleVerification(false, contents.Signer, digest, [.. contents.Warnings, Diagnostic.Create(DiagnosticCatalog.BundleNotReproduced, SourceLocation.ForFile(display), display, Convert.ToHexStringLower(SHA256.HashData(contents.Assembly)), digest)]);
            }

            return new BundleVerification(true, contents.Signer, digest, [.. contents.Warnings]);
        }
        catch (Exception ex) when (ex is IOException or InvalidDataException or JsonException or UnauthorizedAccessException or FormatException)
        {
            return new BundleVerification(false, null, null, Refuse(display, "it cannot be read (" + ex.Message.TrimEnd('.') + ")").Diagnostics);
        }
    }

    /// <summary>
    /// Checks everything but the assembly's code, in an order that trusts nothing before the signature: the signature
    /// over the manifest, then the manifest's format and engine build, then the assembly's and policy files' digests
    /// recorded in the (now authenticated) manifest.
    /// </summary>
    private static (BundleContents? Contents, string? Problem) Open(ZipArchive zip, string display, BundleTrust trust)
    {
        var manifestBytes = ReadAll(zip, ManifestEntry);
        var warnings = new List<Diagnostic>();
        var (signer, signatureProblem) = CheckSignature(zip, manifestBytes, trust);
        if (signatureProblem is not null)
        {
            if (signer is not null || !trust.AllowUnsigned)
            {
                return (null, signatureProblem);
            }

            warnings.Add(Diagnostic.Create(DiagnosticCatalog.BundleNotAuthenticated, SourceLocation.ForFile(display), display, signatureProblem));
        }

        var manifest = JsonSerializer.Deserialize(manifestBytes, BundleJsonContext.Default.BundleManifest)
            ?? throw new InvalidDataException("the manifest is empty");
        if (manifest.Format != Format)
        {
            return (null, $"it has bundle format {manifest.Format}; this engine reads format {Format}");
        }

        if (manifest.EngineBuild != CompilationCache.EngineBuild)
        {
            return (null, $"it was built by engine {manifest.EngineVersion} ({manifest.EngineBuild}), not by this engine ({CompilationCache.EngineBuild}). Rebuild it with this engine's 'aiops-policy build'");
        }

        var assembly = ReadAll(zip, AssemblyEntry);
        if (Convert.ToHexStringLower(SHA256.HashData(assembly)) != manifest.AssemblySha256)
        {
            return (null, "its assembly does not match the digest in its manifest");
        }

        // The policy files are read back with the paths they had under the policy folder, so that
        // the set's digest can be recomputed and compared, and messages point at familiar paths.
        var files = manifest.Files
            .Select(name => new SourceFile(name, Encoding.UTF8.GetString(ReadAll(zip, PolicyFolder + name))))
            .ToList();
        var loaded = PolicyLoader.Load(files);
        var validated = PolicyValidator.Validate(loaded, checkSchemas: false);
        if (validated.PolicySet.Digest != manifest.PolicyDigest)
        {
            return (null, $"its policy files have digest {validated.PolicySet.Digest}, not the {manifest.PolicyDigest} its manifest records");
        }

        return (new BundleContents(validated, assembly, signer, warnings), null);
    }

    /// <summary>
    /// The trusted key that signed the manifest, or the problem: unsigned, an unknown key, or a signature that does not
    /// verify. A signer with a problem (a bad signature by a trusted key) is tampering, and never runs.
    /// </summary>
    private static (TrustedBundleKey? Signer, string? Problem) CheckSignature(ZipArchive zip, byte[] manifestBytes, BundleTrust trust)
    {
        const string HowToTrust = "Sign it with 'aiops-policy build --sign-key FILE' and trust the key with --trusted-key FILE or the operator configuration's bundles.trustedKeys";
        if (zip.GetEntry(SignatureEntry) is null)
        {
            return (null, $"it is not signed. {HowToTrust}, or run it anyway with --allow-unsigned");
        }

        var signature = JsonSerializer.Deserialize(ReadAll(zip, SignatureEntry), BundleJsonContext.Default.BundleSignature);
        if (signature is null || signature.Algorithm != SignatureAlgorithm || signature.KeyId is null || signature.Signature is null)
        {
            return (null, $"its signature entry is not a {SignatureAlgorithm} signature. {HowToTrust}");
        }

        var key = trust.Keys.FirstOrDefault(k => k.KeyId == signature.KeyId);
        if (key is null)
        {
            var known = trust.Keys.IsEmpty ? "no key is trusted" : "the trusted keys are " + string.Join(", ", trust.Keys.Select(k => $"'{k.Name}' ({k.KeyId})"));
            return (null, $"it is signed by key {signature.KeyId}, which is not trusted ({known}). Trust that key with --trusted-key FILE or the operator configuration's bundles.trustedKeys, or run it anyway with --allow-unsigned");
        }

        byte[] bytes;
        try
        {
            bytes = Convert.FromBase64String(signature.Signature);
        }
        catch (FormatException)
        {
            return (key, $"its signature by trusted key '{key.Name}' is not valid base64: the bundle was altered after it was signed");
        }

        return BundleTrust.Verifies(key, SignedBytes(manifestBytes), bytes)
            ? (key, null)
            : (key, $"its signature by trusted key '{key.Name}' ({key.KeyId}) does not verify: the bundle was altered after it was signed. Rebuild and sign it again");
    }

    /// <summary>
    /// The policy set as a bundle stores it and <see cref="Read"/> and <see cref="Verify"/> load it back: each file under
    /// its path relative to the policy folder. The assembly is compiled from this, so that a rebuild from the bundle
    /// alone gives the same bytes wherever the policy folder was.
    /// </summary>
    /// <param name="policies">The policy set as loaded from its folder.</param>
    /// <returns>The same set under relative paths.</returns>
    internal static Model.PolicySet AsStored(Model.PolicySet policies)
    {
        var root = SourceFileReader.CommonFolder(policies.Files.Select(f => Path.GetFullPath(f.Path)).ToList());
        var files = policies.Files
            .Select(f => new SourceFile(Path.GetRelativePath(root, Path.GetFullPath(f.Path)).Replace('\\', '/'), f.Text))
            .OrderBy(f => f.Path, StringComparer.Ordinal)
            .ToList();
        return PolicyValidator.Validate(PolicyLoader.Load(files), checkSchemas: false).PolicySet;
    }

    private static byte[] SignedBytes(byte[] manifestBytes) => [.. SignaturePrefix, .. manifestBytes];

    /// <summary>The manifest entry's bytes of a bundle in memory (what the signature covers, and what names the bundle).</summary>
    /// <param name="bundle">The bundle's bytes.</param>
    /// <returns>The manifest's bytes.</returns>
    public static byte[] ManifestBytes(byte[] bundle)
    {
        using var zip = new ZipArchive(new MemoryStream(bundle, writable: false), ZipArchiveMode.Read);
        return ReadAll(zip, ManifestEntry);
    }

    private static PreparedPolicies Refuse(string path, string why) =>
        new(null, [Diagnostic.Create(DiagnosticCatalog.BundleRefused, SourceLocation.ForFile(path), path, why)]);

    private static void Add(ZipArchive zip, string name, byte[] content)
    {
        var entry = zip.CreateEntry(name, CompressionLevel.Optimal);
        entry.LastWriteTime = EntryTime;
        using var stream = entry.Open();
        stream.Write(content);
    }

    private static byte[] ReadAll(ZipArchive zip, string name)
    {
        var entry = zip.GetEntry(name) ?? throw new InvalidDataException($"the entry '{name}' is missing");
        using var stream = entry.Open();
        using var buffer = new MemoryStream();
        stream.CopyTo(buffer);
        return buffer.ToArray();
    }
}

/// <summary>The manifest of a bundle.</summary>
/// <param name="Format">The bundle format.</param>
/// <param name="EngineBuild">The engine build that compiled it.</param>
/// <param name="EngineVersion">The engine version, for messages.</param>
/// <param name="PolicyDigest">The digest of the policy files.</param>
/// <param name="AssemblySha256">The SHA-256 of the compiled assembly.</param>
/// <param name="Files">The policy files, relative to the policy folder, in order.</param>
internal sealed record BundleManifest(int Format, string EngineBuild, string EngineVersion, string PolicyDigest, string AssemblySha256, string[] Files);

/// <summary>The signature entry of a bundle.</summary>
/// <param name="Algorithm">The signature algorithm: <c>ecdsa-p256-sha256</c>.</param>
/// <param name="KeyId">The signing key's id (<see cref="BundleTrust.KeyIdOf"/>).</param>
/// <param name="Signature">The signature over the prefix and the manifest's bytes, base64 (IEEE P1363).</param>
internal sealed record BundleSignature(string? Algorithm, string? KeyId, string? Signature);

/// <summary>What <see cref="PolicyBundle"/> found in a bundle before loading its assembly.</summary>
internal sealed record BundleContents(ValidationResult Validated, byte[] Assembly, TrustedBundleKey? Signer, List<Diagnostic> Warnings);

/// <summary>Serializer for bundle manifests.</summary>
[System.Text.Json.Serialization.JsonSourceGenerationOptions(PropertyNamingPolicy = System.Text.Json.Serialization.JsonKnownNamingPolicy.CamelCase, WriteIndented = true)]
[System.Text.Json.Serialization.JsonSerializable(typeof(BundleManifest))]
[System.Text.Json.Serialization.JsonSerializable(typeof(BundleSignature))]
internal sealed partial class BundleJsonContext : System.Text.Json.Serialization.JsonSerializerContext;
