// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace AiOpsPolicy.Sources.Otlp;

/// <summary>
/// Writes spans as one line of OTLP JSON (an ExportTraceServiceRequest, the Collector file exporter's
/// format), so that what the receiver keeps is read back by the same reader as the Collector's files.
/// It keeps what the mapping reads: ids, name, times, status, attributes, events and resource attributes.
/// </summary>
internal static class OtlpJsonWriter
{
    private static readonly JsonWriterOptions Options = new() { Indented = false, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static byte[] Line(IReadOnlyList<OtlpSpan> spans)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, Options))
        {
            writer.WriteStartObject();
            writer.WriteStartArray("resourceSpans");

            // Spans of one resource share its attribute map: one resourceSpans entry per map.
            foreach (var group in spans.GroupBy(s => s.ResourceAttributes, ReferenceEqualityComparer.Instance))
            {
                writer.WriteStartObject();
                writer.WriteStartObject("resource");
                WriteAttributes(writer, ((OtlpSpan)group.First()).ResourceAttributes);
                writer.WriteEndObject();
                writer.WriteStartArray("scopeSpans");
                writer.WriteStartObject();
                writer.WriteStartArray("spans");
                foreach (var span in group.Cast<OtlpSpan>())
                {
                    WriteSpan(writer, span);
                }

                writer.WriteEndArray();
                writer.WriteEndObject();
                writer.WriteEndArray();
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        buffer.WriteByte((byte)'\n');
        return buffer.ToArray();
    }

    private static void WriteSpan(Utf8JsonWriter writer, OtlpSpan span)
    {
        writer.WriteStartObject();
        writer.WriteString("traceId", span.TraceId);
        writer.WriteString("spanId", span.SpanId);
        if (span.ParentSpanId is { } parent)
        {
            writer.WriteString("parentSpanId", parent);
        }

        writer.WriteString("name", span.Name);
        writer.WriteString("startTimeUnixNano", span.StartNanos.ToString(CultureInfo.InvariantCulture));
        writer.WriteString("endTimeUnixNano", span.EndNanos.ToString(CultureInfo.InvariantCulture));
        WriteAttributes(writer, span.Attributes);
        writer.WriteStartArray("events");
        foreach (var item in span.Events)
        {
            writer.WriteStartObject();
            writer.WriteString("timeUnixNano", item.TimeNanos.ToString(CultureInfo.InvariantCulture));
            writer.WriteString("name", item.Name);
            WriteAttributes(writer, item.Attributes);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteStartObject("status");
        writer.WriteNumber("code", span.Status);
        writer.WriteEndObject();
        writer.WriteEndObject();
    }

    private static void WriteAttributes(Utf8JsonWriter writer, IReadOnlyDictionary<string, object> attributes)
    {
        writer.WriteStartArray("attributes");
        foreach (var (key, value) in attributes.OrderBy(a => a.Key, StringComparer.Ordinal))
        {
            writer.WriteStartObject();
            writer.WriteString("key", key);
            writer.WriteStartObject("value");
            switch (value)
            {
                case bool flag:
                    writer.WriteBoolean("boolValue", flag);
                    break;
                case long whole:
                    writer.WriteString("intValue", whole.ToString(CultureInfo.InvariantCulture));
                    break;
                case double number when double.IsFinite(number):
                    writer.WriteNumber("doubleValue", number);
                    break;
                default:
                    writer.WriteString("stringValue", Convert.ToString(value, CultureInfo.InvariantCulture));
                    break;
            }

            writer.WriteEndObject();
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
    }
}
