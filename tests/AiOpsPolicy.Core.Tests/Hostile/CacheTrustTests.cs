// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using AiOpsPolicy.Core.Compilation;
using AiOpsPolicy.Core.Diagnostics;

namespace AiOpsPolicy.Core.Tests.Hostile;

/// <summary>
/// Authenticated compiled code, the cache half (issue 12, item 3): whoever can write the cache folder cannot make the
/// engine load an assembly. Each case swaps in an assembly whose static constructor writes a marker file, then
/// prepares and evaluates: the marker must never appear.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class CacheTrustTests : IDisposable
{
    private static readonly string Policies = Path.Combine(Repository.Root, "policies", "helpdesk");
    private static readonly DateTimeOffset AsOf = TestClock.Now;
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    [Trait("Hostile", "cache")]
    public void Prepare_WhenTheAssemblyIsSwappedAndTheManifestLeftAsItWas_ShouldRebuildWithoutRunningIt()
    {
        // Given
        var (cache, entry) = FilledCache(Key("operator"));
        File.WriteAllBytes(entry + ".dll", Payload());

        // When
        var diagnostics = PrepareAndEvaluate(cache, out var fromCache);

        // Then
        Assert.False(fromCache);
        Assert.Equal(["AOP3010"], diagnostics.Where(d => d.Id.StartsWith("AOP30", StringComparison.Ordinal)).Select(d => d.Id));
        Assert.False(File.Exists(Marker));
    }

    [Fact]
    [Trait("Hostile", "cache")]
    public void Prepare_WhenTheAttackerRecomputesTheMacWithAKeyOfTheirOwn_ShouldRebuildWithoutRunningIt()
    {
        // Given: the attacker ran the same engine with their own key over the payload (a fork's CI run)
        var (cache, entry) = FilledCache(Key("operator"));
        var attacker = new CompilationCache(_temp.Combine("attacker"), Key("attacker"));
        var policies = new PolicyEngine(null).Prepare([Policies]).Compiled!;
        attacker.Store(policies.Policies, Payload());
        policies.Dispose();
        var attackerEntry = Path.Combine(attacker.Directory, Path.GetFileName(entry));
        File.Copy(attackerEntry + ".dll", entry + ".dll", overwrite: true);
        File.Copy(attackerEntry + ".json", entry + ".json", overwrite: true);

        // When
        var diagnostics = PrepareAndEvaluate(cache, out var fromCache);

        // Then
        Assert.False(fromCache);
        Assert.Contains(diagnostics, d => d.Id == "AOP3010" && d.Severity == DiagnosticSeverity.Warning);
        Assert.False(File.Exists(Marker));
    }

    [Theory]
    [InlineData("format-1 manifest with the payload's SHA-256")]
    [InlineData("mac removed")]
    [InlineData("mac of the payload under an empty key")]
    [InlineData("mac in upper case of the stale value")]
    [InlineData("mac as a JSON number")]
    [Trait("Hostile", "cache")]
    public void Prepare_WhenTheManifestIsForgedForTheSwappedAssembly_ShouldRebuildWithoutRunningIt(string forgery)
    {
        // Given: the swap the issue reports (replace the DLL, put its SHA-256 in the manifest), and variations
        var (cache, entry) = FilledCache(Key("operator"));
        var payload = Payload();
        File.WriteAllBytes(entry + ".dll", payload);
        var manifest = JsonNode.Parse(File.ReadAllText(entry + ".json"))!.AsObject();
        switch (forgery)
        {
            case "format-1 manifest with the payload's SHA-256":
                manifest["format"] = 1;
                manifest.Remove("mac");
                manifest["assemblySha256"] = Convert.ToHexStringLower(SHA256.HashData(payload));
                break;
            case "mac removed":
                manifest.Remove("mac");
                break;
            case "mac of the payload under an empty key":
                manifest["mac"] = Convert.ToHexStringLower(HMACSHA256.HashData(Array.Empty<byte>(), payload));
                break;
            case "mac in upper case of the stale value":
                manifest["mac"] = manifest["mac"]!.GetValue<string>().ToUpperInvariant();
                break;
            default:
                manifest["mac"] = 12345;
                break;
        }

        File.WriteAllText(entry + ".json", manifest.ToJsonString());

        // When
        var diagnostics = PrepareAndEvaluate(cache, out var fromCache);

        // Then
        Assert.False(fromCache);
        Assert.Contains(diagnostics, d => d.Id is "AOP3006" or "AOP3010");
        Assert.False(File.Exists(Marker));
    }

    [Fact]
    [Trait("Hostile", "cache")]
    public void Prepare_WhenAnEntryWasWrittenByAnotherMachine_ShouldRebuildItAndLoadTheRebuiltEntryNextTime()
    {
        // Given: an honest entry, but from a machine with another key (a cache restored from elsewhere)
        var (elsewhere, _) = FilledCache(Key("elsewhere"));
        var cache = new CompilationCache(elsewhere.Directory, Key("operator"));

        // When
        var first = PrepareAndEvaluate(cache, out var firstFromCache);
        var second = PrepareAndEvaluate(cache, out var secondFromCache);

        // Then
        Assert.Equal((false, true), (firstFromCache, secondFromCache));
        Assert.Contains(first, d => d.Id == "AOP3010");
        Assert.DoesNotContain(second, d => d.Id.StartsWith("AOP30", StringComparison.Ordinal));
    }

    [Fact]
    public void Prepare_WhenTrustedRunsShareASecret_ShouldShareTheCache()
    {
        // Given: two runs (two cache objects) given the same CI secret
        var (writer, _) = FilledCache(Key("shared-ci-secret"));
        var reader = new CompilationCache(writer.Directory, Key("shared-ci-secret"));

        // When
        var diagnostics = PrepareAndEvaluate(reader, out var fromCache);

        // Then
        Assert.True(fromCache);
        Assert.DoesNotContain(diagnostics, d => d.Id.StartsWith("AOP30", StringComparison.Ordinal));
    }

    [Fact]
    public void Prepare_WhenThePayloadCarriesTheOperatorsOwnMac_ShouldRunIt()
    {
        // Given: the control. Only the key's holder can make this entry; it shows the payload is real (it runs when
        // the engine is made to load it), so the marker's absence above is the MAC's doing.
        var (cache, _) = FilledCache(Key("operator"));
        var policies = new PolicyEngine(null).Prepare([Policies]).Compiled!;
        cache.Store(policies.Policies, Payload());
        policies.Dispose();

        // When: the payload is no policy context, so evaluation fails after its static constructor ran
        _ = Record.Exception(() => PrepareAndEvaluate(cache, out _));

        // Then
        Assert.True(File.Exists(Marker));
    }

    [Fact]
    [Trait("Hostile", "cache")]
    public void FromFile_WhenTheKeyFileMayBeReadByOthers_ShouldRefuseItAndSayHowToFix()
    {
        // Given
        var path = _temp.Combine("config/aiops-policy/cache.key");
        Assert.NotNull(CompilationCacheKey.FromFile(path, _temp.Combine("cache"), out _));
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);

        // When
        var key = CompilationCacheKey.FromFile(path, _temp.Combine("cache"), out var problem);

        // Then
        Assert.Null(key);
        Assert.Equal($"the cache key file '{path}' may be read or written by other users; make it private with 'chmod 600 {path}'", problem);
    }

    [Fact]
    [Trait("Hostile", "cache")]
    public void FromFile_WhenTheKeyFileIsInsideTheCacheFolder_ShouldRefuseIt()
    {
        // Given: a key next to what it protects protects nothing
        var cache = _temp.Combine("cache");

        // When
        var key = CompilationCacheKey.FromFile(Path.Combine(cache, "cache.key"), cache, out var problem);

        // Then
        Assert.Null(key);
        Assert.StartsWith($"the cache key file '{Path.Combine(cache, "cache.key")}' is inside the cache folder", problem, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(cache, "cache.key")));
    }

    [Fact]
    public void FromFile_WhenNoKeyFileExists_ShouldCreateAPrivateRandomKeyOnceAndKeepUsingIt()
    {
        // Given
        var path = _temp.Combine("config/aiops-policy/cache.key");

        // When
        var first = CompilationCacheKey.FromFile(path, _temp.Combine("cache"), out var problem);
        var bytes = File.ReadAllBytes(path);
        var second = CompilationCacheKey.FromFile(path, _temp.Combine("cache"), out _);

        // Then
        Assert.Null(problem);
        Assert.NotNull(first);
        Assert.NotNull(second);
        Assert.Equal(32, bytes.Length);
        Assert.Equal(bytes, File.ReadAllBytes(path));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(Path.GetDirectoryName(path)!));
    }

    private string Marker => _temp.Combine("marker.txt");

    private static CompilationCacheKey Key(string secret) =>
        CompilationCacheKey.FromSecret(Encoding.UTF8.GetBytes(secret.PadRight(32, '.')), secret);

    private byte[] Payload() => HostilePayload.Compile(Marker);

    /// <summary>A cache holding an honest entry for the helpdesk set, and the entry's path without extension.</summary>
    private (CompilationCache Cache, string Entry) FilledCache(CompilationCacheKey key)
    {
        var cache = new CompilationCache(_temp.Combine("cache-" + Guid.NewGuid().ToString("N")), key);
        using var compiled = new PolicyEngine(cache).Prepare([Policies]).Compiled!;
        return (cache, Path.Combine(cache.Directory, CompilationCache.Key(compiled.Policies)));
    }

    private static List<Diagnostic> PrepareAndEvaluate(CompilationCache cache, out bool fromCache)
    {
        var prepared = new PolicyEngine(cache).Prepare([Policies]);
        using var compiled = prepared.Compiled!;
        fromCache = compiled.FromCache;
        var evidence = PolicyEngine.LoadEvidence([Path.Combine(Repository.Root, "examples", "evidence")]);
        PolicyEngine.Evaluate(compiled, evidence.Evidence, AsOf);
        return [.. prepared.Diagnostics];
    }
}
