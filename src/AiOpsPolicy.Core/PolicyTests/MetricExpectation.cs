// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using AiOpsPolicy.Core.Text;
using AiOpsPolicy.Core.Units;

namespace AiOpsPolicy.Core.PolicyTests;

/// <summary>The value a gate's measure must observe, within a tolerance.</summary>
/// <param name="Gate">The gate's name.</param>
/// <param name="Value">The expected value (percentage, duration or number).</param>
/// <param name="Tolerance">How far the observed value may be from it, in the same unit.</param>
/// <param name="Location">Where the expectation is written.</param>
public sealed record MetricExpectation(string Gate, Quantity Value, Quantity Tolerance, SourceLocation Location)
{
    /// <summary>The tolerance used when a test does not give one: half the last digit reports print.</summary>
    /// <param name="kind">The value's unit.</param>
    /// <returns>The tolerance.</returns>
    public static Quantity DefaultTolerance(QuantityKind kind) => kind switch
    {
        QuantityKind.Percentage => new Quantity(QuantityKind.Percentage, 0.00005, "0.005%"),
        QuantityKind.Duration => new Quantity(QuantityKind.Duration, 0.5, "500ms"),
        _ => new Quantity(QuantityKind.Number, 0.0005, "0.0005"),
    };

    /// <summary>Gets the expectation as written: <c>93.33% ± 0.01%</c>.</summary>
    public string Text => $"{Value.Text} ± {Tolerance.Text}";
}
