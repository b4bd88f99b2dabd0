// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using System.IO.Compression;
using System.Net;
using System.Text;
using AiOpsPolicy.Sources.Collection;
using Google.Protobuf;

namespace AiOpsPolicy.Sources.Otlp;

/// <summary>
/// An OTLP/HTTP trace receiver (<c>POST /v1/traces</c>, protobuf or JSON, optionally gzip) on a loopback
/// address. Each accepted request is appended as one line of OTLP JSON to a file in the spool folder, the
/// Collector file exporter's format, which an <c>otlp</c> evidence source then reads. Requests are
/// untrusted: the body and its decompressed size are bounded, and a malformed request is answered 400
/// and written nowhere.
/// </summary>
public sealed class OtlpReceiver : IDisposable
{
    /// <summary>The largest request body accepted (after decompression) by default: 16 MiB, four times the SDK's default batch.</summary>
    public const int DefaultMaxBodyBytes = 16 * 1024 * 1024;

    private readonly HttpListener _listener = new();
    private readonly string _file;
    private readonly int _maxBodyBytes;
    private readonly Action<string> _log;
    private readonly object _writeLock = new();
    private Task? _loop;

    /// <summary>Initializes a new instance of the <see cref="OtlpReceiver"/> class.</summary>
    /// <param name="port">The loopback port to listen on.</param>
    /// <param name="spool">The folder received traces are appended to.</param>
    /// <param name="log">Receives a line per refused request.</param>
    /// <param name="maxBodyBytes">The largest request body accepted, after decompression.</param>
    public OtlpReceiver(int port, string spool, Action<string> log, int maxBodyBytes = DefaultMaxBodyBytes)
    {
        Directory.CreateDirectory(spool);
        _file = Path.Combine(spool, "traces.otlp.jsonl");
        _maxBodyBytes = maxBodyBytes;
        _log = log;
        Port = port;
        _listener.Prefixes.Add($"http://127.0.0.1:{port}/");
    }

    /// <summary>Gets the port.</summary>
    public int Port { get; }

    /// <summary>Gets how many spans have been accepted.</summary>
    public int SpansReceived { get; private set; }

    /// <summary>Starts listening.</summary>
    public void Start()
    {
        _listener.Start();
        _loop = Task.Run(LoopAsync);
    }

    /// <summary>Stops listening; requests in flight finish first.</summary>
    public void Dispose()
    {
        if (_listener.IsListening)
        {
            _listener.Stop();
        }

        try
        {
            _listener.Close();
        }
        catch (HttpListenerException)
        {
            // On Linux the managed listener's Close after Stop looks its endpoint up again and, finding it gone,
            // binds the port anew; if another listener took the port meanwhile, that bind fails. The receiver is
            // already stopped, so there is nothing left to release.
        }

        try
        {
            _loop?.Wait(TimeSpan.FromSeconds(10));
        }
        catch (AggregateException)
        {
            // The loop ends with the listener; nothing is lost, every accepted request was written before its answer.
        }
    }

    private async Task LoopAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync().ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            try
            {
                await HandleAsync(context).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is HttpListenerException or IOException or ObjectDisposedException)
            {
                // The client went away; the request was not written unless it was answered 200.
            }
        }
    }

    private async Task HandleAsync(HttpListenerContext context)
    {
        var request = context.Request;
        var response = context.Response;
        if (request.Url?.AbsolutePath != "/v1/traces")
        {
            await AnswerAsync(response, 404, "only /v1/traces is served").ConfigureAwait(false);
            return;
        }

        if (request.HttpMethod != "POST")
        {
            await AnswerAsync(response, 405, "POST an ExportTraceServiceRequest").ConfigureAwait(false);
            return;
        }

        var type = (request.ContentType ?? string.Empty).Split(';')[0].Trim().ToLowerInvariant();
        if (type is not ("application/x-protobuf" or "application/json"))
        {
            await AnswerAsync(response, 415, "send application/x-protobuf or application/json").ConfigureAwait(false);
            return;
        }

        byte[] body;
        try
        {
            body = await ReadAsync(request).ConfigureAwait(false);
        }
        catch (InvalidDataException ex)
        {
            _log($"refused a request from {request.RemoteEndPoint}: {ex.Message}");
            await AnswerAsync(response, 413, ex.Message).ConfigureAwait(false);
            return;
        }

        List<OtlpSpan> spans;
        try
        {
            spans = type == "application/json" ? OtlpJsonReader.Read(body) : OtlpProtobufReader.Read(body);
        }
        catch (Exception ex) when (ex is FormatException or InvalidProtocolBufferException or System.Text.Json.JsonException or OverflowException or InvalidOperationException)
        {
            _log($"refused a malformed request from {request.RemoteEndPoint}: {ServerText.Shown(ex.Message)}");
            await AnswerAsync(response, 400, "not an OTLP trace request").ConfigureAwait(false);
            return;
        }

        if (spans.Count > 0)
        {
            var line = OtlpJsonWriter.Line(spans);
            lock (_writeLock)
            {
                using var stream = new FileStream(_file, FileMode.Append, FileAccess.Write, FileShare.Read);
                stream.Write(line);
                stream.Flush(flushToDisk: true);
                SpansReceived += spans.Count;
            }
        }

        // An empty ExportTraceServiceResponse: no partial success to report.
        response.StatusCode = 200;
        response.ContentType = type;
        var answer = type == "application/json" ? "{}"u8.ToArray() : [];
        response.ContentLength64 = answer.Length;
        await response.OutputStream.WriteAsync(answer).ConfigureAwait(false);
        response.Close();
    }

    private async Task<byte[]> ReadAsync(HttpListenerRequest request)
    {
        if (request.ContentLength64 > _maxBodyBytes)
        {
            throw new InvalidDataException($"the request body is over {_maxBodyBytes:N0} bytes");
        }

        Stream input = request.InputStream;
        var encoding = request.Headers["Content-Encoding"]?.Trim().ToLowerInvariant();
        if (encoding == "gzip")
        {
            input = new GZipStream(input, CompressionMode.Decompress);
        }
        else if (encoding is { Length: > 0 } and not "identity")
        {
            throw new InvalidDataException($"Content-Encoding '{ServerText.Shown(encoding)}' is not supported; send gzip or none");
        }

        using (input)
        {
            using var buffer = new MemoryStream();
            var chunk = new byte[65536];
            int read;
            try
            {
                while ((read = await input.ReadAsync(chunk).ConfigureAwait(false)) > 0)
                {
                    // Checked while decompressing: a small gzip body that expands without bound stops here.
                    if (buffer.Length + read > _maxBodyBytes)
                    {
                        throw new InvalidDataException($"the request body is over {_maxBodyBytes:N0} bytes");
                    }

                    buffer.Write(chunk, 0, read);
                }
            }
            catch (InvalidDataException ex) when (!ex.Message.StartsWith("the request body", StringComparison.Ordinal))
            {
                throw new InvalidDataException("the gzip body is corrupt", ex);
            }

            return buffer.ToArray();
        }
    }

    private static async Task AnswerAsync(HttpListenerResponse response, int status, string message)
    {
        response.StatusCode = status;
        response.ContentType = "text/plain";
        var bytes = Encoding.UTF8.GetBytes(message);
        response.ContentLength64 = bytes.Length;
        await response.OutputStream.WriteAsync(bytes).ConfigureAwait(false);
        response.Close();
    }
}
