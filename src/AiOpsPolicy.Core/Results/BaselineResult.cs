// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using System.Collections.Immutable;

namespace AiOpsPolicy.Core.Results;

/// <summary>How a gate's baseline (a bound relative to recorded runs) was worked out and applied.</summary>
/// <param name="From">Where it came from: <c>passing-runs</c> or <c>run</c>.</param>
/// <param name="Requested">How many passing runs were asked for (1 for a pinned run).</param>
/// <param name="Runs">The ids of the runs the baseline was taken from, latest first; empty when none was found.</param>
/// <param name="Value">The baseline (the median of those runs' observed values, or the pinned run's), in the gate's unit; null when none.</param>
/// <param name="Tolerance">The allowed relative worsening, as a fraction.</param>
/// <param name="Limit">The worst value the gate accepts (baseline plus tolerance), in the gate's unit; null when no baseline.</param>
/// <param name="Display">The baseline and the limit formatted, or why there is no baseline.</param>
/// <param name="Held">Whether the observed value is within the limit; null when the baseline was not applied.</param>
public sealed record BaselineResult(string From, int Requested, ImmutableArray<string> Runs, double? Value, double Tolerance, double? Limit, string Display, bool? Held);
