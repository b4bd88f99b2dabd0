// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using System.Collections.Immutable;
using System.Globalization;
using System.Text;
using System.Text.Json;
using AiOpsPolicy.Core.Units;

namespace AiOpsPolicy.Core.Evidence.Contract;

/// <summary>One problem with one field of a record: which field, what is wrong, and what is allowed.</summary>
/// <param name="Field">The field's path (<c>errorRate</c>, <c>groups.en.accuracy</c>, <c>addedSteps[1].minutes</c>); empty for the record as a whole.</param>
/// <param name="Reason">What is wrong, naming the value.</param>
/// <param name="Allowed">What a valid value looks like.</param>
public sealed record EvidenceFieldProblem(string Field, string Reason, string Allowed)
{
    /// <summary>
    /// Gets the problem as one sentence: field, reason and what is allowed (left out when the reason already ends with it,
    /// as in "'x y' is not a kebab-case name such as ticket-triage").
    /// </summary>
    public string Text => Field.Length == 0 ? $"{Reason}{Suffix("expected ")}"
        : Reason.StartsWith($"field '{Field}'", StringComparison.Ordinal) ? $"{Reason}{Suffix("allowed: ")}"
        : $"field '{Field}': {Reason}{Suffix("allowed: ")}";

    private string Suffix(string lead) => Reason.EndsWith(" " + Allowed, StringComparison.Ordinal) ? string.Empty : $" ({lead}{Allowed})";
}

/// <summary>
/// Checks one record's JSON against its kind's <see cref="EvidenceKindContract"/>, field by field,
/// without building the record: unknown and repeated fields, missing required ones, wrong types,
/// values outside the allowed words or range, NaN and infinities, times without an offset. Every
/// reader (JSON and YAML envelopes, NDJSON, CSV) runs every record through this one check.
/// </summary>
public static class EvidenceRecordValidator
{
    /// <summary>Checks a record.</summary>
    /// <param name="json">The record's UTF-8 JSON (one object).</param>
    /// <param name="contract">The kind's contract.</param>
    /// <param name="problems">Where problems are added.</param>
    /// <param name="hasNulls">Set when an optional field is written as null (read as absent).</param>
    /// <returns>True when the record follows the contract.</returns>
    /// <exception cref="JsonException">The text is not well-formed JSON.</exception>
    public static bool Validate(ReadOnlySpan<byte> json, EvidenceKindContract contract, List<EvidenceFieldProblem> problems, out bool hasNulls)
    {
        ArgumentNullException.ThrowIfNull(contract);
        ArgumentNullException.ThrowIfNull(problems);
        var before = problems.Count;
        var reader = new Utf8JsonReader(json, new JsonReaderOptions { MaxDepth = 64 });
        hasNulls = false;
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            problems.Add(new(string.Empty, $"the record is {Describe(ref reader)}, not an object", $"an object with the fields of {contract.Name}: {string.Join(", ", contract.Fields.Select(f => f.Name))}"));
            return false;
        }

        hasNulls = ValidateObject(ref reader, contract.Fields, string.Empty, contract.Name, problems);
        return problems.Count == before;
    }

    /// <summary>Checks the object the reader is at (on its start), returning whether an optional field was null.</summary>
    private static bool ValidateObject(ref Utf8JsonReader reader, ImmutableArray<EvidenceField> fields, string prefix, string what, List<EvidenceFieldProblem> problems)
    {
        var seen = 0UL;
        var nulls = false;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var index = -1;
            for (var i = 0; i < fields.Length; i++)
            {
                if (reader.ValueTextEquals(fields[i].Utf8Name))
                {
                    index = i;
                    break;
                }
            }

            if (index < 0)
            {
                var unknown = reader.GetString() ?? string.Empty;
                reader.Read();
                reader.Skip();
                problems.Add(new(prefix + unknown, $"'{unknown}' is not a field of {what}", "the fields " + string.Join(", ", fields.Select(f => f.Name))));
                continue;
            }

            var field = fields[index];
            var path = prefix + field.Name;
            reader.Read();
            if ((seen & (1UL << index)) != 0)
            {
                reader.Skip();
                problems.Add(new(path, "the field is written twice", "one value per field"));
                continue;
            }

            seen |= 1UL << index;
            if (reader.TokenType == JsonTokenType.Null)
            {
                if (field.Required)
                {
                    problems.Add(new(path, "the required field is null", field.Allowed));
                }
                else
                {
                    nulls = true;
                }

                continue;
            }

            ValidateValue(ref reader, field, path, problems);
        }

        for (var i = 0; i < fields.Length; i++)
        {
            if (fields[i].Required && (seen & (1UL << i)) == 0)
            {
                problems.Add(new(prefix + fields[i].Name, "the required field is missing", fields[i].Allowed));
            }
        }

        return nulls;
    }

    private static void ValidateValue(ref Utf8JsonReader reader, EvidenceField field, string path, List<EvidenceFieldProblem> problems)
    {
        string? reason = field.Type switch
        {
            EvidenceFieldType.Text => CheckText(ref reader, field),
            EvidenceFieldType.Time => CheckTime(ref reader),
            EvidenceFieldType.Day => CheckDay(ref reader),
            EvidenceFieldType.Duration => CheckDuration(ref reader),
            EvidenceFieldType.Number => CheckNumber(ref reader, field),
            EvidenceFieldType.WholeNumber => CheckInteger(ref reader, field),
            EvidenceFieldType.Boolean => reader.TokenType is JsonTokenType.True or JsonTokenType.False ? null : $"{Describe(ref reader)} is not true or false",
            EvidenceFieldType.Choice => CheckChoice(ref reader, field),
            EvidenceFieldType.Scalar => reader.TokenType switch
            {
                JsonTokenType.String or JsonTokenType.True or JsonTokenType.False => null,
                JsonTokenType.Number => reader.TryGetDouble(out var d) && Math.Abs(d) <= EvidenceField.MaxMagnitude ? null : $"{Describe(ref reader)} is beyond 10^15 (overflow)",
                _ => $"{Describe(ref reader)} is not text, a number or true/false",
            },
            EvidenceFieldType.Map => null,
            _ => null,
        };

        if (field.Type == EvidenceFieldType.Map)
        {
            if (reader.TokenType != JsonTokenType.StartObject)
            {
                reason = $"{Describe(ref reader)} is not an object";
            }
            else
            {
                var item = field.Item!;
                while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
                {
                    var name = reader.GetString() ?? string.Empty;
                    reader.Read();
                    if (reader.TokenType == JsonTokenType.Null)
                    {
                        problems.Add(new($"{path}.{name}", "the value is null", item.Allowed));
                        continue;
                    }

                    ValidateValue(ref reader, item, $"{path}.{name}", problems);
                }
            }
        }
        else if (field.Type == EvidenceFieldType.List)
        {
            if (reader.TokenType != JsonTokenType.StartArray)
            {
                reason = $"{Describe(ref reader)} is not a list";
            }
            else
            {
                var index = 0;
                while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                {
                    var itemPath = $"{path}[{index++}]";
                    if (reader.TokenType != JsonTokenType.StartObject)
                    {
                        problems.Add(new(itemPath, $"{Describe(ref reader)} is not an object", field.Allowed));
                        reader.Skip();
                        continue;
                    }

                    if (ValidateObject(ref reader, field.Fields, itemPath + ".", $"an item of {path}", problems))
                    {
                        problems.Add(new(itemPath, "a field of the item is null", "every field of an item written out"));
                    }
                }
            }
        }

        if (reason is not null)
        {
            reader.Skip();
            problems.Add(new(path, reason, field.Allowed));
        }
    }

    private static string? CheckText(ref Utf8JsonReader reader, EvidenceField field)
    {
        if (reader.TokenType != JsonTokenType.String)
        {
            return $"{Describe(ref reader)} is not text";
        }

        if (field.Pattern == EvidenceField.KebabCase && !reader.ValueIsEscaped && !reader.HasValueSequence)
        {
            // The hot case (workflow names on a million runs): checked on the bytes, no string built.
            return IsKebab(reader.ValueSpan) ? null : $"{Describe(ref reader)} is not {field.Allowed}";
        }

        if (field.Pattern is null && !reader.ValueIsEscaped && !reader.HasValueSequence)
        {
            return reader.ValueSpan.Length >= field.MinLength ? null : "the text is empty";
        }

        var text = reader.GetString() ?? string.Empty;
        if (text.Length < field.MinLength)
        {
            return "the text is empty";
        }

        return field.Regex is { } regex && !regex.IsMatch(text) ? $"{Quote(text)} is not {field.Allowed}" : null;
    }

    private static string? CheckTime(ref Utf8JsonReader reader)
    {
        if (reader.TokenType != JsonTokenType.String)
        {
            return $"{Describe(ref reader)} is not a time written as text";
        }

        var bytes = reader.ValueIsEscaped || reader.HasValueSequence ? Encoding.UTF8.GetBytes(reader.GetString() ?? string.Empty) : reader.ValueSpan;
        if (!EvidenceTimes.IsTimeShape(bytes))
        {
            return EvidenceTimes.LacksOffset(bytes)
                ? $"{Describe(ref reader)} has no offset; add Z or +hh:mm, the engine will not guess a time zone"
                : $"{Describe(ref reader)} is not an ISO 8601 time";
        }

        return EvidenceTimes.IsCertainlyValidTime(bytes) || reader.TryGetDateTimeOffset(out _) ? null : $"{Describe(ref reader)} is not a valid time (day, hour or offset out of range)";
    }

    private static string? CheckDay(ref Utf8JsonReader reader)
    {
        if (reader.TokenType != JsonTokenType.String)
        {
            return $"{Describe(ref reader)} is not a day written as text";
        }

        var text = reader.GetString() ?? string.Empty;
        return EvidenceTimes.IsDayShape(text) && DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _)
            ? null
            : $"{Quote(text)} is not a valid day";
    }

    private static string? CheckDuration(ref Utf8JsonReader reader)
    {
        if (reader.TokenType == JsonTokenType.Number)
        {
            return !reader.TryGetDouble(out var seconds) || !double.IsFinite(seconds) ? $"{Describe(ref reader)} is not a finite number"
                : seconds < 0 ? $"{Describe(ref reader)} is negative"
                : seconds >= EvidenceTimes.MaxDurationSeconds ? $"{Describe(ref reader)} seconds is longer than the engine can hold"
                : null;
        }

        if (reader.TokenType != JsonTokenType.String)
        {
            return $"{Describe(ref reader)} is not a duration";
        }

        var text = reader.GetString() ?? string.Empty;
        return !EvidenceTimes.IsDurationShape(text) ? $"{Quote(text)} is not a duration"
            : !UnitParser.TryParseDuration(text, out var duration) || duration.TotalSeconds >= EvidenceTimes.MaxDurationSeconds ? $"{Quote(text)} is longer than the engine can hold"
            : null;
    }

    private static string? CheckNumber(ref Utf8JsonReader reader, EvidenceField field)
    {
        if (reader.TokenType != JsonTokenType.Number)
        {
            return $"{Describe(ref reader)} is not a number";
        }

        if (!reader.TryGetDouble(out var value) || !double.IsFinite(value))
        {
            return $"{Describe(ref reader)} is beyond the range of a number (NaN and infinities are not numbers)";
        }

        return OutOfRange(ref reader, field, value);
    }

    private static string? CheckInteger(ref Utf8JsonReader reader, EvidenceField field)
    {
        if (reader.TokenType != JsonTokenType.Number)
        {
            return $"{Describe(ref reader)} is not a whole number";
        }

        if (!reader.TryGetInt64(out var value))
        {
            return reader.TryGetDouble(out var d) && double.IsFinite(d) && Math.Abs(d) < 9e18 && d != Math.Floor(d)
                ? $"{Describe(ref reader)} is not a whole number"
                : $"{Describe(ref reader)} is out of range";
        }

        return OutOfRange(ref reader, field, value);
    }

    private static string? OutOfRange(ref Utf8JsonReader reader, EvidenceField field, double value) =>
        value < field.EffectiveMinimum ? $"{Describe(ref reader)} is {(field.EffectiveMinimum == 0 ? "negative" : "too small (overflow)")}"
        : value > field.EffectiveMaximum ? $"{Describe(ref reader)} is too large{(field.Maximum is null ? " (overflow)" : string.Empty)}"
        : null;

    private static string? CheckChoice(ref Utf8JsonReader reader, EvidenceField field)
    {
        if (reader.TokenType != JsonTokenType.String)
        {
            return $"{Describe(ref reader)} is not one of the allowed words";
        }

        foreach (var value in field.Values)
        {
            if (reader.ValueTextEquals(value))
            {
                return null;
            }
        }

        return $"{Describe(ref reader)} is not an allowed value";
    }

    private static bool IsKebab(ReadOnlySpan<byte> text)
    {
        if (text.IsEmpty || text[0] is < (byte)'a' or > (byte)'z' || text[^1] == '-')
        {
            return false;
        }

        for (var i = 1; i < text.Length; i++)
        {
            var c = text[i];
            var ok = c is >= (byte)'a' and <= (byte)'z' or >= (byte)'0' and <= (byte)'9' || (c == '-' && text[i - 1] != '-');
            if (!ok)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The value the reader is at, quoted and shortened for a message.</summary>
    private static string Describe(ref Utf8JsonReader reader) => reader.TokenType switch
    {
        JsonTokenType.String => Quote(reader.GetString() ?? string.Empty),
        JsonTokenType.Number => Shorten(Encoding.UTF8.GetString(reader.HasValueSequence ? System.Buffers.BuffersExtensions.ToArray(reader.ValueSequence) : reader.ValueSpan.ToArray())),
        JsonTokenType.True => "true",
        JsonTokenType.False => "false",
        JsonTokenType.Null => "null",
        JsonTokenType.StartObject => "an object",
        JsonTokenType.StartArray => "a list",
        _ => "nothing",
    };

    private static string Quote(string text) => "'" + Shorten(text) + "'";

    private static string Shorten(string text) => text.Length <= 60 ? text : text[..57] + "...";
}
