// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using System.Collections.Immutable;
using Google.Protobuf;
using OpenTelemetry.Proto.Collector.Trace.V1;
using OpenTelemetry.Proto.Common.V1;

namespace AiOpsPolicy.Sources.Otlp;

/// <summary>Reads an ExportTraceServiceRequest in protobuf (OTLP/HTTP <c>application/x-protobuf</c>) with the generated message classes.</summary>
internal static class OtlpProtobufReader
{
    public static List<OtlpSpan> Read(byte[] body)
    {
        var request = ExportTraceServiceRequest.Parser.ParseFrom(body);
        var spans = new List<OtlpSpan>();
        foreach (var resourceSpans in request.ResourceSpans)
        {
            var resource = Attributes(resourceSpans.Resource?.Attributes ?? []);
            foreach (var scopeSpans in resourceSpans.ScopeSpans)
            {
                foreach (var span in scopeSpans.Spans)
                {
                    spans.Add(new OtlpSpan
                    {
                        TraceId = OtlpJsonReader.Id(Convert.ToHexStringLower(span.TraceId.Span), 16, "traceId"),
                        SpanId = OtlpJsonReader.Id(Convert.ToHexStringLower(span.SpanId.Span), 8, "spanId"),
                        ParentSpanId = span.ParentSpanId.IsEmpty ? null : OtlpJsonReader.Id(Convert.ToHexStringLower(span.ParentSpanId.Span), 8, "parentSpanId"),
                        Name = span.Name,
                        StartNanos = checked((long)span.StartTimeUnixNano),
                        EndNanos = checked((long)span.EndTimeUnixNano),
                        Status = span.Status is null ? 0 : (int)span.Status.Code is var code and >= 0 and <= 2 ? code : 0,
                        Attributes = Attributes(span.Attributes),
                        ResourceAttributes = resource,
                        Events = [.. span.Events.Select(e => new OtlpEvent(e.Name, checked((long)e.TimeUnixNano), Attributes(e.Attributes)))],
                    });
                }
            }
        }

        return spans;
    }

    private static ImmutableDictionary<string, object> Attributes(IEnumerable<KeyValue> list)
    {
        var builder = ImmutableDictionary.CreateBuilder<string, object>(StringComparer.Ordinal);
        foreach (var attribute in list)
        {
            object? value = attribute.Value?.ValueCase switch
            {
                AnyValue.ValueOneofCase.StringValue => attribute.Value.StringValue,
                AnyValue.ValueOneofCase.BoolValue => attribute.Value.BoolValue,
                AnyValue.ValueOneofCase.IntValue => attribute.Value.IntValue,
                AnyValue.ValueOneofCase.DoubleValue => attribute.Value.DoubleValue,
                AnyValue.ValueOneofCase.ArrayValue or AnyValue.ValueOneofCase.KvlistValue or AnyValue.ValueOneofCase.BytesValue => JsonFormatter.Default.Format(attribute.Value),
                _ => null,
            };
            if (value is not null)
            {
                builder[attribute.Key] = value;
            }
        }

        return builder.ToImmutable();
    }
}
