// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using System.Data.Common;
using AiOpsPolicy.Core.Evidence;

namespace AiOpsPolicy.Warehouse.DuckDb;

/// <summary>
/// A kind kept in DuckDB (a Parquet file, or a table of a store) after its check passed: what every such kind shares.
/// The kind's records as of a time are <see cref="Relation"/>, a query over the source that leaves out what had not
/// happened by then; they are fetched in load order only when an expression enumerates them, up to
/// <see cref="FetchLimit"/>, and read as rows through the contract when the loader asks. Each kind adds its tallies.
/// </summary>
internal abstract class DuckDbKept : IPushedEvidence
{
    protected DuckDbKept(DuckDbSource source, long count, string display, string? collectedAt, int fetchLimit, long? asOfMicros)
    {
        Source = source;
        Count = count;
        Display = display;
        CollectedAt = collectedAt;
        FetchLimit = fetchLimit;
        AsOfMicros = asOfMicros;
    }

    /// <inheritdoc/>
    public abstract EvidenceKind Kind { get; }

    /// <inheritdoc/>
    public string Display { get; }

    /// <inheritdoc/>
    public string? CollectedAt { get; }

    /// <inheritdoc/>
    public long Count { get; }

    /// <inheritdoc/>
    public int FetchLimit { get; }

    /// <summary>Gets the source the records are read from.</summary>
    protected DuckDbSource Source { get; }

    /// <summary>Gets the last instant (Unix microseconds) a record may have happened at to be seen, or null for every record.</summary>
    protected long? AsOfMicros { get; }

    /// <summary>Gets the records as of <see cref="AsOfMicros"/>, with the columns every query of the kind reads and <c>load_order</c> (SQL).</summary>
    protected abstract string Relation { get; }

    /// <summary>Gets the columns <see cref="Fetch"/> reads from <see cref="Relation"/>, in the order <see cref="Record"/> takes them (SQL).</summary>
    protected abstract string Fetched { get; }

    /// <inheritdoc/>
    public abstract IPushedEvidence AsOf(DateTimeOffset asOf);

    /// <inheritdoc/>
    public EvidenceRecord[]? Fetch(out long count)
    {
        using var connection = Source.Open();
        count = DuckDbSession.Scalar(connection, $"SELECT count(*) FROM {Relation}");
        if (count > FetchLimit)
        {
            return null;
        }

        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {Fetched} FROM {Relation} ORDER BY load_order";
        using var reader = command.ExecuteReader();
        var records = new List<EvidenceRecord>((int)count);
        while (reader.Read())
        {
            records.Add(Record(reader));
        }

        return [.. records];
    }

    /// <inheritdoc/>
    public IEvidenceRows Rows() => Source.Table is not null
        ? new DuckDbRows(Source, EvidenceKinds.Name(Kind), CollectedAt)
        : ParquetEvidenceFormat.Instance.Open(Source.FullPath);

    /// <summary>The record of the reader's current row of <see cref="Fetched"/>.</summary>
    /// <param name="reader">The reader.</param>
    /// <returns>The record.</returns>
    protected abstract EvidenceRecord Record(DbDataReader reader);
}
