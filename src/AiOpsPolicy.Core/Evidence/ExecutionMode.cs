// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using System.Text.Json.Serialization;

namespace AiOpsPolicy.Core.Evidence;

/// <summary>How a control ran.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<ExecutionMode>))]
public enum ExecutionMode
{
    /// <summary>By automation.</summary>
    [JsonStringEnumMemberName("automated")]
    Automated,

    /// <summary>By hand.</summary>
    [JsonStringEnumMemberName("manual")]
    Manual,
}
