// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

namespace AiOpsPolicy.Warehouse.ClickHouse;

/// <summary>
/// One table of a ClickHouse evidence database (a <c>MergeTree</c> table, or a <c>Distributed</c> table over shards),
/// with its columns in declaration order. ClickHouse keeps no insertion order, least of all across shards: rows are
/// read ordered by every column in turn (<see cref="LoadOrder"/>), so that the same rows come back in the same order
/// from one server or from two shards.
/// </summary>
/// <param name="Location">The database.</param>
/// <param name="Name">The table.</param>
/// <param name="Columns">The columns.</param>
internal sealed record ClickHouseTable(ClickHouseLocation Location, string Name, IReadOnlyList<ClickHouseColumn> Columns)
{
    /// <summary>Gets the table as SQL, qualified by its database.</summary>
    public string Relation => $"{ClickHouseSql.Name(Location.Database)}.{ClickHouseSql.Name(Name)}";

    /// <summary>Gets the display name of the table: the location's, then <c>#table</c>.</summary>
    public string Display => $"{Location.Display}#{Name}";

    /// <summary>Gets the ORDER BY list rows are read in.</summary>
    public string LoadOrder => Columns.Count == 0 ? "tuple()" : string.Join(", ", Columns.Select(c => ClickHouseSql.Name(c.Name)));

    /// <summary>
    /// Gets an expression of a row's checksum over every column (its text, NULL as <c>\N</c>); summed, in 64-bit
    /// arithmetic that wraps, it stands for the table's content in the evidence digest whatever the rows' order.
    /// </summary>
    public string RowHash => Columns.Count == 0
        ? "toUInt64(0)"
        : $"cityHash64({string.Join(", ", Columns.Select(c => $"ifNull(toString({ClickHouseSql.Name(c.Name)}), '\\\\N')"))})";

    /// <summary>Reads a table's columns.</summary>
    /// <param name="location">The database.</param>
    /// <param name="name">The table.</param>
    /// <returns>The table.</returns>
    public static ClickHouseTable Describe(ClickHouseLocation location, string name)
    {
        var relation = $"{ClickHouseSql.Name(location.Database)}.{ClickHouseSql.Name(name)}";
        var columns = ClickHouseHttp.QueryAll(location, $"DESCRIBE TABLE {relation}")
            .Where(row => row.Length >= 2 && row[0] is not null && row[1] is not null)
            .Select(row => ClickHouseColumn.Of(row[0] ?? string.Empty, row[1] ?? string.Empty))
            .ToList();
        return new ClickHouseTable(location, name, columns);
    }
}

/// <summary>A column: its name and ClickHouse type, with the type's <c>Nullable(...)</c> and <c>LowCardinality(...)</c> taken off.</summary>
/// <param name="Name">The name.</param>
/// <param name="Type">The type as declared.</param>
/// <param name="Base">The type without its wrappers.</param>
/// <param name="Nullable">Whether it holds NULLs.</param>
internal sealed record ClickHouseColumn(string Name, string Type, string Base, bool Nullable)
{
    private static readonly HashSet<string> WholeNumbers = new(StringComparer.Ordinal) { "Int8", "Int16", "Int32", "Int64", "UInt8", "UInt16", "UInt32", "UInt64" };

    /// <summary>Gets whether the column holds whole numbers.</summary>
    public bool IsWhole => WholeNumbers.Contains(Base);

    /// <summary>Gets whether the column holds text.</summary>
    public bool IsText => Base == "String" || Base.StartsWith("FixedString(", StringComparison.Ordinal);

    /// <summary>Gets whether the column is a <c>DateTime</c> (whole seconds, UTC in the number it stores).</summary>
    public bool IsDateTime => Base == "DateTime" || Base.StartsWith("DateTime(", StringComparison.Ordinal);

    /// <summary>Reads a column from <c>DESCRIBE</c>.</summary>
    /// <param name="name">The name.</param>
    /// <param name="type">The type.</param>
    /// <returns>The column.</returns>
    public static ClickHouseColumn Of(string name, string type)
    {
        var inner = type;
        var nullable = false;
        while (true)
        {
            if (inner.StartsWith("Nullable(", StringComparison.Ordinal) && inner.EndsWith(')'))
            {
                inner = inner["Nullable(".Length..^1];
                nullable = true;
            }
            else if (inner.StartsWith("LowCardinality(", StringComparison.Ordinal) && inner.EndsWith(')'))
            {
                inner = inner["LowCardinality(".Length..^1];
            }
            else
            {
                break;
            }
        }

        return new ClickHouseColumn(name, type, inner, nullable);
    }
}
