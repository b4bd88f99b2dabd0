// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using System.Text.Json;
using AiOpsPolicy.Core.Evidence;
using AiOpsPolicy.Core.Evidence.Contract;
using Parquet;

namespace AiOpsPolicy.Warehouse;

/// <summary>
/// Parquet evidence files (<c>*.parquet</c>), read a row group at a time with Parquet.Net. Each row becomes the
/// JSON object the evidence contract checks: columns named after fields (dotted names or struct columns for
/// nested objects, <c>groups.en.accuracy</c>), a null cell is an absent field, timestamps stored in UTC are
/// written with <c>Z</c> (one stored as local time has no offset and is refused like any time without one), a
/// NaN or infinite double is written as text for the contract to refuse with its value, and a text column of a
/// list or object field (<c>addedSteps</c>, <c>assumptions</c>) holds that value as JSON text. The file's
/// key-value metadata may say <c>kind</c> and <c>collectedAt</c>; otherwise the kind comes from the file name.
/// </summary>
public sealed class ParquetEvidenceFormat : IEvidenceFormat
{
    /// <summary>The one instance: the format has no state.</summary>
    public static readonly ParquetEvidenceFormat Instance = new();

    private ParquetEvidenceFormat()
    {
    }

    /// <inheritdoc/>
    public IReadOnlyList<string> Extensions { get; } = [".parquet"];

    /// <inheritdoc/>
    public IEvidenceRows Open(string fullPath)
    {
        var stream = new FileStream(fullPath, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.RandomAccess);
        try
        {
            var reader = ParquetFile.Run(() => ParquetReader.CreateAsync(stream, new ParquetOptions { UseDateOnlyTypeForDates = true, TreatByteArrayAsString = true }, leaveStreamOpen: true));
            return new ParquetRows(stream, reader);
        }
        catch
        {
            stream.Dispose();
            throw;
        }
    }

    /// <summary>The rows of one file: one row group's columns in memory at a time.</summary>
    private sealed class ParquetRows : IEvidenceRows
    {
        private readonly FileStream _stream;
        private readonly ParquetReader _reader;
        private readonly ParquetColumn[] _columns;
        private readonly ColumnTree _tree;
        private int _group = -1;
        private int _index;
        private int _count;
        private long _row;

        public ParquetRows(FileStream stream, ParquetReader reader)
        {
            _stream = stream;
            _reader = reader;
            var metadata = reader.CustomMetadata;
            Kind = metadata.TryGetValue("kind", out var kind) ? kind : null;
            CollectedAt = metadata.TryGetValue("collectedAt", out var collectedAt) ? collectedAt : null;
            var fields = reader.Schema.GetDataFields();
            _columns = new ParquetColumn[fields.Length];
            for (var i = 0; i < fields.Length; i++)
            {
                _columns[i] = ParquetColumn.For(fields[i]);
            }

            _tree = ColumnTree.Build(_columns);
        }

        public string? Kind { get; }

        public string? CollectedAt { get; }

        public bool WriteNext(Utf8JsonWriter writer, EvidenceKindContract contract, out long row)
        {
            while (_index >= _count)
            {
                if (_group + 1 >= _reader.RowGroupCount)
                {
                    row = _row;
                    return false;
                }

                _group++;
                using var group = _reader.OpenRowGroupReader(_group);
                _count = checked((int)group.RowCount);
                _index = 0;
                foreach (var column in _columns)
                {
                    column.Load(group, _count);
                }
            }

            _tree.Write(writer, contract, _index);
            _index++;
            row = ++_row;
            return true;
        }

        public void Dispose()
        {
            _reader.DisposeAsync().AsTask().GetAwaiter().GetResult();
            _stream.Dispose();
        }
    }
}

/// <summary>Runs Parquet.Net's asynchronous calls to completion and turns its failures into the loader's file-level error.</summary>
internal static class ParquetFile
{
    public static T Run<T>(Func<Task<T>> call)
    {
        try
        {
            return call().GetAwaiter().GetResult();
        }
        catch (Exception ex) when (ex is not (OutOfMemoryException or EvidenceFormatException))
        {
            throw Unreadable(ex);
        }
    }

    // Parquet.Net reports a damaged or foreign file with many exception types (its own, IOException,
    // InvalidDataException, IndexOutOfRangeException from a corrupt page, ...): all mean "this file
    // cannot be read", which is the file's problem and never the end of the process. What to do (fix or re-export
    // the file) is the diagnostic's own advice (AOP1102), so the message only says what is wrong.
    private static EvidenceFormatException Unreadable(Exception ex) =>
        new($"the file could not be read as Parquet ({ex.Message.TrimEnd('.')})", ex);
}
