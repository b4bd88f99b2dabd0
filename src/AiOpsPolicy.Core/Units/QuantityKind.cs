// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

namespace AiOpsPolicy.Core.Units;

/// <summary>What a value in a policy measures.</summary>
public enum QuantityKind
{
    /// <summary>A plain number, such as a count or a rate per 1,000.</summary>
    Number,

    /// <summary>A share written as a percentage (<c>95%</c>), held as a fraction (0.95).</summary>
    Percentage,

    /// <summary>A length of time (<c>90s</c>, <c>4h</c>).</summary>
    Duration,
}
