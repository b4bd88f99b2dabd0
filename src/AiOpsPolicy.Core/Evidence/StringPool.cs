// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Unicode;

namespace AiOpsPolicy.Core.Evidence;

/// <summary>
/// Shares one string object among the records of a load for each short text that repeats: a
/// million workflow runs name a few dozen workflows, steps and outcomes, and would otherwise hold a
/// million copies of each. Bounded: once <see cref="Capacity"/> distinct texts are pooled (unique
/// ids fill it too), later new texts are allocated as usual.
/// </summary>
internal sealed class StringPool
{
    /// <summary>The most distinct texts pooled per load.</summary>
    public const int Capacity = 1 << 16;

    /// <summary>The longest text pooled, in UTF-8 bytes: names and outcomes, not descriptions.</summary>
    public const int MaxBytes = 64;

    private readonly Dictionary<string, string> _strings = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string>.AlternateLookup<ReadOnlySpan<char>> _lookup;

    public StringPool()
    {
        _lookup = _strings.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    /// <summary>Gets or sets the pool the evidence reader on this thread uses; null outside a load.</summary>
    [field: ThreadStatic]
    public static StringPool? Current { get; set; }

    /// <summary>The pooled string for a UTF-8 text, or null when it is not valid UTF-8 or too long.</summary>
    /// <param name="utf8">The text.</param>
    /// <returns>The string, or null.</returns>
    public string? Get(ReadOnlySpan<byte> utf8)
    {
        if (utf8.Length > MaxBytes)
        {
            return null;
        }

        Span<char> chars = stackalloc char[MaxBytes];
        if (Utf8.ToUtf16(utf8, chars, out _, out var written, replaceInvalidSequences: false) != System.Buffers.OperationStatus.Done)
        {
            return null;
        }

        var text = chars[..written];
        if (_lookup.TryGetValue(text, out var pooled))
        {
            return pooled;
        }

        var created = text.ToString();
        if (_strings.Count < Capacity)
        {
            _strings.Add(created, created);
        }

        return created;
    }
}

/// <summary>Reads strings through <see cref="StringPool.Current"/> when a load set one; otherwise exactly as the built-in converter.</summary>
internal sealed class PooledStringConverter : JsonConverter<string>
{
    public override string? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType == JsonTokenType.String && !reader.HasValueSequence && !reader.ValueIsEscaped
            && StringPool.Current is { } pool && pool.Get(reader.ValueSpan) is { } pooled)
        {
            return pooled;
        }

        return reader.GetString();
    }

    public override void Write(Utf8JsonWriter writer, string value, JsonSerializerOptions options) => writer.WriteStringValue(value);

    public override string ReadAsPropertyName(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.GetString() ?? string.Empty;

    public override void WriteAsPropertyName(Utf8JsonWriter writer, string value, JsonSerializerOptions options) => writer.WritePropertyName(value);
}
