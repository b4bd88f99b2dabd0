// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using System.Globalization;

namespace AiOpsPolicy.Core.Tests.Metrics.Differential;

/// <summary>
/// An evidence record as the harness writes it: field name to value, with no link to the engine's
/// record types, so that the reference implementations read exactly what was written. Values are
/// <see cref="string"/>, <see cref="long"/> (whole numbers), <see cref="double"/>, <see cref="bool"/>,
/// <see cref="DateTimeOffset"/> (times), <see cref="DateOnly"/> (days), <see cref="TimeSpan"/>
/// (durations), <see cref="Rec"/> (objects), <see cref="List{Rec}"/> (lists of objects),
/// <see cref="Raw"/> (text written as it is, for planted invalid values) or null (written as null:
/// an optional field that reads as absent).
/// </summary>
internal sealed class Rec
{
    public Dictionary<string, object?> Fields { get; } = new(StringComparer.Ordinal);

    public object? this[string field]
    {
        get => Fields.GetValueOrDefault(field);
        set => Fields[field] = value;
    }

    public bool Has(string field) => Fields.TryGetValue(field, out var value) && value is not null;

    public DateTimeOffset Time(string field) => (DateTimeOffset)Fields[field]!;

    public DateTimeOffset? OptTime(string field) => Fields.GetValueOrDefault(field) as DateTimeOffset?;

    public string Text(string field) => (string)Fields[field]!;

    public string? OptText(string field) => Fields.GetValueOrDefault(field) as string;

    public double Num(string field) => Convert.ToDouble(Fields[field], CultureInfo.InvariantCulture);

    public long Int(string field) => (long)Fields[field]!;

    public bool Bool(string field) => (bool)Fields[field]!;

    public DateOnly Day(string field) => (DateOnly)Fields[field]!;

    public TimeSpan Dur(string field) => (TimeSpan)Fields[field]!;

    public TimeSpan? OptDur(string field) => Fields.GetValueOrDefault(field) as TimeSpan?;

    public Rec? Obj(string field) => Fields.GetValueOrDefault(field) as Rec;

    public List<Rec>? List(string field) => Fields.GetValueOrDefault(field) as List<Rec>;

    /// <summary>A deep copy, so that a duplicate can be varied without touching the original.</summary>
    public Rec Clone()
    {
        var copy = new Rec();
        foreach (var (name, value) in Fields)
        {
            copy.Fields[name] = value switch
            {
                Rec nested => nested.Clone(),
                List<Rec> list => list.Select(r => r.Clone()).ToList(),
                _ => value,
            };
        }

        return copy;
    }

    public static Rec Of(params (string Name, object? Value)[] fields)
    {
        var rec = new Rec();
        foreach (var (name, value) in fields)
        {
            rec.Fields[name] = value;
        }

        return rec;
    }
}

/// <summary>A value written exactly as given: JSON text, and the cell text for CSV.</summary>
/// <param name="Json">The JSON text.</param>
/// <param name="Cell">The CSV cell's text.</param>
internal sealed record Raw(string Json, string Cell);
