// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

namespace AiOpsPolicy.Core.Tests.Metrics.Differential;

/// <summary>A gate of the differential policy set: one metric call with a bound of its unit.</summary>
/// <param name="Name">The gate's name.</param>
/// <param name="Measure">The C# measure, one metric call.</param>
/// <param name="Bound">The bound line (<c>min: 0%</c>); the bound only has to fit the unit: the suite compares values, not verdicts.</param>
internal sealed record DifferentialGate(string Name, string Measure, string Bound);

/// <summary>What the reference implementation says a metric is.</summary>
/// <param name="Value">The value (a fraction for percentages, seconds for durations), or null when there is nothing to measure.</param>
/// <param name="Numerator">The numerator behind a share or rate; null when the metric has none.</param>
/// <param name="Denominator">The denominator; null when the metric has none.</param>
/// <param name="Sample">The sample size.</param>
/// <param name="IsError">Whether the call is an error (an undeclared target, mixed currencies).</param>
internal sealed record Expected(double? Value, double? Numerator = null, double? Denominator = null, long? Sample = null, bool IsError = false)
{
    /// <summary>Gets the answer when there is nothing to measure.</summary>
    public static Expected Insufficient { get; } = new((double?)null);

    /// <summary>Gets the answer when the call itself is wrong.</summary>
    public static Expected Error { get; } = new(null, IsError: true);

    /// <summary>A share <c>part / whole</c> with both as its counts; insufficient when the whole is 0.</summary>
    public static Expected Share(long part, long whole) => whole == 0 ? Insufficient : new((double)part / whole, part, whole, whole);

    /// <summary>An aggregated duration (seconds) with the sample size; insufficient with no value.</summary>
    public static Expected Durations(IReadOnlyCollection<double> seconds, Func<IReadOnlyCollection<double>, double> aggregate) =>
        seconds.Count == 0 ? Insufficient : new(aggregate(seconds), Sample: seconds.Count);
}

/// <summary>
/// One metric call checked by the suite: the gate that makes the engine compute it, the evidence
/// kinds it reads (the harness applies the rules every metric shares to them: absent, incomplete or
/// stale evidence, and the tolerated invalid share), and the reference implementation of the value.
/// </summary>
/// <param name="Gate">The gate.</param>
/// <param name="Kinds">The kinds the metric reads.</param>
/// <param name="Reference">The value computed from the records the metrics see (<see cref="World.Records"/>).</param>
/// <param name="AnyKindSuffices">Whether the kinds are forms of one evidence, any one of which is enough (runs listed or counted).</param>
internal sealed record DifferentialCase(DifferentialGate Gate, string[] Kinds, Func<World, Expected> Reference, bool AnyKindSuffices = false)
{
    /// <summary>
    /// Why the metric is not computed at all, or null: every kind it reads must be usable, or, for a
    /// metric that reads any of several forms, at least one present and none present unusable.
    /// </summary>
    public string? Unusable(World world)
    {
        if (!AnyKindSuffices)
        {
            return world.Unusable(Kinds);
        }

        var present = Kinds.Where(world.Present).ToArray();
        return present.Length == 0 ? $"none of {string.Join(", ", Kinds)} was supplied" : world.Unusable(present);
    }

    /// <summary>The kinds the gate is said to read: for a metric with several forms, those supplied.</summary>
    public IEnumerable<string> Read(World world) => AnyKindSuffices && Kinds.Any(world.Present) ? Kinds.Where(world.Present) : Kinds;
}
