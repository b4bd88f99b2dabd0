// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

namespace AiOpsPolicy.History.Runs;

/// <summary>One metric of a recorded gate result.</summary>
/// <param name="Metric">The metric name.</param>
/// <param name="Value">The metric value as the engine rendered it.</param>
/// <param name="NumericValue">The value as a number, when it parses as one (invariant culture).</param>
/// <param name="Numerator">The ratio's numerator, when the metric is a ratio.</param>
/// <param name="Denominator">The ratio's denominator, when the metric is a ratio.</param>
/// <param name="SampleSize">How many records the metric was computed over.</param>
public sealed record MetricRecord(string Metric, string Value, double? NumericValue, double? Numerator, double? Denominator, long SampleSize);
