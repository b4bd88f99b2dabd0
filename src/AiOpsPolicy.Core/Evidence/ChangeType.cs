// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using System.Text.Json.Serialization;

namespace AiOpsPolicy.Core.Evidence;

/// <summary>What a change changed.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<ChangeType>))]
public enum ChangeType
{
    /// <summary>A model.</summary>
    [JsonStringEnumMemberName("model")]
    Model,

    /// <summary>A prompt.</summary>
    [JsonStringEnumMemberName("prompt")]
    Prompt,

    /// <summary>A policy.</summary>
    [JsonStringEnumMemberName("policy")]
    Policy,

    /// <summary>A pipeline.</summary>
    [JsonStringEnumMemberName("pipeline")]
    Pipeline,
}
