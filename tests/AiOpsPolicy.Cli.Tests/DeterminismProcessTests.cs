// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using System.Security.Cryptography;

namespace AiOpsPolicy.Cli.Tests;

/// <summary>
/// Same policies, evidence and --as-of give the same reports, byte for byte, whatever the machine's time zone and
/// date. The built CLI runs the example gate with every report format under two time zones (TZ=) and two faked dates
/// (Debian's faketime, which .ci/run installs), and every file it writes is compared with the first run's.
/// </summary>
public sealed class DeterminismProcessTests
{
    /// <summary>Each variant: the TZ value and the faked wall-clock time (empty for the real clock).</summary>
    private static readonly (string Zone, string FakeTime)[] Variants =
    [
        ("UTC", string.Empty),
        ("Pacific/Kiritimati", "2031-02-28 23:59:30"),
        ("America/St_Johns", "2024-02-29 00:00:10"),
    ];

    [Fact]
    [Trait("Hostile", "determinism")]
    public async Task Gate_WhenRunUnderOtherTimeZonesAndFakedDates_ShouldWriteByteIdenticalReports()
    {
        // Given
        Assert.True(File.Exists("/usr/bin/faketime"), "faketime is needed for this test: apt-get install faketime (.ci/run installs it)");
        using var temp = new TempDirectory();
        var outputs = new List<(string Variant, Dictionary<string, string> Files, string Stdout)>();

        // When
        foreach (var (zone, fakeTime) in Variants)
        {
            var output = Path.Combine(temp.Path, zone.Replace('/', '-'));
            Directory.CreateDirectory(output);
            var environment = new Dictionary<string, string> { ["TZ"] = zone, ["FAKETIME_DONT_FAKE_MONOTONIC"] = "1" };
            string[] wrapper = fakeTime.Length == 0 ? [] : ["/usr/bin/faketime", "-f", "@" + fakeTime];
            var result = await CliProcess.RunAsync(
                Repository.Root,
                environment,
                wrapper,
                ["gate", "--policies", "policies/helpdesk", "--evidence", "examples/evidence", "--as-of", "2026-11-28T12:00:00Z", "--no-cache", "--no-color",
                 "--format", "json,junit,sarif,markdown,html,gitlab,github", "--output", output, "--repo-root", Repository.Root],
                TimeSpan.FromMinutes(3));
            Assert.True(result.ExitCode == 1, $"{zone} {fakeTime}: exit code {result.ExitCode}\n{result.Stdout}\n{result.Stderr}");
            var files = Directory.GetFiles(output).Order(StringComparer.Ordinal)
                .ToDictionary(f => Path.GetFileName(f), f => Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(f))), StringComparer.Ordinal);
            outputs.Add(($"{zone} {fakeTime}", files, result.Stdout.Replace(output, "<output>", StringComparison.Ordinal)));
        }

        // Then: the same files with the same bytes, and the same console output.
        var (_, first, firstStdout) = outputs[0];
        Assert.True(first.Count >= 6, string.Join(", ", first.Keys));
        foreach (var (variant, files, stdout) in outputs.Skip(1))
        {
            Assert.Equal(first.Keys, files.Keys);
            foreach (var (name, hash) in first)
            {
                Assert.True(hash == files[name], $"{name} differs under {variant}");
            }

            Assert.Equal(firstStdout, stdout);
        }
    }
}
