// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using Parquet;

namespace AiOpsPolicy.Warehouse;

/// <summary>
/// What a Parquet file's footer says, read with Parquet.Net (the footer only, no row group): its key-value metadata
/// (<c>kind</c>, <c>collectedAt</c>), its columns' time units and which columns hold text. The DuckDB warehouse reads it to decide
/// whether a file may stay in DuckDB without opening a DuckDB session for files it would leave to the Parquet reader.
/// </summary>
internal sealed class ParquetFooter
{
    private readonly Dictionary<string, bool> _nanoseconds;

    private readonly HashSet<string> _text;

    private ParquetFooter(Dictionary<string, string> metadata, Dictionary<string, bool> nanoseconds, HashSet<string> text, long rows)
    {
        Metadata = metadata;
        Rows = rows;
        _nanoseconds = nanoseconds;
        _text = text;
    }

    /// <summary>Gets the file's key-value metadata.</summary>
    public IReadOnlyDictionary<string, string> Metadata { get; }

    /// <summary>Gets how many rows the file holds, as its footer says.</summary>
    public long Rows { get; }

    /// <summary>Reads the footer of a file.</summary>
    /// <param name="fullPath">The file.</param>
    /// <returns>The footer.</returns>
    /// <exception cref="Core.Evidence.EvidenceFormatException">The file cannot be read as Parquet.</exception>
    public static ParquetFooter Read(string fullPath)
    {
        using var stream = new FileStream(fullPath, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 12, FileOptions.RandomAccess);
        return ParquetFile.Run(async () =>
        {
            await using var reader = await ParquetReader.CreateAsync(stream, new ParquetOptions { TreatByteArrayAsString = true }, leaveStreamOpen: true).ConfigureAwait(false);
            var metadata = new Dictionary<string, string>(reader.CustomMetadata, StringComparer.Ordinal);
            var nanoseconds = new Dictionary<string, bool>(StringComparer.Ordinal);
            var text = new HashSet<string>(StringComparer.Ordinal);
            foreach (var element in reader.Metadata?.Schema ?? [])
            {
                if (element.Type == Parquet.Meta.Type.BYTE_ARRAY)
                {
                    text.Add(element.Name);
                }

                // INT96 (Impala's nanosecond timestamps) and TIMESTAMP(NANOS) both hold more than DuckDB's microseconds.
                var nanos = element.Type == Parquet.Meta.Type.INT96 || element.LogicalType?.TIMESTAMP?.Unit?.NANOS is not null;
                nanoseconds[element.Name] = nanoseconds.GetValueOrDefault(element.Name) || nanos;
            }

            return new ParquetFooter(metadata, nanoseconds, text, reader.Metadata?.NumRows ?? 0);
        });
    }

    /// <summary>Whether any of the named columns holds times in nanoseconds.</summary>
    /// <param name="columns">The columns.</param>
    /// <returns>True when one does.</returns>
    public bool HasNanoseconds(IEnumerable<string> columns) => columns.Any(c => _nanoseconds.GetValueOrDefault(c));

    /// <summary>Whether any of the named columns is stored as bytes (text, such as times written as ISO 8601 strings).</summary>
    /// <param name="columns">The columns.</param>
    /// <returns>True when one is.</returns>
    public bool HasText(IEnumerable<string> columns) => columns.Any(_text.Contains);
}
