// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using System.Collections.Immutable;
using AiOpsPolicy.Core.Model;

namespace AiOpsPolicy.Core.Evaluation;

/// <summary>A gate's baseline as read from history, before it is compared with anything.</summary>
/// <param name="Spec">The gate's baseline as declared.</param>
/// <param name="Observations">The recorded values it was computed from.</param>
/// <param name="Value">The baseline, or null when there is none.</param>
/// <param name="Problem">Why there is none, or null.</param>
internal sealed record ResolvedBaseline(GateBaseline Spec, ImmutableArray<BaselineObservation> Observations, double? Value, string? Problem)
{
    /// <summary>A baseline that could not be read, with why.</summary>
    /// <param name="spec">The gate's baseline as declared.</param>
    /// <param name="problem">Why.</param>
    /// <returns>The missing baseline.</returns>
    public static ResolvedBaseline Missing(GateBaseline spec, string problem) => new(spec, [], null, problem);
}
