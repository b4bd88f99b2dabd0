// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using System.Collections.Immutable;

namespace AiOpsPolicy.Core.Results;

/// <summary>A metric a gate used, as reports show it.</summary>
/// <param name="Metric">The metric's name and scope.</param>
/// <param name="Value">The value formatted in its unit, or n/a.</param>
/// <param name="Numerator">The numerator behind a share or rate.</param>
/// <param name="Denominator">The denominator behind a share or rate.</param>
/// <param name="SampleSize">How many records the value came from.</param>
/// <param name="Explanation">One line in numbers.</param>
/// <param name="FailingRecords">The first records that pulled the value down.</param>
/// <param name="Assumptions">The stated assumptions behind the value (ROI lines, for example).</param>
public sealed record MetricResult(string Metric, string Value, double? Numerator, double? Denominator, long SampleSize, string Explanation, ImmutableArray<string> FailingRecords, ImmutableArray<string> Assumptions);
