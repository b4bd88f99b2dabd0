// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using System.Collections.Concurrent;
using System.Net;

namespace AiOpsPolicy.Sources.Tests.Hostile;

/// <summary>
/// A tiny HTTP server on a free loopback port that answers every request with what the test says and
/// records what it received (headers included), to play a hostile or broken Prometheus.
/// </summary>
public sealed class FakeHttpServer : IDisposable
{
    private readonly HttpListener _listener;
    private readonly Func<HttpListenerRequest, (int Status, string ContentType, byte[] Body, string? Location)> _answer;
    private readonly Task _loop;

    public FakeHttpServer(Func<HttpListenerRequest, (int Status, string ContentType, byte[] Body, string? Location)> answer)
    {
        _answer = answer;
        _listener = Listen(out var port);
        Port = port;
        _loop = Task.Run(LoopAsync);
    }

    public int Port { get; }

    public string Url => $"http://127.0.0.1:{Port}";

    /// <summary>Gets the Authorization headers received, one per request (empty when none was sent).</summary>
    public ConcurrentQueue<string> Authorizations { get; } = new();

    public void Dispose()
    {
        // Close alone: Stop then Close removes the prefixes twice, and the second removal binds the port again (the managed
        // listener looks the endpoint up by creating it), which fails if another test's server took the port meanwhile.
        _listener.Close();
        try
        {
            _loop.Wait(TimeSpan.FromSeconds(5));
        }
        catch (AggregateException)
        {
        }
    }

    /// <summary>
    /// A listener on a free port. The port is found free by binding and closing a socket, so another test's server can
    /// take it before this one binds (a clean-clone CI run failed once with "Address already in use"): then another port.
    /// </summary>
    private static HttpListener Listen(out int port)
    {
        for (var attempt = 1; ; attempt++)
        {
            port = Prometheus.PrometheusServer.FreePort();
            var listener = new HttpListener();
            listener.Prefixes.Add($"http://127.0.0.1:{port}/");
            try
            {
                listener.Start();
                return listener;
            }
            catch (HttpListenerException) when (attempt < 5)
            {
                listener.Close();
            }
        }
    }

    private async Task LoopAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            Authorizations.Enqueue(context.Request.Headers["Authorization"] ?? string.Empty);
            var (status, type, body, location) = _answer(context.Request);
            context.Response.StatusCode = status;
            context.Response.ContentType = type;
            if (location is not null)
            {
                context.Response.RedirectLocation = location;
            }

            try
            {
                context.Response.ContentLength64 = body.Length;
                await context.Response.OutputStream.WriteAsync(body);
                context.Response.Close();
            }
            catch (Exception ex) when (ex is HttpListenerException or IOException)
            {
            }
        }
    }
}
