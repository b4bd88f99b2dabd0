// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using DuckDB.NET.Data;

namespace AiOpsPolicy.Warehouse.DuckDb;

/// <summary>One relation DuckDB reads evidence from: a Parquet file, or a table of a <c>.duckdb</c> store.</summary>
/// <param name="FullPath">The file.</param>
/// <param name="Table">The table of a store; null for a Parquet file.</param>
internal sealed record DuckDbSource(string FullPath, string? Table)
{
    /// <summary>Gets the relation as SQL; a Parquet file is read with each row's number in the file, for load order.</summary>
    public string Relation => Table is null
        ? $"read_parquet({Sql.Text(FullPath)}, file_row_number = true)"
        : $"{DuckDbSession.Store}.main.{Sql.Name(Table)}";

    /// <summary>Gets the column that orders rows as they were loaded: the row's number in the file, or the table's row id.</summary>
    public string LoadOrder => Table is null ? "file_row_number" : "rowid";

    /// <summary>Gets the columns the reader adds that are not the file's own.</summary>
    public string? Added => Table is null ? "file_row_number" : null;

    /// <summary>
    /// Gets how many rows the source holds, when that is known before any session opens (a Parquet file's footer, a store's
    /// table size), or null: it sizes the sessions (<see cref="DuckDbSession.Open"/>).
    /// </summary>
    public long? Rows { get; init; }

    /// <summary>Opens a locked-down session over the source.</summary>
    /// <param name="memoryLimit">DuckDB's memory limit for the session.</param>
    /// <returns>The connection.</returns>
    public DuckDBConnection Open(string memoryLimit = DuckDbSession.MemoryLimit) => DuckDbSession.Open(FullPath, store: Table is not null, memoryLimit, Rows);
}
