// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

namespace AiOpsPolicy.Core.Model;

/// <summary>The policy set's score thresholds (<c>spec.scoring</c>): fractions in (0, 1], warn at or below pass.</summary>
/// <param name="PassAt">The score at or above which the set passes.</param>
/// <param name="WarnAt">The score at or above which the set warns; below it, the set fails and the run is blocked.</param>
public sealed record ScoreThresholds(double PassAt, double WarnAt);
