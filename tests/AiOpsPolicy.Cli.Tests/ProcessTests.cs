// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using System.Diagnostics;

namespace AiOpsPolicy.Cli.Tests;

/// <summary>
/// Runs the built executable as a separate process, the way CI does: with the CLI's own
/// runtimeconfig (compiled sets kept loaded, no dynamic code), which in-process tests do not have.
/// </summary>
public sealed class ProcessTests
{
    [Fact]
    public async Task Main_WhenRunAsAProcessOnTheHelpdeskExample_ShouldExit1WithoutAStackTrace()
    {
        // Given
        using var temp = new TempDirectory();

        // When
        var (exitCode, stdout, stderr) = await RunCliAsync(temp.Path, "gate", "--policies", Repository.HelpdeskPolicies, "--evidence", Repository.ExampleEvidence, "--as-of", "2026-11-28T12:00:00Z", "--no-cache");

        // Then
        Assert.True(exitCode == 1, $"Exit code {exitCode}.\nstdout:\n{stdout}\nstderr:\n{stderr}");
        Assert.Contains("Decision: BLOCKED", stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Main_WhenValidateRunsAsAProcessOnAFileThatBreaksItsSchema_ShouldReportTheFieldAndExit2()
    {
        // Given: the schema check (NJsonSchema) runs in the CLI process, where dynamic code is off
        using var temp = new TempDirectory();
        var policies = temp.CopyFolder(Repository.HelpdeskPolicies, "policies");
        var connectors = Path.Combine(policies, "connectors.yaml");
        var lines = File.ReadAllLines(connectors).ToList();
        lines.Insert(1, "bogusTopLevel: 3");
        File.WriteAllLines(connectors, lines);

        // When
        var (exitCode, stdout, stderr) = await RunCliAsync(temp.Path, "validate", policies, "--no-cache");

        // Then
        Assert.True(exitCode == 2, $"Exit code {exitCode}.\nstdout:\n{stdout}\nstderr:\n{stderr}");
        Assert.Contains("connectors.yaml(2,1): error AOP2003: 'bogusTopLevel' is not a property of the document", stdout + stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", stderr, StringComparison.Ordinal);
    }

    private static async Task<(int ExitCode, string Stdout, string Stderr)> RunCliAsync(string workingDirectory, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory,
        };
        start.Environment["NO_COLOR"] = "1";
        start.ArgumentList.Add(typeof(Program).Assembly.Location);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(2));
        return (process.ExitCode, await output, await error);
    }
}
