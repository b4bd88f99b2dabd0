// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using AiOpsPolicy.Core.Units;

namespace AiOpsPolicy.Core.Expressions;

/// <summary>
/// The unit a metric function returns. The compiler reads it to check a gate's bound against its
/// measure before anything runs (<c>StaleShare(...)</c> with <c>max: 5</c> is an error with a
/// "did you mean 5%?" fix), and the evaluator checks the value's unit again at run time.
/// </summary>
/// <param name="unit">The unit.</param>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false, Inherited = false)]
public sealed class MetricUnitAttribute(QuantityKind unit) : Attribute
{
    /// <summary>Gets the unit.</summary>
    public QuantityKind Unit { get; } = unit;
}

/// <summary>The words for a bound that does not fit its measure's unit, shared by the compiler and the evaluator.</summary>
public static class UnitMismatch
{
    /// <summary>Whether a bound of one kind can hold a measure of another.</summary>
    /// <param name="measure">The measure's unit.</param>
    /// <param name="bound">The bound's unit.</param>
    /// <returns>True when they fit.</returns>
    public static bool Fits(QuantityKind measure, QuantityKind bound) => measure == bound;

    /// <summary>The message for a mismatch, with the fix.</summary>
    /// <param name="metric">The measure's name.</param>
    /// <param name="measure">The measure's unit.</param>
    /// <param name="bound">The bound.</param>
    /// <returns>The message.</returns>
    public static string Describe(string metric, QuantityKind measure, Model.GateBound bound)
    {
        ArgumentNullException.ThrowIfNull(bound);
        var fix = (measure, bound.Kind) switch
        {
            (QuantityKind.Percentage, QuantityKind.Number) => $"did you mean {Rewrite(bound, m => UnitFormat.Number(m) + "%")}?",
            (QuantityKind.Number, QuantityKind.Percentage) => $"did you mean {Rewrite(bound, m => UnitFormat.Number(m * 100))}? It is a plain number, not a share",
            (QuantityKind.Duration, QuantityKind.Number) => $"write the bound as a duration, such as {Rewrite(bound, m => UnitFormat.Number(m) + "h")} or {Rewrite(bound, m => UnitFormat.Number(m) + "m")}",
            (QuantityKind.Duration, _) => "write the bound as a duration, such as 4h",
            (QuantityKind.Percentage, _) => "write the bound as a percentage, such as 95%",
            _ => "write the bound as a plain number",
        };
        return $"The measure {metric} is a {Word(measure)} but the bound ({bound}) is a {Word(bound.Kind)}: {fix}";
    }

    private static string Rewrite(Model.GateBound bound, Func<double, string> text) => string.Join(
        ", ",
        new[] { bound.Min is { } min ? "min: " + text(min.Magnitude) : null, bound.Max is { } max ? "max: " + text(max.Magnitude) : null }.OfType<string>());

    private static string Word(QuantityKind kind) => kind switch
    {
        QuantityKind.Percentage => "percentage",
        QuantityKind.Duration => "duration",
        _ => "plain number",
    };
}
