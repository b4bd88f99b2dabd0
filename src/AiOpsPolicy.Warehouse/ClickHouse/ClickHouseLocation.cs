// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using System.Globalization;

namespace AiOpsPolicy.Warehouse.ClickHouse;

/// <summary>
/// A ClickHouse database that holds evidence, reached through ClickHouse's HTTP interface: written
/// <c>clickhouse://[user[:password]@]host[:port]/database</c> (<c>clickhouses://</c> for HTTPS), on the command line
/// (<c>--evidence</c>) or under a name in the operator configuration's <c>warehouses</c> section. Only the operator gives
/// one: policy text never names a location. The credentials are kept for the requests and never shown: every message
/// names the location by <see cref="Display"/>.
/// </summary>
public sealed record ClickHouseLocation
{
    /// <summary>The URL scheme of a location reached over plain HTTP.</summary>
    public const string Scheme = "clickhouse";

    /// <summary>The URL scheme of a location reached over HTTPS.</summary>
    public const string SecureScheme = "clickhouses";

    /// <summary>ClickHouse's default HTTP port.</summary>
    private const int DefaultHttpPort = 8123;

    /// <summary>ClickHouse's default HTTPS port.</summary>
    private const int DefaultHttpsPort = 8443;

    private ClickHouseLocation(string display, Uri endpoint, string database, string? user, string? password)
    {
        Display = display;
        Endpoint = endpoint;
        Database = database;
        User = user;
        Password = password;
    }

    /// <summary>Gets the name the location is reported under: its declared name, or its URL without credentials.</summary>
    public string Display { get; }

    /// <summary>Gets the HTTP(S) endpoint queries are sent to.</summary>
    public Uri Endpoint { get; }

    /// <summary>Gets the database whose tables hold the evidence.</summary>
    public string Database { get; }

    /// <summary>Gets the user, or null for ClickHouse's <c>default</c>.</summary>
    internal string? User { get; }

    /// <summary>Gets the password, or null.</summary>
    internal string? Password { get; }

    /// <summary>Whether a command-line location is a ClickHouse URL (<c>clickhouse://</c> or <c>clickhouses://</c>).</summary>
    /// <param name="text">The location as given.</param>
    /// <returns>True for a ClickHouse URL, valid or not.</returns>
    public static bool IsUrl(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return text.StartsWith(Scheme + "://", StringComparison.OrdinalIgnoreCase) || text.StartsWith(SecureScheme + "://", StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>Reads a ClickHouse URL.</summary>
    /// <param name="url">The URL.</param>
    /// <param name="name">The declared name it is shown under, or null to show the URL without credentials.</param>
    /// <param name="problem">Why the URL is not one, without its credentials; null when it is.</param>
    /// <returns>The location, or null.</returns>
    public static ClickHouseLocation? TryParse(string url, string? name, out string? problem)
    {
        ArgumentNullException.ThrowIfNull(url);
        problem = null;
        const string Form = "write clickhouse://[user[:password]@]host[:port]/database (clickhouses:// for HTTPS)";
        if (!IsUrl(url) || !Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Host.Length == 0)
        {
            problem = $"not a ClickHouse URL: {Form}";
            return null;
        }

        var secure = string.Equals(uri.Scheme, SecureScheme, StringComparison.OrdinalIgnoreCase);
        var database = Uri.UnescapeDataString(uri.AbsolutePath.Trim('/'));
        var port = uri.IsDefaultPort || uri.Port < 0 ? (secure ? DefaultHttpsPort : DefaultHttpPort) : uri.Port;
        var shown = string.Create(CultureInfo.InvariantCulture, $"{uri.Scheme.ToLowerInvariant()}://{uri.IdnHost}:{port}/{database}");
        if (database.Length == 0 || database.Contains('/', StringComparison.Ordinal) || uri.Query.Length > 0 || uri.Fragment.Length > 0)
        {
            problem = $"'{shown}' names no single database, or has a query or fragment: {Form}";
            return null;
        }

        string? user = null;
        string? password = null;
        if (uri.UserInfo.Length > 0)
        {
            var colon = uri.UserInfo.IndexOf(':', StringComparison.Ordinal);
            user = Uri.UnescapeDataString(colon < 0 ? uri.UserInfo : uri.UserInfo[..colon]);
            password = colon < 0 ? null : Uri.UnescapeDataString(uri.UserInfo[(colon + 1)..]);
        }

        var endpoint = new UriBuilder(secure ? Uri.UriSchemeHttps : Uri.UriSchemeHttp, uri.Host, port).Uri;
        return new ClickHouseLocation(name ?? shown, endpoint, database, user, password);
    }

    /// <inheritdoc/>
    /// <remarks>Never the credentials: a location printed by accident shows its name only.</remarks>
    public override string ToString() => Display;
}
