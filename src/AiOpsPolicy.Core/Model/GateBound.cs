// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using AiOpsPolicy.Core.Units;

namespace AiOpsPolicy.Core.Model;

/// <summary>The bound of a gate's measure: a minimum, a maximum, or both (inclusive).</summary>
/// <param name="Min">The lowest passing value, if any.</param>
/// <param name="Max">The highest passing value, if any.</param>
public sealed record GateBound(Quantity? Min, Quantity? Max)
{
    /// <summary>Gets the kind of quantity the bound is written in.</summary>
    public QuantityKind Kind => (Min ?? Max)?.Kind ?? QuantityKind.Number;

    /// <summary>Gets a value indicating whether a magnitude is within the bound.</summary>
    /// <param name="magnitude">The value, in the bound's unit (fraction, seconds or number).</param>
    /// <returns>True when within.</returns>
    public bool Contains(double magnitude) =>
        (Min is not { } min || magnitude >= min.Magnitude) && (Max is not { } max || magnitude <= max.Magnitude);

    /// <inheritdoc />
    public override string ToString() => (Min, Max) switch
    {
        ({ } min, { } max) => $"between {min.Text} and {max.Text}",
        ({ } min, null) => $">= {min.Text}",
        (null, { } max) => $"<= {max.Text}",
        _ => "none",
    };
}
