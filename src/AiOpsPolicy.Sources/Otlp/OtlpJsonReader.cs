// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using System.Collections.Immutable;
using System.Globalization;
using System.Text;
using System.Text.Json;

namespace AiOpsPolicy.Sources.Otlp;

/// <summary>
/// Reads ExportTraceServiceRequest objects in the OTLP JSON encoding: one per line (what the Collector's
/// file exporter writes) or one or more pretty-printed objects. Trace and span ids are hex, 64-bit
/// integers strings or numbers, enums integers. A request that is not OTLP JSON is an error naming where it is.
/// </summary>
internal static class OtlpJsonReader
{
    /// <summary>Nested arrays and maps in attribute values go no deeper than this.</summary>
    public const int MaxDepth = 32;

    public static List<OtlpSpan> Read(ReadOnlySpan<byte> utf8)
    {
        var spans = new List<OtlpSpan>();
        var reader = new Utf8JsonReader(utf8, new JsonReaderOptions { AllowMultipleValues = true, MaxDepth = MaxDepth, CommentHandling = JsonCommentHandling.Disallow });
        while (reader.Read())
        {
            using var document = JsonDocument.ParseValue(ref reader);
            ReadRequest(document.RootElement, spans);
        }

        return spans;
    }

    private static void ReadRequest(JsonElement root, List<OtlpSpan> spans)
    {
        if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("resourceSpans", out var resourceSpans) || resourceSpans.ValueKind != JsonValueKind.Array)
        {
            throw new FormatException("an OTLP trace request is an object with resourceSpans");
        }

        foreach (var resourceSpan in resourceSpans.EnumerateArray())
        {
            var resource = resourceSpan.TryGetProperty("resource", out var r) && r.TryGetProperty("attributes", out var ra) ? Attributes(ra) : ImmutableDictionary<string, object>.Empty;
            if (!resourceSpan.TryGetProperty("scopeSpans", out var scopeSpans) || scopeSpans.ValueKind != JsonValueKind.Array)
            {
                continue;
            }

            foreach (var scopeSpan in scopeSpans.EnumerateArray())
            {
                if (!scopeSpan.TryGetProperty("spans", out var list) || list.ValueKind != JsonValueKind.Array)
                {
                    continue;
                }

                foreach (var span in list.EnumerateArray())
                {
                    spans.Add(ReadSpan(span, resource));
                }
            }
        }
    }

    private static OtlpSpan ReadSpan(JsonElement span, ImmutableDictionary<string, object> resource)
    {
        var parent = Text(span, "parentSpanId");
        return new OtlpSpan
        {
            TraceId = Id(Text(span, "traceId"), 16, "traceId"),
            SpanId = Id(Text(span, "spanId"), 8, "spanId"),
            ParentSpanId = string.IsNullOrEmpty(parent) ? null : Id(parent, 8, "parentSpanId"),
            Name = Text(span, "name") ?? string.Empty,
            StartNanos = Nanos(span, "startTimeUnixNano"),
            EndNanos = Nanos(span, "endTimeUnixNano"),
            Status = span.TryGetProperty("status", out var status) && status.TryGetProperty("code", out var code) ? StatusCode(code) : 0,
            Attributes = span.TryGetProperty("attributes", out var attributes) ? Attributes(attributes) : ImmutableDictionary<string, object>.Empty,
            ResourceAttributes = resource,
            Events = span.TryGetProperty("events", out var events) && events.ValueKind == JsonValueKind.Array
                ? [.. events.EnumerateArray().Select(e => new OtlpEvent(Text(e, "name") ?? string.Empty, Nanos(e, "timeUnixNano"), e.TryGetProperty("attributes", out var a) ? Attributes(a) : ImmutableDictionary<string, object>.Empty))]
                : [],
        };
    }

    private static int StatusCode(JsonElement code) => code.ValueKind switch
    {
        JsonValueKind.Number when code.TryGetInt32(out var n) && n is >= 0 and <= 2 => n,
        JsonValueKind.String => code.GetString() switch
        {
            "STATUS_CODE_OK" => 1,
            "STATUS_CODE_ERROR" => 2,
            _ => 0,
        },
        _ => throw new FormatException("status.code is not 0, 1 or 2"),
    };

    private static string? Text(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) ? value.ValueKind == JsonValueKind.String ? value.GetString() : throw new FormatException($"'{name}' is not text") : null;

    /// <summary>An id in hex, lower-cased and checked: a trace id is 16 bytes, a span id 8.</summary>
    internal static string Id(string? hex, int bytes, string name)
    {
        if (hex is null || hex.Length != bytes * 2 || !hex.All(char.IsAsciiHexDigit))
        {
            throw new FormatException($"'{name}' is not {bytes * 2} hex digits");
        }

        return hex.ToLowerInvariant();
    }

    private static long Nanos(JsonElement element, string name)
    {
        if (!element.TryGetProperty(name, out var value))
        {
            throw new FormatException($"'{name}' is missing");
        }

        return value.ValueKind switch
        {
            JsonValueKind.String when long.TryParse(value.GetString(), NumberStyles.None, CultureInfo.InvariantCulture, out var n) => n,
            JsonValueKind.Number when value.TryGetInt64(out var n) && n >= 0 => n,
            _ => throw new FormatException($"'{name}' is not a count of nanoseconds"),
        };
    }

    private static ImmutableDictionary<string, object> Attributes(JsonElement list)
    {
        if (list.ValueKind != JsonValueKind.Array)
        {
            throw new FormatException("attributes are not a list");
        }

        var builder = ImmutableDictionary.CreateBuilder<string, object>(StringComparer.Ordinal);
        foreach (var attribute in list.EnumerateArray())
        {
            if (Text(attribute, "key") is { } key && attribute.TryGetProperty("value", out var value) && Value(value) is { } v)
            {
                builder[key] = v;
            }
        }

        return builder.ToImmutable();
    }

    private static object? Value(JsonElement value)
    {
        if (value.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        foreach (var property in value.EnumerateObject())
        {
            switch (property.Name)
            {
                case "stringValue" when property.Value.ValueKind == JsonValueKind.String:
                    return property.Value.GetString() ?? string.Empty;
                case "boolValue" when property.Value.ValueKind is JsonValueKind.True or JsonValueKind.False:
                    return property.Value.GetBoolean();
                case "intValue" when property.Value.ValueKind == JsonValueKind.String && long.TryParse(property.Value.GetString(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var i):
                    return i;
                case "intValue" when property.Value.ValueKind == JsonValueKind.Number && property.Value.TryGetInt64(out var j):
                    return j;
                case "doubleValue" when property.Value.ValueKind == JsonValueKind.Number && property.Value.TryGetDouble(out var d):
                    return d;
                case "arrayValue" or "kvlistValue" or "bytesValue":
                    return Encoding.UTF8.GetString(JsonSerializer.SerializeToUtf8Bytes(property.Value));
            }
        }

        return null;
    }
}
