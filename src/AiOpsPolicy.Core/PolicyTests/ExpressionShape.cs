// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

namespace AiOpsPolicy.Core.PolicyTests;

/// <summary>How an ad-hoc expression was evaluated, which follows from its type.</summary>
public enum ExpressionShape
{
    /// <summary>As a gate's measure with a number bound: a number or a metric.</summary>
    Number,

    /// <summary>As a gate's measure with a duration bound: a <see cref="TimeSpan"/> or a duration metric.</summary>
    Duration,

    /// <summary>As a gate's condition: true or false.</summary>
    Condition,

    /// <summary>As a gate's measure with a percentage bound: a share metric (bounds are checked against the metric's unit).</summary>
    Percentage,
}
