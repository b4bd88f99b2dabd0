// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using System.Diagnostics;

namespace AiOpsPolicy.Cli.Tests;

/// <summary>Runs the built executable as a separate process, the way CI does.</summary>
public sealed class ProcessTests
{
    [Fact]
    public async Task Main_WhenRunAsAProcessOnTheHelpdeskExample_ShouldExit1WithoutAStackTrace()
    {
        // Given
        using var temp = new TempDirectory();
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = temp.Path,
        };
        start.Environment["NO_COLOR"] = "1";
        foreach (var arg in new[] { typeof(Program).Assembly.Location, "gate", "--policies", TestPaths.HelpdeskPolicies, "--evidence", TestPaths.ExampleEvidence, "--as-of", "2026-11-28T12:00:00Z", "--no-cache" })
        {
            start.ArgumentList.Add(arg);
        }

        // When
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(2));

        // Then
        var stdout = await output;
        var stderr = await error;
        Assert.True(process.ExitCode == 1, $"Exit code {process.ExitCode}.\nstdout:\n{stdout}\nstderr:\n{stderr}");
        Assert.Contains("Decision: BLOCKED", stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", stderr, StringComparison.Ordinal);
    }
}
