// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using System.Collections.Immutable;
using System.Reflection;
using System.Runtime.Loader;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using AiOpsPolicy.Core.Diagnostics;
using AiOpsPolicy.Core.Expressions;
using AiOpsPolicy.Core.Files;
using AiOpsPolicy.Core.Metrics;
using AiOpsPolicy.Core.Model;
using AiOpsPolicy.Core.Text;

namespace AiOpsPolicy.Core.Compilation;

/// <summary>
/// Keeps compiled policy sets on disk, keyed by the policy set's digest and the engine build, so
/// that an unchanged policy set is not compiled again. An entry is a DLL and a small manifest that
/// carries an HMAC-SHA256 of the manifest's fields and the DLL, keyed by a secret kept outside the
/// cache folder (<see cref="CompilationCacheKey"/>). The cache folder is untrusted: CI restores it
/// from other runs, possibly a fork's. An entry whose MAC does not verify is rebuilt, never loaded.
/// This class does not touch the compiler, so a cache hit never loads Roslyn.
/// </summary>
public sealed class CompilationCache
{
    private const int ManifestFormat = 2;

    /// <summary>
    /// The runtime switch a short-lived host (the CLI) sets to load compiled policy sets into a
    /// non-collectible load context. The runtime never tiers code in a collectible context: each of
    /// its methods is compiled fully optimised on first call, which for a 200-gate set costs about
    /// 0.1 s of JIT per process. A non-collectible context gets quick tier-0 code instead, but is
    /// never unloaded, so only a process that prepares a bounded number of sets should set it.
    /// </summary>
    public const string KeepLoadedSwitch = "AiOpsPolicy.Core.KeepCompiledPoliciesLoaded";

    private readonly Lazy<(CompilationCacheKey? Key, string? Problem)> _key;
    private bool _problemReported;

    /// <summary>
    /// Initializes a new instance of the <see cref="CompilationCache"/> class with the default key
    /// (<see cref="CompilationCacheKey.Resolve"/>: <c>$AIOPS_POLICY_CACHE_KEY</c>, else the per-user key file).
    /// </summary>
    /// <param name="directory">The cache folder; created on first store.</param>
    public CompilationCache(string directory)
    {
        Directory = directory;
        _key = new(() => (CompilationCacheKey.Resolve(directory, out var problem), problem));
    }

    /// <summary>Initializes a new instance of the <see cref="CompilationCache"/> class with a key of the host's choosing.</summary>
    /// <param name="directory">The cache folder; created on first store.</param>
    /// <param name="key">The key that authenticates entries.</param>
    public CompilationCache(string directory, CompilationCacheKey key)
    {
        Directory = directory;
        _key = new((key, null));
    }

    /// <summary>Gets the cache folder.</summary>
    public string Directory { get; }

    /// <summary>
    /// Gets the identity of this engine build: its version, the generated code's shape, and the
    /// engine assembly's module id (which changes with any change to the engine's code).
    /// </summary>
    public static string EngineBuild { get; } =
        $"{EngineInfo.Version}+{GeneratedNames.CodeShapeVersion}+{typeof(PolicyContext).Module.ModuleVersionId:N}";

    /// <summary>The default cache folder: <c>$AIOPS_POLICY_CACHE</c>, else the user's cache folder.</summary>
    /// <returns>The folder.</returns>
    public static string DefaultDirectory()
    {
        if (Environment.GetEnvironmentVariable("AIOPS_POLICY_CACHE") is { Length: > 0 } configured)
        {
            return configured;
        }

        var xdg = Environment.GetEnvironmentVariable("XDG_CACHE_HOME");
        var baseDir = xdg is { Length: > 0 } ? xdg : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache");
        return Path.Combine(baseDir, "aiops-policy");
    }

    /// <summary>The cache key of a policy set for this engine build.</summary>
    /// <param name="policies">The policy set.</param>
    /// <returns>The key: lower-case hex.</returns>
    public static string Key(PolicySet policies) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(policies.Digest + "\n" + EngineBuild)));

    /// <summary>Loads a policy set's compiled assembly from the cache, if a trustworthy entry exists.</summary>
    /// <param name="policies">The policy set.</param>
    /// <param name="diagnostics">Receives an info diagnostic when an entry existed but was unusable.</param>
    /// <returns>The compiled set, or null on a miss.</returns>
    public CompiledPolicySet? TryLoad(PolicySet policies, ICollection<Diagnostic> diagnostics)
    {
        var key = Key(policies);
        var dll = Path.Combine(Directory, key + ".dll");
        var manifestPath = Path.Combine(Directory, key + ".json");
        if (!File.Exists(dll) && !File.Exists(manifestPath))
        {
            return null;
        }

        if (MacKey(diagnostics) is not { } macKey)
        {
            return null;
        }

        try
        {
            var bytes = File.ReadAllBytes(dll);
            using var manifest = JsonDocument.Parse(File.ReadAllBytes(manifestPath));
            var root = manifest.RootElement;
            var problem =
                root.GetProperty("format").GetInt32() != ManifestFormat ? "written by another cache format"
                : root.GetProperty("engineBuild").GetString() != EngineBuild ? "built by another engine build"
                : root.GetProperty("policyDigest").GetString() != policies.Digest ? "built from other policies"
                : null;
            if (problem is not null)
            {
                diagnostics.Add(Diagnostic.Create(DiagnosticCatalog.CacheRebuilt, SourceLocation.None, dll, problem));
                return null;
            }

            // The MAC is checked before a single byte of the assembly is loaded: a hash next to the file it hashes
            // proves nothing to a reader who did not write it.
            if (!macKey.Verifies(Header(policies), bytes, root.GetProperty("mac").GetString()))
            {
                diagnostics.Add(Diagnostic.Create(DiagnosticCatalog.CacheNotAuthenticated, SourceLocation.None, dll, macKey.Source));
                return null;
            }

            return Load(policies, bytes, fromCache: true);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or JsonException or KeyNotFoundException or InvalidOperationException or BadImageFormatException or FileLoadException)
        {
            diagnostics.Add(Diagnostic.Create(DiagnosticCatalog.CacheRebuilt, SourceLocation.None, dll, "unreadable (" + ex.GetType().Name + ")"));
        }

        return null;
    }

    /// <summary>
    /// Stores a compiled assembly. Each file is written to a temporary name and renamed into place,
    /// so a reader never sees half an entry and concurrent writers of the same entry do not collide.
    /// A failure to store is not an error: the next run compiles again. Without a usable key
    /// nothing is stored.
    /// </summary>
    /// <param name="policies">The policy set.</param>
    /// <param name="assembly">The compiled assembly.</param>
    /// <returns>True when stored.</returns>
    public bool Store(PolicySet policies, byte[] assembly)
    {
        var key = Key(policies);
        if (_key.Value.Key is not { } macKey)
        {
            return false;
        }

        try
        {
            System.IO.Directory.CreateDirectory(Directory);
            var manifest = JsonSerializer.SerializeToUtf8Bytes(
                new CacheManifest(ManifestFormat, EngineBuild, policies.Digest, macKey.Mac(Header(policies), assembly)),
                CacheJsonContext.Default.CacheManifest);
            AtomicFile.WriteAllBytes(Path.Combine(Directory, key + ".dll"), assembly);
            AtomicFile.WriteAllBytes(Path.Combine(Directory, key + ".json"), manifest);
            return true;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    /// <summary>The manifest fields the MAC covers besides the assembly, in a fixed order.</summary>
    private static string Header(PolicySet policies) =>
        $"aiops-policy-cache\n{ManifestFormat}\n{EngineBuild}\n{policies.Digest}\n";

    /// <summary>The key, or null after reporting (once per cache object) why the cache is not used.</summary>
    private CompilationCacheKey? MacKey(ICollection<Diagnostic> diagnostics)
    {
        var (macKey, problem) = _key.Value;
        if (macKey is null && !_problemReported)
        {
            _problemReported = true;
            diagnostics.Add(Diagnostic.Create(DiagnosticCatalog.CacheKeyUnusable, SourceLocation.None, problem ?? "no key"));
        }

        return macKey;
    }

    /// <summary>Loads compiled bytes into a new collectible load context.</summary>
    /// <param name="policies">The policy set.</param>
    /// <param name="assembly">The assembly's bytes.</param>
    /// <param name="fromCache">Whether the bytes came from the cache.</param>
    /// <returns>The compiled set.</returns>
    internal static CompiledPolicySet Load(PolicySet policies, byte[] assembly, bool fromCache)
    {
        var keepLoaded = AppContext.TryGetSwitch(KeepLoadedSwitch, out var keep) && keep;
        var context = new AssemblyLoadContext("aiops-policy:" + policies.Digest, isCollectible: !keepLoaded);
        using var stream = new MemoryStream(assembly, writable: false);
        var loaded = context.LoadFromStream(stream);
        var type = loaded.GetType(GeneratedNames.FullTypeName, throwOnError: true) ?? throw new InvalidOperationException("The compiled assembly has no policy type.");
        return new CompiledPolicySet(policies, context, type, ReadPlan(loaded, policies), fromCache);
    }

    /// <summary>
    /// The requests of the metric plan the assembly carries (<see cref="MetricPlan"/>), read once per load. An assembly
    /// without a readable plan is not one this engine build compiled; callers treat it as unreadable and compile again.
    /// </summary>
    private static ImmutableArray<MetricRequest> ReadPlan(Assembly assembly, PolicySet policies)
    {
        using var resource = assembly.GetManifestResourceStream(MetricPlan.ResourceName) ?? throw new BadImageFormatException("The compiled assembly carries no metric plan.");
        using var bytes = new MemoryStream();
        resource.CopyTo(bytes);
        try
        {
            return MetricPlan.Decode(bytes.ToArray()).Requests(policies.DefaultWindow);
        }
        catch (Exception ex) when (ex is JsonException or KeyNotFoundException or InvalidOperationException or ArgumentException or FormatException)
        {
            throw new BadImageFormatException("The compiled assembly's metric plan cannot be read: " + ex.Message, ex);
        }
    }
}

/// <summary>The manifest of a cache entry.</summary>
/// <param name="Format">The manifest format.</param>
/// <param name="EngineBuild">The engine build that compiled the entry.</param>
/// <param name="PolicyDigest">The digest of the policy set compiled.</param>
/// <param name="Mac">The HMAC-SHA256 of the header fields and the assembly, under the cache key.</param>
internal sealed record CacheManifest(int Format, string EngineBuild, string PolicyDigest, string Mac);

/// <summary>Serializer for cache manifests.</summary>
[System.Text.Json.Serialization.JsonSourceGenerationOptions(PropertyNamingPolicy = System.Text.Json.Serialization.JsonKnownNamingPolicy.CamelCase)]
[System.Text.Json.Serialization.JsonSerializable(typeof(CacheManifest))]
internal sealed partial class CacheJsonContext : System.Text.Json.Serialization.JsonSerializerContext;
