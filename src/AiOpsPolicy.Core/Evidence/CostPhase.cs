// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using System.Text.Json.Serialization;

namespace AiOpsPolicy.Core.Evidence;

/// <summary>Whether a cost line describes the time before the AI (the baseline) or with it.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<CostPhase>))]
public enum CostPhase
{
    /// <summary>Before the AI: the cost being reduced.</summary>
    [JsonStringEnumMemberName("baseline")]
    Baseline,

    /// <summary>With the AI.</summary>
    [JsonStringEnumMemberName("current")]
    Current,
}
