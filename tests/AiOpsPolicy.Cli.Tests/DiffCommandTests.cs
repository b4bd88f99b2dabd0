// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using System.Globalization;
using System.Text.Json;

namespace AiOpsPolicy.Cli.Tests;

/// <summary>End-to-end tests of <c>aiops-policy diff</c> through <see cref="Program.Run"/>.</summary>
public sealed class DiffCommandTests
{
    [Fact]
    public void Run_WhenTheHeadLoosensTheFailingGate_ShouldPrintTheMarkdownHeadlineWithTheFlip()
    {
        // Given
        using var temp = new TempDirectory();
        using var console = new TestConsole();
        var (baseDir, headDir) = Versions(temp, "min: 95%", "min: 90%", "triage-inference-sla");

        // When
        var exitCode = Run(console, "--base-dir", baseDir, "--head-dir", headDir, "--evidence", Repository.ExampleEvidence, "--as-of", "2026-11-28T12:00:00Z", "--format", "markdown", "--no-cache");

        // Then
        Assert.True(exitCode == 0, console.ErrText);
        Assert.Contains(
            "This PR loosens \\`triage-inference-sla\\` from 95% to 90%; with this evidence the release gate would flip from **fail** to **pass**, and the release decision would flip from **blocked** to **allowed**.",
            console.OutText,
            StringComparison.Ordinal);
        Assert.Contains("| loosened | gate | triage-inference-sla | bound.min | 95% | 90% |", console.OutText, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_WhenJsonIsAskedForAnOutputFile_ShouldWriteTheChangesThere()
    {
        // Given
        using var temp = new TempDirectory();
        using var console = new TestConsole();
        var (baseDir, headDir) = Versions(temp, "max: 2d", "max: 1d", "safe-deploy-time");
        var output = temp.Combine("diff.json");

        // When
        var exitCode = Run(console, "--base-dir", baseDir, "--head-dir", headDir, "--format", "json", "--output", output);

        // Then
        Assert.True(exitCode == 0, console.ErrText);
        using var json = JsonDocument.Parse(File.ReadAllText(output));
        var change = json.RootElement.GetProperty("changes").EnumerateArray().Single();
        Assert.Equal("tightened", change.GetProperty("change").GetString());
        Assert.Equal("2d", change.GetProperty("before").GetString());
        Assert.Equal("1d", change.GetProperty("after").GetString());
        Assert.False(json.RootElement.TryGetProperty("evaluation", out _));
        Assert.Contains("tightens `safe-deploy-time` from 2d to 1d (max)", console.OutText, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_WhenComparingHeadWithTheWorkingTree_ShouldReadTheRevisionWithGit()
    {
        // Given
        using var console = new TestConsole();

        // When
        var exitCode = Run(console, "--base", "HEAD", "--policies", Repository.HelpdeskPolicies);

        // Then
        Assert.True(exitCode == 0, console.ErrText);
        Assert.StartsWith("Policy diff: HEAD:", console.OutText, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--head-dir", "x")]
    [InlineData("--base", "main", "--base-dir", "x")]
    [InlineData("--base", "main", "--format", "html")]
    [InlineData("--base", "--oops")]
    public void Run_WhenTheCommandLineIsInvalid_ShouldExit2(params string[] args)
    {
        // Given
        using var console = new TestConsole();

        // When
        var exitCode = Run(console, args);

        // Then
        Assert.Equal(2, exitCode);
        Assert.Contains("error AOP5001:", console.ErrText, StringComparison.Ordinal);
    }

    private static (string Base, string Head) Versions(TempDirectory temp, string before, string after, string gate)
    {
        var baseDir = temp.CopyFolder(Repository.HelpdeskPolicies, "base");
        var headDir = temp.CopyFolder(Repository.HelpdeskPolicies, "head");
        foreach (var file in Directory.GetFiles(headDir, "*.yaml"))
        {
            var text = File.ReadAllText(file);
            var at = text.IndexOf($"name: {gate}\n", StringComparison.Ordinal);
            if (at >= 0)
            {
                var bound = text.IndexOf(before, at, StringComparison.Ordinal);
                File.WriteAllText(file, text[..bound] + after + text[(bound + before.Length)..]);
            }
        }

        return (baseDir, headDir);
    }

    private static int Run(TestConsole console, params string[] args) =>
        Program.Run(["diff", .. args], console, () => DateTimeOffset.Parse("2026-11-28T12:00:00Z", CultureInfo.InvariantCulture));
}
