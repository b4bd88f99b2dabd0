// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using System.Collections.Immutable;

namespace AiOpsPolicy.Core.Results;

/// <summary>The weighted score of a run against the policy set's score thresholds.</summary>
/// <param name="Score">The weighted share of gate weight that passed, from 0 to 1.</param>
/// <param name="PassAt">The score at or above which the set passes.</param>
/// <param name="WarnAt">The score at or above which the set warns (below it, it fails).</param>
/// <param name="Status"><see cref="GateStatus.Pass"/>, <see cref="GateStatus.Warn"/> or <see cref="GateStatus.Fail"/>.</param>
/// <param name="FailedKeyGates">The key gates that did not pass; any one fails the set whatever the score.</param>
public sealed record ScoreResult(double Score, double PassAt, double WarnAt, GateStatus Status, ImmutableArray<string> FailedKeyGates);
