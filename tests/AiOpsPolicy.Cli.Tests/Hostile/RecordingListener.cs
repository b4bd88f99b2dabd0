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
    private int _connections;

    public RecordingListener()
    {
        _listener.Start();
        _accepting = Task.Run(AcceptAsync);
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    public int Connections => Volatile.Read(ref _connections);

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
            Interlocked.Increment(ref _connections);
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
