// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

namespace AiOpsPolicy.Cli.Tests.Hostile;

/// <summary>What the gate says when a restored cache entry does not authenticate: once, and it never runs it.</summary>
public sealed class CacheConsoleTests
{
    [Fact]
    [Trait("Hostile", "cache")]
    public void Gate_WhenTheCachedAssemblyWasSwapped_ShouldSaySoOnceCompileAgainAndNeverRunIt()
    {
        // Given: a filled cache whose assembly an attacker replaced
        using var temp = new TempDirectory();
        var cache = temp.Combine("cache");
        var marker = temp.Combine("marker.txt");
        Assert.Equal(1, Gate(cache, out _));
        var dll = Directory.GetFiles(cache, "*.dll").Single();
        File.WriteAllBytes(dll, HostilePayload.Compile(marker));

        // When
        var exit = Gate(cache, out var console);
        var again = Gate(cache, out var afterwards);

        // Then
        Assert.Equal((1, 1), (exit, again));
        Assert.Single(console.ErrText.Split('\n'), l => l.Contains("warning AOP3010: The cached compilation at '" + dll + "' is not authenticated by the cache key", StringComparison.Ordinal));
        Assert.Contains("Decision: BLOCKED", console.OutText, StringComparison.Ordinal);
        Assert.DoesNotContain("AOP3010", afterwards.ErrText, StringComparison.Ordinal);
        Assert.False(File.Exists(marker));
    }

    private static int Gate(string cache, out TestConsole console)
    {
        console = new TestConsole();
        return Program.Run(
            ["gate", "--policies", Repository.HelpdeskPolicies, "--evidence", Repository.ExampleEvidence, "--as-of", "2026-11-28T12:00:00Z", "--cache-dir", cache],
            console,
            () => throw new InvalidOperationException("The test gave --as-of; the clock must not be read."));
    }
}
