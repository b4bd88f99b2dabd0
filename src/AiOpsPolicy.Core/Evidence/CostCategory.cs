// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using System.Text.Json.Serialization;

namespace AiOpsPolicy.Core.Evidence;

/// <summary>What a cost line is spent on: the categories cost savings are counted in.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<CostCategory>))]
public enum CostCategory
{
    /// <summary>Cloud spend: compute, storage, inference.</summary>
    [JsonStringEnumMemberName("cloud")]
    Cloud,

    /// <summary>Vendor costs: licences, subscriptions, outsourced work.</summary>
    [JsonStringEnumMemberName("vendor")]
    Vendor,

    /// <summary>Labour: hours of work, converted to money at a declared rate.</summary>
    [JsonStringEnumMemberName("labour")]
    Labour,
}
