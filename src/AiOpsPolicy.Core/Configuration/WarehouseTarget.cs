// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using AiOpsPolicy.Core.Text;

namespace AiOpsPolicy.Core.Configuration;

/// <summary>
/// An evidence warehouse the operator declared under a name (<c>warehouses</c>): a ClickHouse database that
/// <c>gate --evidence NAME</c> reads. Not a record, so that nothing prints its URL (which may hold a password) by accident.
/// </summary>
public sealed class WarehouseTarget
{
    /// <summary>Initializes a new instance of the <see cref="WarehouseTarget"/> class.</summary>
    /// <param name="name">The declared name.</param>
    /// <param name="url">The <c>clickhouse://</c> URL (it may hold credentials: never shown).</param>
    /// <param name="location">Where the operator configuration declares it.</param>
    public WarehouseTarget(string name, string url, SourceLocation location)
    {
        Name = name;
        Url = url;
        Location = location;
    }

    /// <summary>Gets the name <c>--evidence</c> gives, and every message shows.</summary>
    public string Name { get; }

    /// <summary>Gets the <c>clickhouse://</c> (or <c>clickhouses://</c>) URL; it may hold credentials and is never shown.</summary>
    public string Url { get; }

    /// <summary>Gets where the operator configuration declares it.</summary>
    public SourceLocation Location { get; }

    /// <summary>The URL schemes a warehouse may be given with.</summary>
    /// <param name="url">The text.</param>
    /// <returns>True when it is a ClickHouse URL naming a host and one database.</returns>
    public static bool IsClickHouseUrl(string url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri)
        && uri.Scheme is "clickhouse" or "clickhouses"
        && uri.Host.Length > 0
        && uri.AbsolutePath.Trim('/') is { Length: > 0 } database && !database.Contains('/', StringComparison.Ordinal)
        && uri.Query.Length == 0 && uri.Fragment.Length == 0;

    /// <inheritdoc/>
    public override string ToString() => Name;
}
