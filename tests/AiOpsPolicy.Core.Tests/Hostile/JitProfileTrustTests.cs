// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using System.Text;
using AiOpsPolicy.Core.Compilation;

namespace AiOpsPolicy.Core.Tests.Hostile;

/// <summary>
/// The gate's JIT profile lives in the untrusted cache folder (docs/security.md): only a profile this engine stored
/// under the operator's key is handed to the runtime. Whatever else sits under its name is ignored, and replaced at
/// the end of the run.
/// </summary>
public sealed class JitProfileTrustTests : IDisposable
{
    private static readonly byte[] Profile = Encoding.ASCII.GetBytes("a profile the runtime wrote: any bytes");
    private static readonly string Digest = "sha256:" + new string('a', 64);
    private static readonly string Scope = "/work\n--policies policies/helpdesk\n";
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void ReadAuthentic_WhenTheProfileWasStoredUnderTheKey_ShouldReturnItsBytes()
    {
        // Given
        var cached = JitProfile.CachedPath(_temp.Path, Scope);
        File.WriteAllBytes(cached, JitProfile.Authenticated(Profile, Digest, Key("operator")));

        // When
        var read = JitProfile.ReadAuthentic(cached, Key("operator"));

        // Then: the profile, and the policy set whose warm run recorded it
        Assert.Equal(Profile, read?.Profile);
        Assert.Equal(Digest, read?.WarmFor);
    }

    [Theory]
    [InlineData("stored under another key")]
    [InlineData("one byte of the profile changed")]
    [InlineData("the MAC removed")]
    [InlineData("the MAC in upper case")]
    [InlineData("a raw runtime profile")]
    [InlineData("empty")]
    [InlineData("the first line no run writes, under the key")]
    [InlineData("no first line, under the key")]
    [InlineData("a first line of an earlier format, under the key")]
    [Trait("Hostile", "cache")]
    public void ReadAuthentic_WhenTheProfileIsForged_ShouldIgnoreIt(string forgery)
    {
        // Given
        var cached = JitProfile.CachedPath(_temp.Path, Scope);
        var stored = JitProfile.Authenticated(Profile, Digest, Key("operator"));
        byte[] forged = forgery switch
        {
            "stored under another key" => JitProfile.Authenticated(Profile, Digest, Key("attacker")),
            "the first line no run writes, under the key" => JitProfile.Authenticated(Profile, "../../etc/passwd", Key("operator")),
            "no first line, under the key" => Stored(Profile, Key("operator")),
            "a first line of an earlier format, under the key" => Stored([.. "cold\n"u8, .. Profile], Key("operator")),
            "one byte of the profile changed" => [.. stored[..^1], (byte)(stored[^1] ^ 1)],
            "the MAC removed" => [(byte)'\n', .. Profile],
            "the MAC in upper case" => [.. Encoding.ASCII.GetBytes(Encoding.ASCII.GetString(stored, 0, 64).ToUpperInvariant()), .. stored[64..]],
            "a raw runtime profile" => Profile,
            _ => [],
        };
        File.WriteAllBytes(cached, forged);

        // When
        var read = JitProfile.ReadAuthentic(cached, Key("operator"));

        // Then
        Assert.Null(read);
    }

    [Fact]
    [Trait("Hostile", "cache")]
    public void ReadAuthentic_WhenTheProfileIsALinkToAnAuthenticProfileElsewhere_ShouldIgnoreIt()
    {
        // Given: a link (a restored cache can hold one) to a file whose content would verify
        var elsewhere = _temp.Combine("elsewhere.profile");
        File.WriteAllBytes(elsewhere, JitProfile.Authenticated(Profile, Digest, Key("operator")));
        var cached = JitProfile.CachedPath(_temp.Combine("cache"), Scope);
        Directory.CreateDirectory(Path.GetDirectoryName(cached)!);
        File.CreateSymbolicLink(cached, elsewhere);

        // When
        var read = JitProfile.ReadAuthentic(cached, Key("operator"));

        // Then
        Assert.Null(read);
    }

    [Fact]
    [Trait("Hostile", "cache")]
    public void ReadAuthentic_WhenTheProfileIsLargerThanAnyRunWrites_ShouldIgnoreItUnread()
    {
        // Given: an authentic but oversized profile (the bound keeps a restored cache from making a run read gigabytes)
        var cached = JitProfile.CachedPath(_temp.Path, Scope);
        File.WriteAllBytes(cached, JitProfile.Authenticated(new byte[JitProfile.MaxBytes + 200], Digest, Key("operator")));

        // When
        var read = JitProfile.ReadAuthentic(cached, Key("operator"));

        // Then
        Assert.Null(read);
    }

    [Fact]
    public void CachedPath_ShouldNameTheEngineBuildAndTheScope_SoThatAnotherBuildsOrSetsProfileIsNeverPlayedBack()
    {
        // When
        var name = Path.GetFileName(JitProfile.CachedPath(_temp.Path, Scope));
        var another = Path.GetFileName(JitProfile.CachedPath(_temp.Path, "/work\n--policies other\n"));

        // Then: the engine build's hash, then the scope's; nothing of the scope's text reaches the name
        Assert.Matches("^jit-[0-9a-f]{16}-[0-9a-f]{16}\\.profile$", name);
        Assert.Equal(name[..21], another[..21]);
        Assert.NotEqual(name, another);
        Assert.Equal(_temp.Path, Path.GetDirectoryName(JitProfile.CachedPath(_temp.Path, Scope)));
        Assert.Equal(_temp.Path, Path.GetDirectoryName(JitProfile.CachedPath(_temp.Path, "/work\n--policies ../../../etc/passwd\n")));
    }

    /// <summary>The MAC line and then the bytes as given, without the line naming the run: what no run of this engine writes.</summary>
    private static byte[] Stored(byte[] covered, CompilationCacheKey key) => [.. Encoding.ASCII.GetBytes(key.Mac("aiops-policy-jit-profile\n", covered) + "\n"), .. covered];

    private static CompilationCacheKey Key(string name) => CompilationCacheKey.FromSecret(Encoding.UTF8.GetBytes(name + "-secret-of-at-least-32-bytes-long"), name);
}
