// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using System.Text.Json.Serialization;

namespace AiOpsPolicy.Core.Evidence;

/// <summary>The stage of a data flow whose lag is measured.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<FreshnessStage>))]
public enum FreshnessStage
{
    /// <summary>From the source system into the pipeline.</summary>
    [JsonStringEnumMemberName("source-to-pipeline")]
    SourceToPipeline,

    /// <summary>From the pipeline into the feature store.</summary>
    [JsonStringEnumMemberName("pipeline-to-feature-store")]
    PipelineToFeatureStore,

    /// <summary>From the feature store to the dashboard.</summary>
    [JsonStringEnumMemberName("feature-store-to-dashboard")]
    FeatureStoreToDashboard,
}
