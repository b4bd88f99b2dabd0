// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using System.Diagnostics;

namespace AiOpsPolicy.Cli.Tests.Hostile;

/// <summary>Runs the built CLI as its own process, with an environment of the test's choosing (secrets included).</summary>
internal static class CliProcess
{
    public static async Task<(int ExitCode, string Stdout, string Stderr)> RunAsync(string workingDirectory, IReadOnlyDictionary<string, string?> environment, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory,
        };
        start.Environment["NO_COLOR"] = "1";
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        start.ArgumentList.Add(typeof(Program).Assembly.Location);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(6));
        return (process.ExitCode, await output, await error);
    }
}
