// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using System.Text.Json;
using AiOpsPolicy.Core.Evidence;
using AiOpsPolicy.Core.Evidence.Contract;
using Apache.Arrow;
using Apache.Arrow.Ipc;
using Apache.Arrow.Types;

namespace AiOpsPolicy.Warehouse;

/// <summary>
/// Arrow IPC evidence files (<c>*.arrow</c>, the IPC file format, also called Feather v2), read a record batch at a time
/// with Apache.Arrow and written row by row as the JSON object the evidence contract checks, exactly as Parquet files
/// are (<see cref="ParquetEvidenceFormat"/>): columns named after fields (dotted names or struct columns for nested
/// objects), a null cell an absent field, a timestamp with a time zone an instant in UTC (one without a zone has no
/// offset and is refused), a date a day, a NaN or infinite double text for the contract to refuse, and a text column
/// of a list or object field the JSON it holds. The schema's metadata may say <c>kind</c> and <c>collectedAt</c>;
/// otherwise the kind comes from the file name. Arrow files are read into memory through the contract: DuckDB reads
/// them only through an extension, which the locked-down sessions do not load.
/// </summary>
public sealed class ArrowEvidenceFormat : IEvidenceFormat
{
    /// <summary>The one instance: the format has no state.</summary>
    public static readonly ArrowEvidenceFormat Instance = new();

    private ArrowEvidenceFormat()
    {
    }

    /// <inheritdoc/>
    public IReadOnlyList<string> Extensions { get; } = [".arrow"];

    /// <inheritdoc/>
    public IEvidenceRows Open(string fullPath)
    {
        var stream = new FileStream(fullPath, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.RandomAccess);
        try
        {
            var reader = new ArrowFileReader(stream, leaveOpen: false);
            try
            {
                return new ArrowRows(reader, Read(() => reader.Schema));
            }
            catch
            {
                reader.Dispose();
                throw;
            }
        }
        catch (Exception ex) when (ex is not (OutOfMemoryException or EvidenceFormatException))
        {
            stream.Dispose();
            throw Unreadable(ex);
        }
    }

    /// <summary>Runs a call into Apache.Arrow, turning its failures on a damaged or foreign file into the loader's file-level error.</summary>
    private static T Read<T>(Func<T> call)
    {
        try
        {
            return call();
        }
        catch (Exception ex) when (ex is not (OutOfMemoryException or EvidenceFormatException))
        {
            throw Unreadable(ex);
        }
    }

    // Apache.Arrow reports a damaged or foreign file with many exception types (its own, IOException,
    // InvalidDataException, ArgumentOutOfRangeException, ...): all mean "this file cannot be read". The diagnostic
    // (AOP1102) adds what to do; the message names the format expected, the one a re-export must write.
    private static EvidenceFormatException Unreadable(Exception ex) =>
        new($"the file could not be read as an Arrow IPC file, also called Feather v2 ({ex.Message.TrimEnd('.')})", ex);

    /// <summary>The rows of one file: one record batch in memory at a time.</summary>
    private sealed class ArrowRows : IEvidenceRows
    {
        private readonly ArrowFileReader _reader;
        private readonly ArrowColumn[] _columns;
        private readonly ColumnTree _tree;
        private RecordBatch? _batch;
        private int _index;
        private long _row;

        public ArrowRows(ArrowFileReader reader, Schema schema)
        {
            _reader = reader;
            var metadata = schema.Metadata ?? new Dictionary<string, string>();
            Kind = metadata.TryGetValue("kind", out var kind) ? kind : null;
            CollectedAt = metadata.TryGetValue("collectedAt", out var collectedAt) ? collectedAt : null;
            var columns = new List<ArrowColumn>();
            for (var i = 0; i < schema.FieldsList.Count; i++)
            {
                ArrowColumn.Add(columns, [schema.FieldsList[i].Name], schema.FieldsList[i].DataType, new[] { i });
            }

            _columns = [.. columns];
            _tree = ColumnTree.Build(_columns);
        }

        public string? Kind { get; }

        public string? CollectedAt { get; }

        public bool WriteNext(Utf8JsonWriter writer, EvidenceKindContract contract, out long row)
        {
            while (_batch is null || _index >= _batch.Length)
            {
                _batch?.Dispose();
                _batch = Read(_reader.ReadNextRecordBatch);
                if (_batch is null)
                {
                    row = _row;
                    return false;
                }

                _index = 0;
                foreach (var column in _columns)
                {
                    column.Load(_batch);
                }
            }

            _tree.Write(writer, contract, _index);
            _index++;
            row = ++_row;
            return true;
        }

        public void Dispose()
        {
            _batch?.Dispose();
            _reader.Dispose();
        }
    }

    /// <summary>One leaf column of the file (a top-level field, or a field of a struct), reading the current record batch.</summary>
    private sealed class ArrowColumn : EvidenceColumn
    {
        private readonly int[] _path;
        private readonly Action<Utf8JsonWriter, IArrowArray, int, EvidenceFieldType> _cell;
        private IArrowArray? _array;
        private IArrowArray?[] _parents = [];

        private ArrowColumn(string[] parts, int[] path, Action<Utf8JsonWriter, IArrowArray, int, EvidenceFieldType> cell)
            : base(parts)
        {
            _path = path;
            _cell = cell;
        }

        /// <summary>Adds the leaf columns of a field: itself, or each field of a struct under its name.</summary>
        public static void Add(List<ArrowColumn> columns, string[] names, IArrowType type, int[] path)
        {
            var parts = names.SelectMany(n => n.Split('.')).ToArray();
            var name = string.Join('.', names);
            if (type is StructType structType)
            {
                for (var i = 0; i < structType.Fields.Count; i++)
                {
                    Add(columns, [.. names, structType.Fields[i].Name], structType.Fields[i].DataType, [.. path, i]);
                }

                return;
            }

            columns.Add(new ArrowColumn(parts, path, Cell(name, type)));
        }

        public void Load(RecordBatch batch)
        {
            // A struct's field is null where the struct is: the parents are kept to ask.
            var parents = new IArrowArray?[_path.Length - 1];
            var array = batch.Column(_path[0]);
            for (var i = 1; i < _path.Length; i++)
            {
                parents[i - 1] = array;
                array = ((StructArray)array).Fields[_path[i]];
            }

            _parents = parents;
            _array = array;
        }

        public override bool IsNull(int index)
        {
            foreach (var parent in _parents)
            {
                if (parent!.IsNull(index))
                {
                    return true;
                }
            }

            return _array!.IsNull(index);
        }

        public override void Write(Utf8JsonWriter writer, int index, EvidenceFieldType type) => _cell(writer, _array!, index, type);

        /// <summary>How a cell of the type is written; a type no evidence field holds refuses the file, naming the column.</summary>
        private static Action<Utf8JsonWriter, IArrowArray, int, EvidenceFieldType> Cell(string name, IArrowType type) => type switch
        {
            StringType => static (w, a, i, t) => WriteText(w, ((StringArray)a).GetString(i), t),
            LargeStringType => static (w, a, i, t) => WriteText(w, ((LargeStringArray)a).GetString(i), t),
            StringViewType => static (w, a, i, t) => WriteText(w, ((StringViewArray)a).GetString(i), t),
            BooleanType => static (w, a, i, _) => w.WriteBooleanValue(((BooleanArray)a).GetValue(i)!.Value),
            Int8Type => static (w, a, i, _) => w.WriteNumberValue(((Int8Array)a).GetValue(i)!.Value),
            Int16Type => static (w, a, i, _) => w.WriteNumberValue(((Int16Array)a).GetValue(i)!.Value),
            Int32Type => static (w, a, i, _) => w.WriteNumberValue(((Int32Array)a).GetValue(i)!.Value),
            Int64Type => static (w, a, i, _) => w.WriteNumberValue(((Int64Array)a).GetValue(i)!.Value),
            UInt8Type => static (w, a, i, _) => w.WriteNumberValue(((UInt8Array)a).GetValue(i)!.Value),
            UInt16Type => static (w, a, i, _) => w.WriteNumberValue(((UInt16Array)a).GetValue(i)!.Value),
            UInt32Type => static (w, a, i, _) => w.WriteNumberValue(((UInt32Array)a).GetValue(i)!.Value),
            UInt64Type => static (w, a, i, _) => w.WriteNumberValue(((UInt64Array)a).GetValue(i)!.Value),
            FloatType => static (w, a, i, _) => WriteDouble(w, ((FloatArray)a).GetValue(i)!.Value),
            DoubleType => static (w, a, i, _) => WriteDouble(w, ((DoubleArray)a).GetValue(i)!.Value),
            Date32Type => static (w, a, i, _) => w.WriteStringValue(((Date32Array)a).GetDateOnly(i)!.Value.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)),
            Date64Type => static (w, a, i, _) => w.WriteStringValue(((Date64Array)a).GetDateOnly(i)!.Value.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)),

            // A timestamp with a zone is an instant; one without is a wall-clock reading in an unknown zone, written
            // without an offset so that the contract refuses it, as Parquet's timestamps not adjusted to UTC are.
            TimestampType timestamp => string.IsNullOrEmpty(timestamp.Timezone)
                ? static (w, a, i, _) => WriteTime(w, ((TimestampArray)a).GetTimestamp(i)!.Value.UtcDateTime, utc: false)
                : static (w, a, i, _) => WriteTime(w, ((TimestampArray)a).GetTimestamp(i)!.Value.UtcDateTime, utc: true),
            ListType or LargeListType or FixedSizeListType or ListViewType => throw new EvidenceFormatException($"the column '{name}' is a list: write a list field (addedSteps) as JSON text in a text column"),
            _ => throw new EvidenceFormatException($"the column '{name}' has the Arrow type {type.Name}, which no evidence field holds: use text, a whole number, a double, a boolean, a date or a timestamp with a time zone"),
        };
    }
}
