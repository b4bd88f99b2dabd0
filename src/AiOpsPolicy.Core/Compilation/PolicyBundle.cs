// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using AiOpsPolicy.Core.Diagnostics;
using AiOpsPolicy.Core.Loading;
using AiOpsPolicy.Core.Text;
using AiOpsPolicy.Core.Validation;

namespace AiOpsPolicy.Core.Compilation;

/// <summary>
/// A prebuilt policy bundle: the compiled assembly, the policy files it was compiled from, and a
/// manifest with the engine build and digests. Platform teams build a bundle when policies merge;
/// pipelines run <c>gate --bundle</c>, which needs no compiler and refuses a bundle built by another
/// engine build or whose contents do not match their digests.
/// </summary>
/// <remarks>
/// The bundle is a zip archive with fixed entry order and timestamps, so the same policies and engine
/// build give the same bytes: its SHA-256 names it.
/// </remarks>
public static class PolicyBundle
{
    private const int Format = 1;
    private const string ManifestEntry = "manifest.json";
    private const string AssemblyEntry = "policies.dll";
    private const string PolicyFolder = "policies/";

    /// <summary>The timestamp every entry carries: zip needs one, and a real one would make bundles differ.</summary>
    private static readonly DateTimeOffset EntryTime = new(2000, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>Writes a bundle of a compiled policy set.</summary>
    /// <param name="policies">The policy set.</param>
    /// <param name="assembly">Its compiled assembly.</param>
    /// <param name="output">Where to write the bundle.</param>
    public static void Write(Model.PolicySet policies, byte[] assembly, Stream output)
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
        Add(zip, ManifestEntry, JsonSerializer.SerializeToUtf8Bytes(manifest, BundleJsonContext.Default.BundleManifest));
        Add(zip, AssemblyEntry, assembly);
        foreach (var file in policies.Files.OrderBy(f => f.Path, StringComparer.Ordinal))
        {
            var relative = Path.GetRelativePath(root, Path.GetFullPath(file.Path)).Replace('\\', '/');
            Add(zip, PolicyFolder + relative, Encoding.UTF8.GetBytes(file.Text));
        }
    }

    /// <summary>Reads and checks a bundle, and loads its compiled policy set.</summary>
    /// <param name="path">The bundle file.</param>
    /// <returns>The compiled set, or null with the reason as a diagnostic.</returns>
    public static PreparedPolicies Read(string path)
    {
        var display = SourceFileReader.DisplayPath(Path.GetFullPath(path));
        try
        {
            using var zip = ZipFile.OpenRead(path);
            var manifest = JsonSerializer.Deserialize(ReadAll(zip, ManifestEntry), BundleJsonContext.Default.BundleManifest)
                ?? throw new InvalidDataException("the manifest is empty");
            if (manifest.Format != Format)
            {
                return Refuse(display, $"it has bundle format {manifest.Format}; this engine reads format {Format}");
            }

            if (manifest.EngineBuild != CompilationCache.EngineBuild)
            {
                return Refuse(display, $"it was built by engine {manifest.EngineVersion} ({manifest.EngineBuild}), not by this engine ({CompilationCache.EngineBuild}). Rebuild it with this engine's 'aiops-policy build'");
            }

            var assembly = ReadAll(zip, AssemblyEntry);
            if (Convert.ToHexStringLower(SHA256.HashData(assembly)) != manifest.AssemblySha256)
            {
                return Refuse(display, "its assembly does not match the digest in its manifest");
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
                return Refuse(display, $"its policy files have digest {validated.PolicySet.Digest}, not the {manifest.PolicyDigest} its manifest records");
            }

            if (validated.HasErrors)
            {
                return new PreparedPolicies(null, validated.Diagnostics);
            }

            return new PreparedPolicies(CompilationCache.Load(validated.PolicySet, assembly, fromCache: true), validated.Diagnostics);
        }
        catch (Exception ex) when (ex is IOException or InvalidDataException or JsonException or UnauthorizedAccessException or BadImageFormatException or FileLoadException)
        {
            return Refuse(display, "it cannot be read (" + ex.Message.TrimEnd('.') + ")");
        }
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

/// <summary>Serializer for bundle manifests.</summary>
[System.Text.Json.Serialization.JsonSourceGenerationOptions(PropertyNamingPolicy = System.Text.Json.Serialization.JsonKnownNamingPolicy.CamelCase, WriteIndented = true)]
[System.Text.Json.Serialization.JsonSerializable(typeof(BundleManifest))]
internal sealed partial class BundleJsonContext : System.Text.Json.Serialization.JsonSerializerContext;
