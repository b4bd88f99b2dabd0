// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using System.Text.Json.Serialization;

namespace AiOpsPolicy.Core.Evidence;

/// <summary>How a deployment ended.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<DeploymentResult>))]
public enum DeploymentResult
{
    /// <summary>It succeeded: the new version runs in the environment.</summary>
    [JsonStringEnumMemberName("success")]
    Success,

    /// <summary>It failed.</summary>
    [JsonStringEnumMemberName("failure")]
    Failure,

    /// <summary>It was stopped before it finished.</summary>
    [JsonStringEnumMemberName("aborted")]
    Aborted,
}
