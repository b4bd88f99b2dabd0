// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using System.Globalization;
using System.Text.Json;
using AiOpsPolicy.Core.Evidence;
using AiOpsPolicy.Core.Evidence.Contract;
using Parquet;
using Parquet.Schema;

namespace AiOpsPolicy.Warehouse;

/// <summary>One Parquet column: the values of the current row group, written into a row's JSON object.</summary>
internal abstract class ParquetColumn : EvidenceColumn
{
    protected ParquetColumn(DataField field)
        : base([.. field.Path.ToList().SelectMany(p => p.Split('.'))])
    {
        Field = field;
    }

    protected DataField Field { get; }

    /// <summary>Makes the column reader for a field of the file's schema.</summary>
    public static ParquetColumn For(DataField field)
    {
        var name = string.Join('.', field.Path.ToList());
        if (field.IsArray || field.MaxRepetitionLevel > 0)
        {
            throw new EvidenceFormatException($"the column '{name}' is a list: write a list field (addedSteps) as JSON text in a text column");
        }

        var type = field.ClrType;
        if (type == typeof(string) || type == typeof(ReadOnlyMemory<char>))
        {
            return new TextColumn(field);
        }

        if (type == typeof(DateTime))
        {
            // A timestamp Parquet says is adjusted to UTC is an instant; one that is not is a wall-clock
            // reading in an unknown zone, written without an offset so that the contract refuses it.
            var utc = field is not DateTimeDataField { IsAdjustedToUTC: false };
            return new ValueColumn<DateTime>(field, (w, v, _) => WriteTime(w, v, utc));
        }

        return type switch
        {
            _ when type == typeof(bool) => new ValueColumn<bool>(field, (w, v, _) => w.WriteBooleanValue(v)),
            _ when type == typeof(int) => new ValueColumn<int>(field, (w, v, _) => w.WriteNumberValue(v)),
            _ when type == typeof(long) => new ValueColumn<long>(field, (w, v, _) => w.WriteNumberValue(v)),
            _ when type == typeof(short) => new ValueColumn<short>(field, (w, v, _) => w.WriteNumberValue(v)),
            _ when type == typeof(sbyte) => new ValueColumn<sbyte>(field, (w, v, _) => w.WriteNumberValue(v)),
            _ when type == typeof(byte) => new ValueColumn<byte>(field, (w, v, _) => w.WriteNumberValue(v)),
            _ when type == typeof(ushort) => new ValueColumn<ushort>(field, (w, v, _) => w.WriteNumberValue(v)),
            _ when type == typeof(uint) => new ValueColumn<uint>(field, (w, v, _) => w.WriteNumberValue(v)),
            _ when type == typeof(ulong) => new ValueColumn<ulong>(field, (w, v, _) => w.WriteNumberValue(v)),
            _ when type == typeof(decimal) => new ValueColumn<decimal>(field, (w, v, _) => w.WriteNumberValue(v)),
            _ when type == typeof(double) => new ValueColumn<double>(field, (w, v, _) => WriteDouble(w, v)),
            _ when type == typeof(float) => new ValueColumn<float>(field, (w, v, _) => WriteDouble(w, v)),
            _ when type == typeof(DateOnly) => new ValueColumn<DateOnly>(field, (w, v, _) => w.WriteStringValue(v.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture))),
            _ => throw new EvidenceFormatException($"the column '{name}' has the Parquet type {type.Name}, which no evidence field holds: use text, a whole number, a double, a boolean, a date or a UTC timestamp"),
        };
    }

    /// <summary>Reads the column's values of a row group.</summary>
    public abstract void Load(ParquetRowGroupReader group, int count);


    private sealed class ValueColumn<T> : ParquetColumn
        where T : struct
    {
        private readonly Action<Utf8JsonWriter, T, EvidenceFieldType> _write;
        private T?[] _values = [];

        public ValueColumn(DataField field, Action<Utf8JsonWriter, T, EvidenceFieldType> write)
            : base(field) => _write = write;

        public override void Load(ParquetRowGroupReader group, int count)
        {
            if (_values.Length < count)
            {
                _values = new T?[count];
            }

            var values = _values.AsMemory(0, count);
            ParquetFile.Run(async () =>
            {
                await group.ReadAsync<T>(Field, values).ConfigureAwait(false);
                return 0;
            });
        }

        public override bool IsNull(int index) => !_values[index].HasValue;

        public override void Write(Utf8JsonWriter writer, int index, EvidenceFieldType type) => _write(writer, _values[index]!.Value, type);
    }

    private sealed class TextColumn : ParquetColumn
    {
        private string?[] _values = [];

        public TextColumn(DataField field)
            : base(field)
        {
        }

        public override void Load(ParquetRowGroupReader group, int count)
        {
            if (_values.Length < count)
            {
                _values = new string?[count];
            }

            var values = _values.AsMemory(0, count);
            ParquetFile.Run(async () =>
            {
                await group.ReadAsync(Field, values!).ConfigureAwait(false);
                return 0;
            });
        }

        public override bool IsNull(int index) => _values[index] is null;

        public override void Write(Utf8JsonWriter writer, int index, EvidenceFieldType type) => WriteText(writer, _values[index]!, type);
    }
}
