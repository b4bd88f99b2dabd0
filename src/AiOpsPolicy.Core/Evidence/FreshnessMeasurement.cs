// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using System.Text.Json.Serialization;

namespace AiOpsPolicy.Core.Evidence;

/// <summary>One lag measurement of a dataset at a stage.</summary>
public sealed record FreshnessMeasurement : EvidenceRecord
{
    /// <summary>Gets the dataset's name.</summary>
    public required string Dataset { get; init; }

    /// <summary>Gets the stage.</summary>
    public required FreshnessStage Stage { get; init; }

    /// <summary>Gets when the lag was measured.</summary>
    public required DateTimeOffset MeasuredAt { get; init; }

    /// <summary>Gets the lag.</summary>
    [JsonConverter(typeof(DurationJsonConverter))]
    public required TimeSpan Lag { get; init; }

    /// <inheritdoc />
    public override string Key => $"{Dataset}/{StageName}@{Instant(MeasuredAt)}";

    /// <inheritdoc />
    public override EvidenceRecord? AsOf(DateTimeOffset asOf) => MeasuredAt > asOf ? null : this;

    private string StageName => Stage switch
    {
        FreshnessStage.SourceToPipeline => "source-to-pipeline",
        FreshnessStage.PipelineToFeatureStore => "pipeline-to-feature-store",
        _ => "feature-store-to-dashboard",
    };

    /// <inheritdoc />
    public override string? Check() => Lag < TimeSpan.Zero ? "field 'lag' is negative" : null;
}
