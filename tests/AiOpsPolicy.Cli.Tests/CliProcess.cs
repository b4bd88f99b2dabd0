// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using System.Diagnostics;

namespace AiOpsPolicy.Cli.Tests;

/// <summary>
/// Runs the built CLI as a separate process, as CI does (with its own runtimeconfig), optionally under a wrapper
/// command such as <c>faketime</c> and with environment variables such as <c>TZ</c>.
/// </summary>
internal static class CliProcess
{
    /// <summary>What one run of the CLI did.</summary>
    /// <param name="ExitCode">The exit code.</param>
    /// <param name="Stdout">Standard output.</param>
    /// <param name="Stderr">Standard error.</param>
    /// <param name="Elapsed">Wall time from start to exit.</param>
    public sealed record Result(int ExitCode, string Stdout, string Stderr, TimeSpan Elapsed);

    /// <summary>Runs <c>dotnet aiops-policy.dll ARGS</c>, or <c>WRAPPER... dotnet aiops-policy.dll ARGS</c>.</summary>
    /// <param name="workingDirectory">The working directory.</param>
    /// <param name="environment">Variables to set.</param>
    /// <param name="wrapper">A command and its arguments to run the CLI under; empty for none.</param>
    /// <param name="args">The CLI's arguments.</param>
    /// <param name="timeout">How long to wait before killing it and failing.</param>
    /// <returns>The result.</returns>
    public static async Task<Result> RunAsync(string workingDirectory, IReadOnlyDictionary<string, string> environment, IReadOnlyList<string> wrapper, IReadOnlyList<string> args, TimeSpan timeout)
    {
        var command = wrapper.Count > 0 ? wrapper[0] : "dotnet";
        var start = new ProcessStartInfo(command)
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

        foreach (var arg in wrapper.Skip(1).Concat(wrapper.Count > 0 ? ["dotnet"] : []))
        {
            start.ArgumentList.Add(arg);
        }

        start.ArgumentList.Add(typeof(Program).Assembly.Location);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        var clock = Stopwatch.StartNew();
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        try
        {
            await process.WaitForExitAsync().WaitAsync(timeout);
        }
        catch (TimeoutException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"aiops-policy {string.Join(' ', args)} did not exit within {timeout}");
        }

        return new Result(process.ExitCode, await output, await error, clock.Elapsed);
    }

    /// <summary>Runs the CLI with no wrapper and no extra environment.</summary>
    /// <param name="workingDirectory">The working directory.</param>
    /// <param name="args">The CLI's arguments.</param>
    /// <returns>The result.</returns>
    public static Task<Result> RunAsync(string workingDirectory, params string[] args) =>
        RunAsync(workingDirectory, new Dictionary<string, string>(), [], args, TimeSpan.FromMinutes(3));
}
