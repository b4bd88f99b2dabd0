// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace AiOpsPolicy.Sources.Tests.Prometheus;

/// <summary>
/// A real Prometheus server (Debian's <c>prometheus</c> package, which .ci/run installs) on a free loopback
/// port, with its own TSDB folder filled from OpenMetrics text by <c>promtool tsdb create-blocks-from
/// openmetrics</c>. Each test class starts its own: no port or data is shared with another test run on
/// the machine. Retention is 100 years so that fixed-date data is never deleted.
/// </summary>
public sealed class PrometheusServer : IDisposable
{
    private readonly TempDirectory _folder = new();
    private readonly Process _process;

    public PrometheusServer(string openMetrics)
    {
        var data = _folder.Combine("data.om");
        File.WriteAllText(data, openMetrics);
        var tsdb = _folder.Combine("tsdb");
        Run(Tool("promtool"), ["tsdb", "create-blocks-from", "openmetrics", data, tsdb]);
        var config = _folder.Combine("prometheus.yml");
        File.WriteAllText(config, "global:\n  scrape_interval: 1h\n");
        Port = FreePort();
        var start = new ProcessStartInfo(Tool("prometheus"))
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[]
        {
            $"--config.file={config}", $"--storage.tsdb.path={tsdb}", "--storage.tsdb.retention.time=100y",
            $"--web.listen-address=127.0.0.1:{Port}",
        })
        {
            start.ArgumentList.Add(argument);
        }

        _process = Process.Start(start) ?? throw new InvalidOperationException("prometheus did not start");
        _process.BeginErrorReadLine();
        _process.BeginOutputReadLine();
        WaitUntilReady();
    }

    /// <summary>Gets the server's port.</summary>
    public int Port { get; }

    /// <summary>Gets the server's base URL.</summary>
    public string Url => $"http://127.0.0.1:{Port}";

    public void Dispose()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                _process.WaitForExit(10_000);
            }
        }
        finally
        {
            _process.Dispose();
            _folder.Dispose();
        }
    }

    /// <summary>A loopback port nobody listens on now.</summary>
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static string Tool(string name)
    {
        foreach (var folder in (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(':').Append("/usr/bin"))
        {
            var path = Path.Combine(folder, name);
            if (File.Exists(path))
            {
                return path;
            }
        }

        throw new InvalidOperationException($"'{name}' was not found: install Debian's prometheus package (.ci/run does)");
    }

    private static void Run(string tool, string[] arguments)
    {
        var start = new ProcessStartInfo(tool) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{tool} did not start");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{tool} failed ({process.ExitCode}): {error}{output.Result}");
        }
    }

    private void WaitUntilReady()
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"prometheus exited with {_process.ExitCode}");
            }

            try
            {
                if (http.GetAsync($"{Url}/-/ready").GetAwaiter().GetResult().IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException)
            {
            }

            Thread.Sleep(100);
        }

        throw new InvalidOperationException("prometheus did not become ready within 60 s");
    }
}
