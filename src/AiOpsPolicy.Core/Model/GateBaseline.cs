// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

namespace AiOpsPolicy.Core.Model;

/// <summary>Where a gate's baseline comes from.</summary>
public enum BaselineSource
{
    /// <summary>The median of the gate's observed value over the last N recorded runs of the policy set in which the gate passed.</summary>
    PassingRuns,

    /// <summary>The gate's observed value in one pinned recorded run.</summary>
    Run,
}

/// <summary>Which way a gate's measure gets worse.</summary>
public enum BaselineDirection
{
    /// <summary>Higher values are worse (the gate has a <c>max</c> bound, or says <c>lower-is-better</c>).</summary>
    LowerIsBetter,

    /// <summary>Lower values are worse (the gate has a <c>min</c> bound, or says <c>higher-is-better</c>).</summary>
    HigherIsBetter,
}

/// <summary>A bound relative to history: the measure may be at most <see cref="Tolerance"/> worse than a baseline from recorded runs.</summary>
/// <param name="From">Where the baseline comes from.</param>
/// <param name="Runs">How many passing runs the median is taken over (for <see cref="BaselineSource.PassingRuns"/>).</param>
/// <param name="RunId">The pinned run's id (for <see cref="BaselineSource.Run"/>).</param>
/// <param name="Tolerance">The allowed relative worsening, as a fraction (0.1 is 10%).</param>
/// <param name="Direction">Which way is worse; null when it is to be taken from the bound.</param>
public sealed record GateBaseline(BaselineSource From, int Runs, string? RunId, double Tolerance, BaselineDirection? Direction)
{
    /// <summary>The number of passing runs when <c>runs</c> is not given.</summary>
    public const int DefaultRuns = 5;

    /// <summary>Works out which way is worse: the stated direction, else from the bound (max: lower is better; min: higher is better).</summary>
    /// <param name="bound">The gate's bound, if any.</param>
    /// <returns>The direction, or null when neither says (a validation error).</returns>
    public BaselineDirection? ResolveDirection(GateBound? bound) => Direction ?? bound switch
    {
        { Max: not null, Min: null } => BaselineDirection.LowerIsBetter,
        { Min: not null, Max: null } => BaselineDirection.HigherIsBetter,
        _ => null,
    };
}
