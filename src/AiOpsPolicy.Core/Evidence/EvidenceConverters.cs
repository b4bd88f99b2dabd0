// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using AiOpsPolicy.Core.Units;

namespace AiOpsPolicy.Core.Evidence;

/// <summary>
/// Reads ISO 8601 times that carry an offset. A time without one is refused: the engine will not
/// guess the time zone of a record, because a guess moves records in and out of windows.
/// </summary>
internal sealed class StrictDateTimeOffsetConverter : JsonConverter<DateTimeOffset>
{
    public override DateTimeOffset Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => ReadTime(ref reader);

    /// <summary>Reads a time (the reader is on its value): ISO 8601 with Z or an offset, nothing else.</summary>
    /// <param name="reader">The reader.</param>
    /// <returns>The time.</returns>
    public static DateTimeOffset ReadTime(ref Utf8JsonReader reader)
    {
        if (reader.TokenType != JsonTokenType.String)
        {
            throw new JsonException("expected a time as text, such as \"2026-11-28T06:00:00Z\"");
        }

        // The common case, an unescaped ISO 8601 time with Z or an offset, is parsed straight from
        // the UTF-8 bytes (no string, no culture): a million runs hold two times each.
        if (!reader.HasValueSequence && !reader.ValueIsEscaped && HasOffset(reader.ValueSpan) && reader.TryGetDateTimeOffset(out var fast))
        {
            return fast;
        }

        var text = reader.GetString() ?? string.Empty;
        if (!HasOffset(text) || !DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out var value))
        {
            throw new JsonException($"'{text}' is not an ISO 8601 time with an offset, such as \"2026-11-28T06:00:00Z\"; add Z or +hh:mm");
        }

        return value;
    }

    public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options) =>
        writer.WriteStringValue(value.ToString("O", CultureInfo.InvariantCulture));

    private static bool HasOffset(ReadOnlySpan<byte> text)
    {
        var t = text.IndexOf((byte)'T');
        if (t < 0)
        {
            return false;
        }

        var time = text[t..];
        return time.EndsWith("Z"u8) || time.EndsWith("z"u8) || time.LastIndexOfAny((byte)'+', (byte)'-') > 0;
    }

    private static bool HasOffset(string text)
    {
        var t = text.IndexOf('T', StringComparison.Ordinal);
        if (t < 0)
        {
            return false;
        }

        var time = text.AsSpan(t);
        return time.EndsWith("Z") || time.EndsWith("z") || time.LastIndexOfAny('+', '-') > 0;
    }
}

/// <summary>The nullable form of <see cref="StrictDateTimeOffsetConverter"/>.</summary>
internal sealed class NullableStrictDateTimeOffsetConverter : JsonConverter<DateTimeOffset?>
{
    private static readonly StrictDateTimeOffsetConverter Inner = new();

    public override bool HandleNull => true;

    public override DateTimeOffset? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.TokenType == JsonTokenType.Null ? null : Inner.Read(ref reader, typeof(DateTimeOffset), options);

    public override void Write(Utf8JsonWriter writer, DateTimeOffset? value, JsonSerializerOptions options)
    {
        if (value is { } v)
        {
            Inner.Write(writer, v, options);
        }
        else
        {
            writer.WriteNullValue();
        }
    }
}

/// <summary>Reads a duration written as seconds (a number) or as a duration string such as "15m".</summary>
internal sealed class DurationJsonConverter : JsonConverter<TimeSpan>
{
    public override TimeSpan Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => ReadDuration(ref reader);

    /// <summary>Reads a duration (the reader is on its value): seconds, or a duration string.</summary>
    /// <param name="reader">The reader.</param>
    /// <returns>The duration.</returns>
    public static TimeSpan ReadDuration(ref Utf8JsonReader reader)
    {
        if (reader.TokenType == JsonTokenType.Number)
        {
            var value = reader.GetDouble();
            return double.IsFinite(value) && Math.Abs(value) < TimeSpan.MaxValue.TotalSeconds / 2
                ? TimeSpan.FromSeconds(value)
                : throw new JsonException($"{value} seconds is not a duration the engine can hold");
        }

        var text = reader.TokenType == JsonTokenType.String ? reader.GetString() ?? string.Empty : string.Empty;
        if (UnitParser.TryParseDuration(text, out var duration))
        {
            return duration;
        }

        if (UnitParser.TryParseNumber(text, out var seconds) && Math.Abs(seconds) < TimeSpan.MaxValue.TotalSeconds / 2)
        {
            return TimeSpan.FromSeconds(seconds);
        }

        throw new JsonException($"'{text}' is not a duration; write seconds (90) or {UnitParser.DurationHint}");
    }

    public override void Write(Utf8JsonWriter writer, TimeSpan value, JsonSerializerOptions options) => writer.WriteNumberValue(value.TotalSeconds);
}

/// <summary>The nullable form of <see cref="DurationJsonConverter"/>.</summary>
internal sealed class NullableDurationJsonConverter : JsonConverter<TimeSpan?>
{
    private static readonly DurationJsonConverter Inner = new();

    public override bool HandleNull => true;

    public override TimeSpan? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.TokenType == JsonTokenType.Null ? null : Inner.Read(ref reader, typeof(TimeSpan), options);

    public override void Write(Utf8JsonWriter writer, TimeSpan? value, JsonSerializerOptions options)
    {
        if (value is { } v)
        {
            Inner.Write(writer, v, options);
        }
        else
        {
            writer.WriteNullValue();
        }
    }
}

/// <summary>Reads an assumptions object whose values are text, numbers or booleans, keeping each as written.</summary>
internal sealed class AssumptionsJsonConverter : JsonConverter<System.Collections.Immutable.ImmutableSortedDictionary<string, string>>
{
    public override System.Collections.Immutable.ImmutableSortedDictionary<string, string> Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        ReadAssumptions(ref reader);

    /// <summary>Reads an assumptions object (the reader is on its start).</summary>
    /// <param name="reader">The reader.</param>
    /// <returns>The assumptions, each value as written.</returns>
    public static System.Collections.Immutable.ImmutableSortedDictionary<string, string> ReadAssumptions(ref Utf8JsonReader reader)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            throw new JsonException("expected an object of assumptions, such as {\"volume\": 2000, \"wageRate\": \"38 EUR/h\"}");
        }

        var builder = System.Collections.Immutable.ImmutableSortedDictionary.CreateBuilder<string, string>(StringComparer.Ordinal);
        while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
        {
            var name = reader.GetString() ?? string.Empty;
            reader.Read();
            builder[name] = reader.TokenType switch
            {
                JsonTokenType.String => reader.GetString() ?? string.Empty,
                JsonTokenType.Number => System.Text.Encoding.UTF8.GetString(reader.ValueSpan),
                JsonTokenType.True => "true",
                JsonTokenType.False => "false",
                _ => throw new JsonException($"assumption '{name}' must be text, a number or true/false"),
            };
        }

        return builder.ToImmutable();
    }

    public override void Write(Utf8JsonWriter writer, System.Collections.Immutable.ImmutableSortedDictionary<string, string> value, JsonSerializerOptions options)
    {
        writer.WriteStartObject();
        foreach (var (key, text) in value)
        {
            writer.WriteString(key, text);
        }

        writer.WriteEndObject();
    }
}
