// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using System.Diagnostics;

namespace AiOpsPolicy.Service.Tests;

/// <summary>Prometheus's own checker for the exposition format (Debian's prometheus package, which .ci/run installs).</summary>
internal static class Promtool
{
    /// <summary>Runs <c>promtool check metrics</c> on exposition text.</summary>
    /// <returns>What promtool reported (empty when the text is valid); a failure when promtool is missing.</returns>
    public static async Task<string> CheckMetricsAsync(string exposition)
    {
        var start = new ProcessStartInfo("promtool", "check metrics")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        using var process = Process.Start(start) ?? throw new InvalidOperationException("promtool did not start: install Debian's prometheus package (.ci/run does)");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.StandardInput.WriteAsync(exposition);
        process.StandardInput.Close();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(2));
        var report = (await output + await error).Trim();
        return process.ExitCode == 0 ? report : $"promtool exited {process.ExitCode}: {report}";
    }
}
