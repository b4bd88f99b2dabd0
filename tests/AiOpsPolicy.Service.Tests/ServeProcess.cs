// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using System.Diagnostics;
using System.Text.RegularExpressions;
using AiOpsPolicy.Cli;

namespace AiOpsPolicy.Service.Tests;

/// <summary>The built CLI's <c>aiops-policy serve</c> as its own process, on a port the system picks.</summary>
internal sealed partial class ServeProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly Task<string> _output;
    private readonly Task<string> _error;

    private ServeProcess(Process process, Uri address, Task<string> output, Task<string> error)
    {
        _process = process;
        Address = address;
        _output = output;
        _error = error;
    }

    /// <summary>Gets where it listens.</summary>
    public Uri Address { get; }

    /// <summary>Starts <c>aiops-policy serve --config FILE --urls http://127.0.0.1:0</c> and waits for the line that says where it listens.</summary>
    public static async Task<ServeProcess> StartAsync(string config)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[] { typeof(Program).Assembly.Location, "serve", "--config", config, "--urls", "http://127.0.0.1:0", "--for", "15m" })
        {
            start.ArgumentList.Add(arg);
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("aiops-policy serve did not start");
        var first = await process.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromMinutes(3));
        var match = first is null ? null : Listening().Match(first);
        if (match is not { Success: true })
        {
            var error = await process.StandardError.ReadToEndAsync();
            process.Kill();
            process.Dispose();
            throw new InvalidOperationException($"serve did not start: {first} {error}");
        }

        return new ServeProcess(process, new Uri(match.Groups[1].Value), process.StandardOutput.ReadToEndAsync(), process.StandardError.ReadToEndAsync());
    }

    /// <summary>Sends SIGTERM and waits for the process to end.</summary>
    /// <returns>Its exit code and what it wrote.</returns>
    public async Task<(int ExitCode, string Output, string Error)> StopAsync()
    {
        using (var kill = Process.Start("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync();
        }

        await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(2));
        return (_process.ExitCode, await _output, await _error);
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }

    [GeneratedRegex(@"listening on (http://127\.0\.0\.1:\d+)")]
    private static partial Regex Listening();
}
