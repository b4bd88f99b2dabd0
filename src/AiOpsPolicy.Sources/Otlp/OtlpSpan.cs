// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using System.Collections.Immutable;

namespace AiOpsPolicy.Sources.Otlp;

/// <summary>
/// The part of an OTLP span the mapping reads, from protobuf or JSON alike: ids (lower-case hex), name,
/// times (Unix nanoseconds), status, attributes (the span's, then its resource's) and events. Attribute
/// values are kept as text, booleans, whole numbers or numbers; arrays and maps as their JSON text.
/// </summary>
internal sealed record OtlpSpan
{
    public required string TraceId { get; init; }

    public required string SpanId { get; init; }

    public string? ParentSpanId { get; init; }

    public required string Name { get; init; }

    public required long StartNanos { get; init; }

    public required long EndNanos { get; init; }

    /// <summary>Gets the status code: 0 unset, 1 ok, 2 error.</summary>
    public int Status { get; init; }

    public ImmutableDictionary<string, object> Attributes { get; init; } = ImmutableDictionary<string, object>.Empty;

    public ImmutableDictionary<string, object> ResourceAttributes { get; init; } = ImmutableDictionary<string, object>.Empty;

    public ImmutableArray<OtlpEvent> Events { get; init; } = [];

    /// <summary>An attribute of the span, else of its resource.</summary>
    public object? Attribute(string key) => Attributes.TryGetValue(key, out var value) ? value : ResourceAttributes.GetValueOrDefault(key);
}

/// <summary>A span event: its name, time and attributes.</summary>
internal sealed record OtlpEvent(string Name, long TimeNanos, ImmutableDictionary<string, object> Attributes);
