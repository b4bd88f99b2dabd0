// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace AiOpsPolicy.Warehouse.Tests;

/// <summary>
/// Two real ClickHouse servers (Debian's <c>clickhouse-server</c> 18.16, which .ci/run installs) on free loopback ports,
/// each with its own temporary data folder and configuration: a cluster <c>two</c> of both as shards (for a
/// <c>Distributed</c> table), a user <c>default</c> without password that creates and loads tables, and a read-only
/// user <c>reader</c> with a password, the one the gate connects as. Started once per test class and stopped (the
/// processes killed, the folders deleted) when it is disposed. A missing binary fails the test: it is never skipped.
/// </summary>
public sealed class ClickHouseCluster : IDisposable
{
    /// <summary>The read-only user's password: tests check that no output ever shows it.</summary>
    public const string ReaderPassword = "s3cret-Reader-pw";

    /// <summary>How long a server may take to answer its first ping (18.16 starts in about a second).</summary>
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);

    private readonly TempDirectory _folder = new();
    private readonly List<Process> _servers = [];
    private readonly HttpClient _http = new(new SocketsHttpHandler { UseProxy = false }) { Timeout = TimeSpan.FromMinutes(10) };

    public ClickHouseCluster()
    {
        var binary = Binary();
        var ports = Enumerable.Range(0, 4).Select(_ => FreePort()).ToArray();
        HttpPorts = [ports[0], ports[1]];
        try
        {
            File.WriteAllText(_folder.Combine("users.xml"), $"""
                <?xml version="1.0"?>
                <yandex>
                  <profiles><default><max_memory_usage>2000000000</max_memory_usage></default><readonly><readonly>1</readonly></readonly></profiles>
                  <users>
                    <default><password></password><networks><ip>127.0.0.1</ip></networks><profile>default</profile><quota>default</quota></default>
                    <reader><password>{ReaderPassword}</password><networks><ip>127.0.0.1</ip></networks><profile>readonly</profile><quota>default</quota></reader>
                  </users>
                  <quotas><default><interval><duration>3600</duration><queries>0</queries><errors>0</errors><result_rows>0</result_rows><read_rows>0</read_rows><execution_time>0</execution_time></interval></default></quotas>
                </yandex>
                """);
            for (var i = 0; i < 2; i++)
            {
                var folder = Directory.CreateDirectory(_folder.Combine($"server{i + 1}")).FullName;
                var config = Path.Combine(folder, "config.xml");
                File.WriteAllText(config, $"""
                    <?xml version="1.0"?>
                    <yandex>
                      <logger><level>warning</level><log>{folder}/server.log</log><errorlog>{folder}/error.log</errorlog></logger>
                      <http_port>{ports[i]}</http_port><tcp_port>{ports[i + 2]}</tcp_port>
                      <listen_host>127.0.0.1</listen_host>
                      <path>{folder}/data/</path><tmp_path>{folder}/tmp/</tmp_path><user_files_path>{folder}/user_files/</user_files_path>
                      <users_config>{_folder.Combine("users.xml")}</users_config>
                      <default_profile>default</default_profile><default_database>default</default_database>
                      <timezone>UTC</timezone>
                      <mark_cache_size>268435456</mark_cache_size>
                      <remote_servers>
                        <two>
                          <shard><replica><host>127.0.0.1</host><port>{ports[2]}</port></replica></shard>
                          <shard><replica><host>127.0.0.1</host><port>{ports[3]}</port></replica></shard>
                        </two>
                      </remote_servers>
                    </yandex>
                    """);
                var start = new ProcessStartInfo(binary) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false, WorkingDirectory = folder };
                start.ArgumentList.Add($"--config-file={config}");
                var process = Process.Start(start) ?? throw new InvalidOperationException("clickhouse-server did not start");
                _servers.Add(process);
                process.BeginErrorReadLine();
                process.BeginOutputReadLine();
            }

            for (var i = 0; i < 2; i++)
            {
                WaitUntilReady(i);
            }
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    /// <summary>Gets each server's HTTP port.</summary>
    public int[] HttpPorts { get; }

    /// <summary>The URL the gate is given for a database of a server, as the read-only user.</summary>
    /// <param name="server">0 or 1.</param>
    /// <param name="database">The database.</param>
    /// <returns>The URL, with the password in it.</returns>
    public string Url(int server, string database) => string.Create(CultureInfo.InvariantCulture, $"clickhouse://reader:{ReaderPassword}@127.0.0.1:{HttpPorts[server]}/{database}");

    /// <summary>Runs statements as the <c>default</c> user on a server, one per request.</summary>
    /// <param name="server">0 or 1.</param>
    /// <param name="statements">The statements.</param>
    public void Execute(int server, params string[] statements)
    {
        foreach (var statement in statements)
        {
            Send(server, statement, null);
        }
    }

    /// <summary>Inserts rows, as <c>TabSeparated</c> text, into a table of a server.</summary>
    /// <param name="server">0 or 1.</param>
    /// <param name="table">The database and table.</param>
    /// <param name="tsv">The rows.</param>
    public void Insert(int server, string table, string tsv) => Send(server, $"INSERT INTO {table} FORMAT TabSeparated", tsv);

    /// <summary>Runs a query as the <c>default</c> user and returns its <c>TabSeparated</c> answer.</summary>
    /// <param name="server">0 or 1.</param>
    /// <param name="query">The query.</param>
    /// <returns>The answer.</returns>
    public string Query(int server, string query) => Send(server, query + " FORMAT TabSeparated", null);

    public void Dispose()
    {
        foreach (var process in _servers)
        {
            try
            {
                if (!process.HasExited)
                {
                    process.Kill(entireProcessTree: true);
                    process.WaitForExit(10_000);
                }
            }
            finally
            {
                process.Dispose();
            }
        }

        _http.Dispose();
        _folder.Dispose();
    }

    /// <summary>Where Debian installs the server; an absent binary is a failure that says what to install.</summary>
    internal static string Binary()
    {
        foreach (var folder in (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(':').Append("/usr/sbin").Append("/usr/bin"))
        {
            var path = Path.Combine(folder, "clickhouse-server");
            if (folder.Length > 0 && File.Exists(path))
            {
                return path;
            }
        }

        throw new InvalidOperationException("'clickhouse-server' was not found: install it with 'apt-get install -y clickhouse-server clickhouse-client' (Debian's 18.16; .ci/run does). These tests are never skipped.");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private string Send(int server, string query, string? body)
    {
        var url = string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{HttpPorts[server]}/");
        using var request = new HttpRequestMessage(HttpMethod.Post, body is null ? url : url + "?query=" + Uri.EscapeDataString(query))
        {
            Content = new StringContent(body ?? query, new UTF8Encoding(false)),
        };
        using var response = _http.Send(request);
        var text = response.Content.ReadAsStringAsync().GetAwaiter().GetResult();
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"ClickHouse {server + 1} refused '{(query.Length > 300 ? query[..300] : query)}': {text}");
        }

        return text;
    }

    private void WaitUntilReady(int server)
    {
        using var http = new HttpClient(new SocketsHttpHandler { UseProxy = false }) { Timeout = TimeSpan.FromSeconds(2) };
        var deadline = DateTime.UtcNow + StartTimeout;
        while (DateTime.UtcNow < deadline)
        {
            if (_servers[server].HasExited)
            {
                throw new InvalidOperationException($"clickhouse-server {server + 1} exited with {_servers[server].ExitCode}");
            }

            try
            {
                if (http.GetAsync(new Uri($"http://127.0.0.1:{HttpPorts[server]}/ping")).GetAwaiter().GetResult().IsSuccessStatusCode)
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

        throw new InvalidOperationException($"clickhouse-server {server + 1} did not answer within {StartTimeout.TotalSeconds} s");
    }
}
