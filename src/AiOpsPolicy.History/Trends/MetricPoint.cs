// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

namespace AiOpsPolicy.History.Trends;

/// <summary>One point of a metric trend.</summary>
/// <param name="RunId">The run the point comes from.</param>
/// <param name="RecordedAt">The run's evaluation time.</param>
/// <param name="PolicySet">The run's policy set.</param>
/// <param name="Gate">The gate.</param>
/// <param name="Metric">The metric, or <see langword="null"/> for the gate's own observed value.</param>
/// <param name="Value">The numeric value, when there is one.</param>
/// <param name="Numerator">The ratio's numerator, when there is one.</param>
/// <param name="Denominator">The ratio's denominator, when there is one.</param>
/// <param name="SampleSize">The sample size (0 for a gate's observed value).</param>
/// <param name="Status">The gate's status in that run (<c>pass</c>, <c>fail</c>, <c>waived</c>, ...).</param>
public sealed record MetricPoint(string RunId, DateTimeOffset RecordedAt, string PolicySet, string Gate, string? Metric, double? Value, double? Numerator, double? Denominator, long SampleSize, string? Status = null);
