// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using System.Collections.Immutable;

namespace AiOpsPolicy.History.Runs;

/// <summary>One recorded gate result.</summary>
/// <param name="Gate">The gate name.</param>
/// <param name="Severity">The gate severity (<c>block</c> or <c>warn</c>).</param>
/// <param name="Status">The status text (<c>pass</c>, <c>warn</c>, <c>fail</c>, <c>error</c>, <c>insufficient-evidence</c>, <c>waived</c>).</param>
/// <param name="Observed">The observed value as rendered.</param>
/// <param name="ObservedValue">The observed value as a number, when there is one.</param>
/// <param name="Bound">The bound the observed value was compared with.</param>
/// <param name="Metrics">The gate's metrics.</param>
public sealed record GateRecord(string Gate, string Severity, string Status, string? Observed, double? ObservedValue, string? Bound, ImmutableArray<MetricRecord> Metrics);
