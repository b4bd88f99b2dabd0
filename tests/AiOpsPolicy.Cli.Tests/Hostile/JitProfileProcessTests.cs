// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using System.Security.Cryptography;
using System.Text;
using AiOpsPolicy.Core.Compilation;

namespace AiOpsPolicy.Cli.Tests.Hostile;

/// <summary>
/// The gate's JIT profile (docs/performance.md, "Warm gate"), through the built CLI as its own process: each run leaves
/// in the cache a profile authenticated under the cache key for the next one, and the runtime never writes through
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
        var cached = JitProfile.CachedPath(cache);
        if (Environment.ProcessorCount < 2)
        {
            Assert.False(File.Exists(cached));
            return;
        }

        Assert.True(Authentic(cached));
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
        var cached = JitProfile.CachedPath(cache);
        File.CreateSymbolicLink(cached, victim);

        // When
        var run = await GateAsync(cache);

        // Then
        Assert.Equal(1, run.ExitCode);
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
        var cached = JitProfile.CachedPath(cache);
        File.WriteAllBytes(cached, [.. Encoding.ASCII.GetBytes(new string('0', 64) + "\n"), .. new byte[4096]]);

        // When
        var run = await GateAsync(cache);

        // Then
        Assert.Equal(1, run.ExitCode);
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

    private Task<(int ExitCode, string Stdout, string Stderr)> GateAsync(string cache) =>
        CliProcess.RunAsync(
            _temp.Path,
            new Dictionary<string, string?> { [CompilationCacheKey.EnvironmentVariable] = Secret },
            "gate", "--policies", Repository.HelpdeskPolicies, "--evidence", Repository.ExampleEvidence, "--as-of", "2026-11-28T12:00:00Z", "--cache-dir", cache, "--no-color");
}
