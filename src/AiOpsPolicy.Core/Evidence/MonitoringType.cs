// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using System.Text.Json.Serialization;

namespace AiOpsPolicy.Core.Evidence;

/// <summary>Drift or bias.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<MonitoringType>))]
public enum MonitoringType
{
    /// <summary>Data or prediction drift.</summary>
    [JsonStringEnumMemberName("drift")]
    Drift,

    /// <summary>Bias between groups.</summary>
    [JsonStringEnumMemberName("bias")]
    Bias,
}
