// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using System.Text.Json.Serialization;

namespace AiOpsPolicy.Core.Evidence;

/// <summary>Whether a value line is a benefit or a cost.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<ValueLineType>))]
public enum ValueLineType
{
    /// <summary>A benefit.</summary>
    [JsonStringEnumMemberName("benefit")]
    Benefit,

    /// <summary>A cost.</summary>
    [JsonStringEnumMemberName("cost")]
    Cost,
}
