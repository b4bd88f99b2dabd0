// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using System.Text.Json.Serialization;

namespace AiOpsPolicy.Core.Evidence;

/// <summary>Where a pilot stands.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<PilotStatus>))]
public enum PilotStatus
{
    /// <summary>Still an idea being explored.</summary>
    [JsonStringEnumMemberName("exploring")]
    Exploring,

    /// <summary>Running as a pilot.</summary>
    [JsonStringEnumMemberName("pilot")]
    Pilot,

    /// <summary>In production.</summary>
    [JsonStringEnumMemberName("production")]
    Production,

    /// <summary>Stopped.</summary>
    [JsonStringEnumMemberName("retired")]
    Retired,
}
