// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using System.Text.Json.Serialization;

namespace AiOpsPolicy.Core.Evidence;

/// <summary>Why an incident happened.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<IncidentCause>))]
public enum IncidentCause
{
    /// <summary>The model.</summary>
    [JsonStringEnumMemberName("model")]
    Model,

    /// <summary>A data pipeline.</summary>
    [JsonStringEnumMemberName("data-pipeline")]
    DataPipeline,

    /// <summary>A prompt.</summary>
    [JsonStringEnumMemberName("prompt")]
    Prompt,

    /// <summary>The workflow's logic.</summary>
    [JsonStringEnumMemberName("workflow-logic")]
    WorkflowLogic,

    /// <summary>A vendor's outage.</summary>
    [JsonStringEnumMemberName("vendor-outage")]
    VendorOutage,

    /// <summary>Anything else.</summary>
    [JsonStringEnumMemberName("other")]
    Other,
}
