// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using System.Text.Json;
using System.Text.Json.Serialization;

namespace AiOpsPolicy.Service.Api;

/// <summary>One evidence file sent inline: its name (which gives the format, and for NDJSON and CSV the kind) and content.</summary>
public sealed record InlineEvidenceFile
{
    /// <summary>Gets the file name, such as <c>incidents.json</c>, <c>workflow-runs.ndjson</c> or <c>transactions.csv</c>.</summary>
    [JsonPropertyName("name")]
    public required string Name { get; init; }

    /// <summary>
    /// Gets the file's content: a JSON string holding the file's text (any format), or, for a <c>.json</c> file, the
    /// envelope itself as a JSON object.
    /// </summary>
    [JsonPropertyName("content")]
    public required JsonElement Content { get; init; }
}
