// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

namespace AiOpsPolicy.History.Trends;

/// <summary>How often a gate's status changed between consecutive runs of the same policy set.</summary>
/// <param name="PolicySet">The policy set.</param>
/// <param name="Gate">The gate.</param>
/// <param name="Flips">Status changes between consecutive runs (ordered by evaluation time, then run id).</param>
/// <param name="Runs">Runs in the range that evaluated the gate.</param>
/// <param name="LastStatus">The status in the latest run of the range.</param>
public sealed record GateFlips(string PolicySet, string Gate, int Flips, int Runs, string LastStatus);
