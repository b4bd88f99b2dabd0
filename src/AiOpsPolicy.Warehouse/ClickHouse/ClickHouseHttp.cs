// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using System.Net;
using System.Net.Http.Headers;
using System.Text;
using AiOpsPolicy.Core.Evidence;

namespace AiOpsPolicy.Warehouse.ClickHouse;

/// <summary>
/// Queries through ClickHouse's HTTP interface, results as <c>TabSeparated</c> text read line by line. Not the
/// ClickHouse.Driver package: it reads every result as <c>RowBinaryWithNamesAndTypes</c>, a format ClickHouse 18.16 (the
/// version Debian ships) does not know ("Unknown format RowBinaryWithNamesAndTypes"), so no query of it returns rows
/// there. Plain HTTP speaks to every version. Credentials go in ClickHouse's own headers, never in the URL, and no
/// proxy is used, so they reach the server the operator named and nothing else. <c>wait_end_of_query</c> makes the
/// server finish a query before answering, so that an error is an HTTP status, never text in the middle of rows.
/// </summary>
internal static class ClickHouseHttp
{
    /// <summary>How long one query may take: a scan of 100M runs on a small server takes minutes, not hours.</summary>
    private static readonly TimeSpan QueryTimeout = TimeSpan.FromMinutes(30);

    /// <summary>The most of an error body quoted in a message.</summary>
    private const int MaxErrorChars = 600;

    private static readonly HttpClient Client = new(new SocketsHttpHandler { UseProxy = false, AllowAutoRedirect = false, PooledConnectionLifetime = TimeSpan.FromMinutes(5) })
    {
        Timeout = QueryTimeout,
    };

    /// <summary>Runs a query and returns its rows as they arrive.</summary>
    /// <param name="location">Where.</param>
    /// <param name="sql">The query, without FORMAT.</param>
    /// <returns>The rows; dispose to end the response.</returns>
    /// <exception cref="EvidenceFormatException">The server cannot be reached or refused the query.</exception>
    public static TsvRows Query(ClickHouseLocation location, string sql)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(location.Endpoint, "?wait_end_of_query=1"))
        {
            Content = new StringContent(sql + "\nFORMAT TabSeparated", new UTF8Encoding(false)),
        };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("text/plain");
        if (location.User is { } user)
        {
            request.Headers.Add("X-ClickHouse-User", user);
        }

        if (location.Password is { } password)
        {
            request.Headers.Add("X-ClickHouse-Key", password);
        }

        HttpResponseMessage response;
        try
        {
            response = Client.Send(request, HttpCompletionOption.ResponseHeadersRead);
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or IOException)
        {
            throw new EvidenceFormatException($"ClickHouse at '{location.Display}' cannot be reached: {ex.Message.TrimEnd('.')}", ex);
        }

        try
        {
            if (response.StatusCode != HttpStatusCode.OK)
            {
                using var reader = new StreamReader(response.Content.ReadAsStream(), Encoding.UTF8);
                var buffer = new char[MaxErrorChars];
                var body = new string(buffer, 0, reader.ReadBlock(buffer, 0, buffer.Length)).Trim();
                throw new EvidenceFormatException($"ClickHouse at '{location.Display}' answered {(int)response.StatusCode}: {(body.Length == 0 ? response.ReasonPhrase : body)}");
            }

            return new TsvRows(response, location.Display);
        }
        catch
        {
            response.Dispose();
            throw;
        }
    }

    /// <summary>Runs a query and reads every row.</summary>
    /// <param name="location">Where.</param>
    /// <param name="sql">The query, without FORMAT.</param>
    /// <returns>The rows.</returns>
    public static List<string?[]> QueryAll(ClickHouseLocation location, string sql)
    {
        using var rows = Query(location, sql);
        var all = new List<string?[]>();
        while (rows.Next() is { } row)
        {
            all.Add(row);
        }

        return all;
    }
}
