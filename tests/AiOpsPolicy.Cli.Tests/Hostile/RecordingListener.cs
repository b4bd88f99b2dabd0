// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using System.Net;
using System.Net.Sockets;

namespace AiOpsPolicy.Cli.Tests.Hostile;

/// <summary>
/// A TCP server on a free loopback port that accepts every connection, records every byte it receives, and closes the
/// connection after the first read: enough for a database driver to send its start-up message (user, database, and
/// whatever it would authenticate with) and then fail fast.
/// </summary>
internal sealed class RecordingListener : IDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _accepting;
    private readonly MemoryStream _received = new();
    private readonly System.Collections.Concurrent.ConcurrentQueue<EndPoint?> _accepted = new();
    private EndPoint? _probe;

    public RecordingListener()
    {
        _listener.Start();
        _accepting = Task.Run(AcceptAsync);
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    /// <summary>Gets how many connections were accepted, not counting the probe of <see cref="SettleAsync"/>.</summary>
    public int Connections => _accepted.Count(e => _probe is null || !Equals(e, _probe));

    public byte[] Received
    {
        get
        {
            lock (_received)
            {
                return _received.ToArray();
            }
        }
    }

    /// <summary>
    /// Connects once itself and waits until that connection is accepted. Connections are accepted and read one at a
    /// time, in the order they arrived, so once the probe is counted every earlier connection has been counted and
    /// read too: what the counters say then is final, however slowly a loaded machine schedules the accept loop.
    /// </summary>
    public async Task SettleAsync()
    {
        using var probe = new TcpClient(AddressFamily.InterNetwork);
        await probe.ConnectAsync(IPAddress.Loopback, Port);
        _probe = probe.Client.LocalEndPoint;
        var deadline = DateTime.UtcNow.AddMinutes(2);
        while (!_accepted.Contains(_probe) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
        }

        Assert.True(_accepted.Contains(_probe), "The listener never accepted its own probe.");
    }

    /// <summary>Waits until some connection sent bytes, or the time is up.</summary>
    public async Task WaitForBytesAsync(TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (Received.Length == 0 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
        }
    }

    public void Dispose()
    {
        _stop.Cancel();
        _listener.Stop();
        try
        {
            _accepting.Wait(TimeSpan.FromSeconds(5));
        }
        catch (AggregateException)
        {
            // Stopping the listener ends the accept loop with an exception; nothing to report.
        }

        _stop.Dispose();
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            using var client = await _listener.AcceptTcpClientAsync(_stop.Token);
            _accepted.Enqueue(client.Client.RemoteEndPoint);
            var buffer = new byte[4096];
            var stream = client.GetStream();
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token);
            timeout.CancelAfter(TimeSpan.FromSeconds(5));
            try
            {
                var read = await stream.ReadAsync(buffer, timeout.Token);
                lock (_received)
                {
                    _received.Write(buffer, 0, read);
                }
            }
            catch (Exception ex) when (ex is OperationCanceledException or IOException)
            {
                // A client that sends nothing, or goes away, is recorded as having sent nothing.
            }
        }
    }
}
