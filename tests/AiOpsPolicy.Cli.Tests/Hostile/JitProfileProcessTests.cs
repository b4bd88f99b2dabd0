// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using System.Security.Cryptography;
using System.Text;
using AiOpsPolicy.Core.Compilation;

namespace AiOpsPolicy.Cli.Tests.Hostile;

/// <summary>
/// The gate's JIT profile (docs/performance.md, "Warm gate"), through the built CLI as its own process: a warm run leaves
/// in the cache a profile authenticated under the cache key for the next ones, and the runtime never writes through
/// what a restored cache put under the profile's name.
/// </summary>
public sealed class JitProfileProcessTests : IDisposable
{
    private const string Secret = "jit-profile-test-cache-key-of-at-least-32-characters";
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task Gate_WhenRunWithACache_ShouldLeaveAnAuthenticProfileForTheNextRun()
    {
        // Given
        var cache = _temp.Combine("cache");

        // When
        var first = await GateAsync(cache);
        var second = await GateAsync(cache);

        // Then: the same summary both times (the second from the compilation cache); the profile verifies under the operator's key (the runtime plays it back
        // only where there is a second core)
        Assert.Equal((1, 1), (first.ExitCode, second.ExitCode));
        Assert.Equal(first.Stdout, second.Stdout.Replace(" (cached compilation)", string.Empty, StringComparison.Ordinal));
        var cached = Profile(cache);
        if (Environment.ProcessorCount < 2)
        {
            Assert.False(File.Exists(cached));
            return;
        }

        Assert.True(Authentic(cached));
    }

    [Fact]
    public async Task Gate_WhenAWarmRunRecordedTheProfile_ShouldPlayItBackWithoutWritingItAgain()
    {
        if (Environment.ProcessorCount < 2)
        {
            return;
        }

        // Given: a cold run, then a warm run (compiled code from the cache) of the example set
        var cache = _temp.Combine("cache");
        var cached = Profile(cache);
        await GateAsync(cache);
        var keptAfterCold = File.Exists(cached);
        await GateAsync(cache);
        var warm = File.ReadAllBytes(cached);

        // When: more warm runs of the same set
        var third = await GateAsync(cache);
        var fourth = await GateAsync(cache);

        // Then: only the warm run's profile is kept, without the cold run's compiler and schema methods (the runtime
        // would load their assemblies to compile them ahead on every run); later warm runs play it back and leave it
        // byte for byte, and the gate is unchanged
        Assert.False(keptAfterCold);
        Assert.StartsWith("warm sha256:", FirstLine(cached), StringComparison.Ordinal);
        Assert.DoesNotContain("Microsoft.CodeAnalysis", Encoding.UTF8.GetString(warm), StringComparison.Ordinal);
        Assert.DoesNotContain("NJsonSchema", Encoding.UTF8.GetString(warm), StringComparison.Ordinal);
        Assert.Equal(warm, File.ReadAllBytes(cached));
        Assert.Equal((1, 1), (third.ExitCode, fourth.ExitCode));
        Assert.Equal(third.Stdout, fourth.Stdout);
        Assert.True(Authentic(cached));
    }

    [Fact]
    public async Task Gate_WhenSetsShareACache_ShouldKeepAProfileForEachFolderAndRecordAgainWhenAFoldersSetChanges()
    {
        if (Environment.ProcessorCount < 2)
        {
            return;
        }

        // Given: the example set's profile kept, and a second set in another folder gated with the same cache
        var cache = _temp.Combine("cache");
        var example = Profile(cache);
        await GateAsync(cache);
        await GateAsync(cache);
        var exampleWarm = File.ReadAllBytes(example);
        var other = _temp.Combine("other");
        Directory.CreateDirectory(other);
        foreach (var file in Directory.EnumerateFiles(Repository.HelpdeskPolicies))
        {
            File.Copy(file, Path.Combine(other, Path.GetFileName(file)));
        }

        var edited = Directory.EnumerateFiles(other, "*.yaml").Order(StringComparer.Ordinal).First();
        File.AppendAllText(edited, "# another set\n");
        var otherProfile = Profile(cache, other);

        // When: the other set runs cold, then warm twice, and the example again
        await GateAsync(cache, other);
        await GateAsync(cache, other);
        await GateAsync(cache, other);
        await GateAsync(cache);

        // Then: each folder has its own warm profile, and neither disturbed the other's
        Assert.NotEqual(example, otherProfile);
        Assert.Equal(exampleWarm, File.ReadAllBytes(example));
        Assert.StartsWith("warm sha256:", FirstLine(otherProfile), StringComparison.Ordinal);
        Assert.NotEqual(FirstLineOf(exampleWarm), FirstLine(otherProfile));
        Assert.True(Authentic(otherProfile));

        // When: the other folder's set changes (a pull request), compiles, then runs warm twice
        var before = File.ReadAllBytes(otherProfile);
        File.AppendAllText(edited, "# changed again\n");
        await GateAsync(cache, other);
        var keptThroughCold = File.ReadAllBytes(otherProfile);
        await GateAsync(cache, other);
        var droppedByTheChangedSet = File.Exists(otherProfile);
        await GateAsync(cache, other);

        // Then: its first warm run drops the profile of the set before, and the next records one for the changed set
        Assert.Equal(before, keptThroughCold);
        Assert.False(droppedByTheChangedSet);
        Assert.StartsWith("warm sha256:", FirstLine(otherProfile), StringComparison.Ordinal);
        Assert.NotEqual(FirstLineOf(before), FirstLine(otherProfile));
        Assert.True(Authentic(otherProfile));
    }

    [Fact]
    [Trait("Hostile", "cache")]
    public async Task Gate_WhenTheCachedProfileIsALinkToAnotherFile_ShouldLeaveThatFileAsItWas()
    {
        // Given: a restored cache whose profile is a link to a file of the user's (the runtime writes its profile
        // where it is told: a link there would make it overwrite the target)
        var cache = _temp.Combine("cache");
        Directory.CreateDirectory(cache);
        var victim = _temp.Combine("authorized_keys");
        File.WriteAllText(victim, "ssh-ed25519 AAAA... user@host\n");
        var cached = Profile(cache);
        File.CreateSymbolicLink(cached, victim);

        // When: a cold run, then a warm run (which stores a profile)
        var cold = await GateAsync(cache);
        var run = await GateAsync(cache);

        // Then
        Assert.Equal((1, 1), (cold.ExitCode, run.ExitCode));
        Assert.Equal("ssh-ed25519 AAAA... user@host\n", File.ReadAllText(victim));
        if (Environment.ProcessorCount >= 2)
        {
            Assert.Null(new FileInfo(cached).LinkTarget);
            Assert.True(Authentic(cached));
        }
    }

    [Fact]
    [Trait("Hostile", "cache")]
    public async Task Gate_WhenTheCachedProfileIsForged_ShouldReplaceItWithAnAuthenticOne()
    {
        // Given
        var cache = _temp.Combine("cache");
        Directory.CreateDirectory(cache);
        var cached = Profile(cache);
        File.WriteAllBytes(cached, [.. Encoding.ASCII.GetBytes(new string('0', 64) + "\n"), .. new byte[4096]]);

        // When: a cold run, then a warm run (which stores a profile)
        var cold = await GateAsync(cache);
        var run = await GateAsync(cache);

        // Then
        Assert.Equal((1, 1), (cold.ExitCode, run.ExitCode));
        if (Environment.ProcessorCount >= 2)
        {
            Assert.True(Authentic(cached));
        }
    }

    [Theory]
    [InlineData(new[] { "gate", "--policies", "p" }, "DEFAULT")]
    [InlineData(new[] { "gate", "--cache-dir", "/c", "--policies", "p" }, "/c")]
    [InlineData(new[] { "gate", "--cache-dir=/c" }, "/c")]
    [InlineData(new[] { "gate", "--cache-dir:/c" }, "/c")]
    [InlineData(new[] { "gate", "--cache-dir", "/a", "--cache-dir", "/b" }, "/b")]
    [InlineData(new[] { "gate", "--cache-dir", "/c", "--no-cache" }, null)]
    [InlineData(new[] { "gate", "@args.rsp" }, null)]
    [InlineData(new[] { "gate", "--cache-dir=" }, null)]
    public void JitProfileFolder_ShouldFollowTheCacheOptionsAsTheParserReadsThem(string[] args, string? expected)
    {
        // When
        var folder = Program.JitProfileFolder(args, setting: null);

        // Then
        Assert.Equal(expected == "DEFAULT" ? CompilationCache.DefaultDirectory() : expected, folder);
    }

    [Fact]
    public void JitProfileFolder_WhenTheOperatorTurnedItOff_ShouldBeNull()
    {
        // When
        var folder = Program.JitProfileFolder(["gate", "--cache-dir", "/c"], setting: "off");

        // Then
        Assert.Null(folder);
    }

    /// <summary>The stored format, re-derived here: HMAC-SHA256 under SHA-256 of the secret, in hex, a line feed, the profile.</summary>
    private static bool Authentic(string cached)
    {
        var bytes = File.ReadAllBytes(cached);
        var profile = bytes.AsSpan(65);
        using var hmac = new HMACSHA256(SHA256.HashData(Encoding.UTF8.GetBytes(Secret)));
        var mac = Convert.ToHexStringLower(hmac.ComputeHash([.. Encoding.UTF8.GetBytes("aiops-policy-jit-profile\n"), .. profile]));
        return bytes.Length > 65 && bytes[64] == (byte)'\n' && Encoding.ASCII.GetString(bytes, 0, 64) == mac;
    }

    [Theory]
    [InlineData(new[] { "gate", "--policies", "p", "--as-of", "2026-11-28T12:00:00Z" }, "/w\n--policies p\n")]
    [InlineData(new[] { "gate", "--policies=a", "--policies:b", "c" }, "/w\n--policies a\n--policies b\n")]
    [InlineData(new[] { "gate", "--bundle", "set.bundle", "--evidence", "e" }, "/w\n--bundle set.bundle\n")]
    [InlineData(new[] { "gate", "p", "--evidence", "e" }, "/w\n")]
    [InlineData(new[] { "gate", "--policies" }, "/w\n")]
    public void JitProfileScope_ShouldNameTheWorkingFolderAndThePolicyFoldersOrBundleOnly(string[] args, string expected)
    {
        // When
        var scope = Program.JitProfileScope(args, "/w");

        // Then: nothing that changes from run to run (the as-of time, the evidence) is part of it
        Assert.Equal(expected, scope);
    }

    /// <summary>The stored profile's first line after its MAC: which run recorded it.</summary>
    private static string FirstLine(string cached) => FirstLineOf(File.ReadAllBytes(cached));

    private static string FirstLineOf(byte[] stored)
    {
        var covered = stored.AsSpan(65);
        return Encoding.ASCII.GetString(covered[..covered.IndexOf((byte)'\n')]);
    }

    /// <summary>The profile a <see cref="GateAsync"/> run keeps: the child's working folder is the test's folder.</summary>
    private string Profile(string cache, string? policies = null) =>
        JitProfile.CachedPath(cache, Program.JitProfileScope(["gate", "--policies", policies ?? Repository.HelpdeskPolicies], Path.TrimEndingDirectorySeparator(Path.GetFullPath(_temp.Path))));

    private Task<(int ExitCode, string Stdout, string Stderr)> GateAsync(string cache, string? policies = null) =>
        CliProcess.RunAsync(
            _temp.Path,
            new Dictionary<string, string?> { [CompilationCacheKey.EnvironmentVariable] = Secret },
            "gate", "--policies", policies ?? Repository.HelpdeskPolicies, "--evidence", Repository.ExampleEvidence, "--as-of", "2026-11-28T12:00:00Z", "--cache-dir", cache, "--no-color");
}
