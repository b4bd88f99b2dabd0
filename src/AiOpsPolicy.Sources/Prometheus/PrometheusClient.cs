// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using System.Collections.Immutable;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using AiOpsPolicy.Core;
using AiOpsPolicy.Sources.Collection;
using AiOpsPolicy.Sources.Configuration;

namespace AiOpsPolicy.Sources.Prometheus;

/// <summary>
/// Runs range queries against Prometheus's HTTP API (<c>POST /api/v1/query_range</c>). The server's answer
/// is untrusted input: redirects are never followed (credentials go only to the configured endpoint), the
/// response is read up to a size limit, parsed with a depth limit, and checked against the shape the API
/// documents; anything else is a <see cref="SourceException"/> naming the query.
/// </summary>
internal sealed class PrometheusClient : IDisposable
{
    /// <summary>The most series one query may return: far above a histogram's, and a bound on what a hostile server can make the collector hold.</summary>
    public const int MaxSeries = 100_000;

    /// <summary>Prometheus refuses more than 11,000 points per series; checking first gives a clearer message.</summary>
    public const int MaxPointsPerSeries = 11_000;

    private readonly HttpClient _http;
    private readonly PrometheusSource _source;

    public PrometheusClient(PrometheusSource source, Func<string, string?> environment, HttpMessageHandler? handler)
    {
        _source = source;
        var ownHandler = handler is null;
        handler ??= new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            AutomaticDecompression = DecompressionMethods.GZip | DecompressionMethods.Deflate,
            UseProxy = false,
            UseCookies = false,
            ConnectTimeout = source.Timeout,
        };
        _http = new HttpClient(handler, disposeHandler: ownHandler) { Timeout = source.Timeout, BaseAddress = source.Url };
        _http.DefaultRequestHeaders.UserAgent.Add(new ProductInfoHeaderValue("aiops-policy", EngineInfo.Version.Split('+')[0]));
        _http.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        if (source.Credentials.BearerTokenEnv is { } tokenEnv)
        {
            _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Secret(environment, tokenEnv, "auth.bearerTokenEnv"));
        }
        else if (source.Credentials is { UsernameEnv: { } userEnv, PasswordEnv: { } passwordEnv })
        {
            var pair = Secret(environment, userEnv, "auth.usernameEnv") + ":" + Secret(environment, passwordEnv, "auth.passwordEnv");
            _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(pair)));
        }
    }

    public void Dispose() => _http.Dispose();

    /// <summary>Runs a range query: points at <paramref name="start"/> + k x <paramref name="step"/> up to <paramref name="end"/>.</summary>
    public async Task<ImmutableArray<PrometheusSeries>> QueryRangeAsync(string query, DateTimeOffset start, DateTimeOffset end, TimeSpan step, CancellationToken cancellationToken)
    {
        if ((end - start) / step > MaxPointsPerSeries)
        {
            throw new SourceException($"the range holds more than {MaxPointsPerSeries} points per series; use a longer interval or a shorter --window", query);
        }

        var form = new FormUrlEncodedContent(
        [
            new("query", query),
            new("start", Seconds(start)),
            new("end", Seconds(end)),
            new("step", ((long)step.TotalSeconds).ToString(CultureInfo.InvariantCulture)),
        ]);
        using var request = new HttpRequestMessage(HttpMethod.Post, "api/v1/query_range") { Content = form };
        HttpResponseMessage response;
        try
        {
            response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        }
        catch (TaskCanceledException ex) when (!cancellationToken.IsCancellationRequested)
        {
            throw new SourceException($"{_source.Url} did not answer within {_source.Timeout.TotalSeconds:0.#}s (timeout)", query, ex);
        }
        catch (HttpRequestException ex)
        {
            var why = ex.InnerException is SocketException socket ? socket.SocketErrorCode switch
            {
                SocketError.ConnectionRefused => "connection refused",
                SocketError.HostNotFound or SocketError.NoData or SocketError.TryAgain => "host not found",
                SocketError.TimedOut => "connection timed out",
                var other => other.ToString(),
            } : ServerText.Shown(ex.Message);
            throw new SourceException($"{_source.Url} is unreachable: {why}", query, ex);
        }

        using (response)
        {
            var status = (int)response.StatusCode;
            if (status is 401 or 403)
            {
                throw new SourceException($"{_source.Url} refused the credentials (HTTP {status}); check the token or user named under auth", query);
            }

            if (status is >= 300 and < 400)
            {
                throw new SourceException($"{_source.Url} redirected (HTTP {status}) to {ServerText.Shown(response.Headers.Location?.ToString() ?? "nowhere")}; redirects are not followed, so that credentials go only to the configured url: put the final address in the sources file", query);
            }

            var body = await ReadLimitedAsync(response, query, cancellationToken).ConfigureAwait(false);
            return Parse(body, status, query);
        }
    }

    private static string Secret(Func<string, string?> environment, string name, string field) =>
        environment(name) is { Length: > 0 } value
            ? value
            : throw new SourceException($"the environment variable {name} ({field}) is not set or is empty; set it to the credential, or remove auth", string.Empty);

    private static string Seconds(DateTimeOffset time) => time.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);

    private async Task<byte[]> ReadLimitedAsync(HttpResponseMessage response, string query, CancellationToken cancellationToken)
    {
        var max = _source.MaxResponseBytes;
        if (response.Content.Headers.ContentLength is { } length && length > max)
        {
            throw new SourceException($"the response is {length:N0} bytes, over the limit of {max:N0} (maxResponseBytes); narrow the selector", query);
        }

        using var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await stream.ReadAsync(chunk, cancellationToken).ConfigureAwait(false)) > 0)
        {
            if (buffer.Length + read > max)
            {
                throw new SourceException($"the response is over the limit of {max:N0} bytes (maxResponseBytes); narrow the selector", query);
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }

    private static ImmutableArray<PrometheusSeries> Parse(byte[] body, int status, string query)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body, new JsonDocumentOptions { MaxDepth = 16 });
        }
        catch (JsonException ex)
        {
            throw new SourceException($"the server answered HTTP {status} with a body that is not a Prometheus API response ({ServerText.Shown(ex.Message)})", query, ex);
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("status", out var statusElement) || statusElement.ValueKind != JsonValueKind.String)
            {
                throw new SourceException($"the server answered HTTP {status} with JSON that is not a Prometheus API response (no status)", query);
            }

            if (statusElement.GetString() != "success")
            {
                var error = root.TryGetProperty("error", out var e) && e.ValueKind == JsonValueKind.String ? e.GetString() : "no error message";
                var type = root.TryGetProperty("errorType", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString() : "error";
                throw new SourceException($"the query failed ({ServerText.Shown(type ?? "error")}, HTTP {status}): {ServerText.Shown(error ?? string.Empty)}", query);
            }

            if (!root.TryGetProperty("data", out var data) || data.ValueKind != JsonValueKind.Object
                || !data.TryGetProperty("resultType", out var resultType) || resultType.ValueKind != JsonValueKind.String || resultType.GetString() != "matrix"
                || !data.TryGetProperty("result", out var result) || result.ValueKind != JsonValueKind.Array)
            {
                throw new SourceException("the answer to a range query is not a matrix (data.resultType, data.result)", query);
            }

            if (result.GetArrayLength() > MaxSeries)
            {
                throw new SourceException($"the query returned {result.GetArrayLength():N0} series, over the limit of {MaxSeries:N0}; narrow the selector", query);
            }

            var series = ImmutableArray.CreateBuilder<PrometheusSeries>(result.GetArrayLength());
            foreach (var item in result.EnumerateArray())
            {
                series.Add(ParseSeries(item, query));
            }

            return series.MoveToImmutable();
        }
    }

    private static PrometheusSeries ParseSeries(JsonElement item, string query)
    {
        if (item.ValueKind != JsonValueKind.Object || !item.TryGetProperty("metric", out var metric) || metric.ValueKind != JsonValueKind.Object
            || !item.TryGetProperty("values", out var values) || values.ValueKind != JsonValueKind.Array)
        {
            throw new SourceException("a series in the answer has no metric or values", query);
        }

        var labels = ImmutableSortedDictionary.CreateBuilder<string, string>(StringComparer.Ordinal);
        foreach (var label in metric.EnumerateObject())
        {
            if (label.Value.ValueKind != JsonValueKind.String)
            {
                throw new SourceException($"label '{ServerText.Shown(label.Name)}' of a series is not text", query);
            }

            labels[label.Name] = label.Value.GetString() ?? string.Empty;
        }

        if (values.GetArrayLength() > MaxPointsPerSeries + 1)
        {
            throw new SourceException($"a series has {values.GetArrayLength():N0} points, more than the query asked for", query);
        }

        var points = ImmutableArray.CreateBuilder<(long, double)>(values.GetArrayLength());
        long previous = long.MinValue;
        foreach (var pair in values.EnumerateArray())
        {
            if (pair.ValueKind != JsonValueKind.Array || pair.GetArrayLength() != 2 || pair[0].ValueKind != JsonValueKind.Number || pair[1].ValueKind != JsonValueKind.String
                || !pair[0].TryGetDouble(out var seconds) || !double.IsFinite(seconds) || Math.Abs(seconds) > 1e11)
            {
                throw new SourceException("a point in the answer is not [time, \"value\"]", query);
            }

            var timeMs = (long)Math.Round(seconds * 1000);
            if (timeMs <= previous)
            {
                throw new SourceException("the points of a series are not in time order", query);
            }

            previous = timeMs;
            var text = pair[1].GetString() ?? string.Empty;
            if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
            {
                value = text switch
                {
                    "+Inf" or "Inf" => double.PositiveInfinity,
                    "-Inf" => double.NegativeInfinity,
                    _ => throw new SourceException($"a point's value '{ServerText.Shown(text)}' is not a number", query),
                };
            }

            points.Add((timeMs, value));
        }

        return new PrometheusSeries(labels.ToImmutable(), points.MoveToImmutable());
    }
}
