// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using System.Text.Json.Serialization;

namespace AiOpsPolicy.Core.Evidence;

/// <summary>How a control's run ended.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<ExecutionOutcome>))]
public enum ExecutionOutcome
{
    /// <summary>The control passed.</summary>
    [JsonStringEnumMemberName("pass")]
    Pass,

    /// <summary>The control found a problem.</summary>
    [JsonStringEnumMemberName("fail")]
    Fail,

    /// <summary>The control could not run.</summary>
    [JsonStringEnumMemberName("error")]
    Error,
}
