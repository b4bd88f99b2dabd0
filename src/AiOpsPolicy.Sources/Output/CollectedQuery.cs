// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

namespace AiOpsPolicy.Sources.Output;

/// <summary>One query a source ran, exactly as sent, for the provenance record.</summary>
/// <param name="Query">The query text (PromQL, a git command line, a file path).</param>
/// <param name="Detail">What else decides the answer: API, time range and step, or the file's hash.</param>
public sealed record CollectedQuery(string Query, string Detail);
