// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using System.Text.Json.Serialization;

namespace AiOpsPolicy.Core.Evidence;

/// <summary>Before or after go-live.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<ThroughputPhase>))]
public enum ThroughputPhase
{
    /// <summary>Before go-live.</summary>
    [JsonStringEnumMemberName("baseline")]
    Baseline,

    /// <summary>After go-live.</summary>
    [JsonStringEnumMemberName("after")]
    After,
}
