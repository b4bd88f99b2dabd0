// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using System.Collections.Immutable;
using AiOpsPolicy.Core.Results;
using AiOpsPolicy.Core.Units;

namespace AiOpsPolicy.Reporting.Review;

/// <summary>
/// A recorded gate run as the weekly review and the trend charts read it. Reporting does not depend on
/// the history store: the command line maps the store's records to this shape.
/// </summary>
public sealed record ReviewRun
{
    /// <summary>Gets the run's id.</summary>
    public required string RunId { get; init; }

    /// <summary>Gets the policy set's name.</summary>
    public required string PolicySet { get; init; }

    /// <summary>Gets the run's evaluation time.</summary>
    public required DateTimeOffset RecordedAt { get; init; }

    /// <summary>Gets the decision: <c>allowed</c> or <c>blocked</c>.</summary>
    public required string Decision { get; init; }

    /// <summary>Gets the weighted score (0 to 1), when the run recorded one.</summary>
    public double? Score { get; init; }

    /// <summary>Gets the score's status (<c>pass</c>, <c>warn</c>, <c>fail</c>), when there is a score.</summary>
    public string? ScoreStatus { get; init; }

    /// <summary>Gets the gate results, in evaluation order.</summary>
    public ImmutableArray<ReviewGate> Gates { get; init; } = [];

    /// <summary>Gets the control coverage rows.</summary>
    public ImmutableArray<ReviewControl> Controls { get; init; } = [];

    /// <summary>Gets the waivers the run saw.</summary>
    public ImmutableArray<ReviewWaiver> Waivers { get; init; } = [];

    /// <summary>Gets the findings the run reported.</summary>
    public ImmutableArray<ReviewFinding> Findings { get; init; } = [];

    /// <summary>Gets a value indicating whether the run blocked.</summary>
    public bool Blocked => string.Equals(Decision, "blocked", StringComparison.Ordinal);

    /// <summary>Reads a gate run's result in the same shape as a recorded run.</summary>
    /// <param name="result">The result.</param>
    /// <param name="runId">The id to give the run.</param>
    /// <returns>The run.</returns>
    public static ReviewRun From(GateRunResult result, string runId)
    {
        ArgumentNullException.ThrowIfNull(result);
        return new ReviewRun
        {
            RunId = runId,
            PolicySet = result.PolicySet,
            RecordedAt = result.EvaluatedAt,
            Decision = result.Decision,
            Score = result.Score?.Score,
            ScoreStatus = result.Score?.Status.ToText(),
            Gates = result.Gates.IsDefault ? [] : [.. result.Gates.Select(g => new ReviewGate(
                g.Gate,
                g.Status.ToText(),
                g.Observed,
                g.Bound,
                g.Metrics.IsDefault ? [] : [.. g.Metrics.Select(m => ReviewMetric.Create(m.Metric, m.Value, null, m.Numerator, m.Denominator))]))],
            Controls = result.Controls.IsDefault ? [] : [.. result.Controls.Select(c => new ReviewControl(c.Name, c.Required, c.DeclaredAutomated, c.Evidenced, c.Owner))],
            Waivers = result.Waivers.IsDefault ? [] : [.. result.Waivers.Select(w => new ReviewWaiver(w.Name, w.Owner, w.Ticket, w.Expires, w.Gates.IsDefault ? [] : w.Gates, w.Expired))],
            Findings = result.Findings.IsDefault ? [] : [.. result.Findings.Where(f => f.Status == FindingStatus.Found).Select(f => new ReviewFinding(f.Name, f.Message, f.Group, f.Owner))],
        };
    }
}

/// <summary>One gate result of a run.</summary>
/// <param name="Name">The gate name.</param>
/// <param name="Status">The status text (<c>pass</c>, <c>warn</c>, <c>fail</c>, <c>error</c>, <c>insufficient-evidence</c>, <c>waived</c>).</param>
/// <param name="Observed">The observed value as rendered.</param>
/// <param name="Bound">The bound, as rendered.</param>
/// <param name="Metrics">The gate's metrics.</param>
public sealed record ReviewGate(string Name, string Status, string? Observed, string? Bound, ImmutableArray<ReviewMetric> Metrics);

/// <summary>One metric value of a gate result.</summary>
/// <param name="Name">The metric as the result names it, scope included (<c>SlaAttainment(a, b)</c>).</param>
/// <param name="Value">The value as the engine rendered it (<c>93.33%</c>, <c>1h 20m</c>, <c>6</c>).</param>
/// <param name="Number">The value as a number in its base unit (a share from 0 to 1, seconds, or the number); null when it has none.</param>
public sealed record ReviewMetric(string Name, string Value, double? Number)
{
    /// <summary>Gets the kind of quantity the value is: a percentage, a duration or a plain number.</summary>
    public QuantityKind Kind =>
        UnitParser.TryParseQuantity(Value.Trim(), out var quantity) ? quantity.Kind
        : CompoundSeconds(Value) is not null ? QuantityKind.Duration
        : QuantityKind.Number;

    /// <summary>Reads a metric's number: the rendered value as a quantity (a share, seconds or a number), else the recorded number, else the ratio.</summary>
    /// <param name="name">The metric name.</param>
    /// <param name="value">The rendered value.</param>
    /// <param name="number">The value as recorded as a number, if it was.</param>
    /// <param name="numerator">The ratio's numerator, if any.</param>
    /// <param name="denominator">The ratio's denominator, if any.</param>
    /// <returns>The metric.</returns>
    public static ReviewMetric Create(string name, string value, double? number, double? numerator, double? denominator)
    {
        ArgumentNullException.ThrowIfNull(value);
        double? parsed = UnitParser.TryParseQuantity(value.Trim(), out var quantity) ? quantity.Magnitude : CompoundSeconds(value);
        var ratio = numerator is { } n && denominator is { } d && d != 0 ? n / d : (double?)null;
        return new ReviewMetric(name, value, parsed ?? number ?? ratio);
    }

    /// <summary>Reads a duration as the engine renders it in two units (<c>1h 30m</c>, <c>57m 12s</c>) as seconds.</summary>
    private static double? CompoundSeconds(string value)
    {
        var parts = value.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (parts.Length < 2)
        {
            return null;
        }

        var total = 0.0;
        foreach (var part in parts)
        {
            if (!UnitParser.TryParseDuration(part, out var duration))
            {
                return null;
            }

            total += duration.TotalSeconds;
        }

        return total;
    }
}

/// <summary>One control coverage row of a run.</summary>
/// <param name="Name">The control name.</param>
/// <param name="Required">Whether the control is required.</param>
/// <param name="Automated">Whether the control is declared automated.</param>
/// <param name="Evidenced">Whether evidence shows the automation ran.</param>
/// <param name="Owner">The owning team, if declared.</param>
public sealed record ReviewControl(string Name, bool Required, bool Automated, bool Evidenced, string? Owner);

/// <summary>One waiver a run saw.</summary>
/// <param name="Name">The waiver name.</param>
/// <param name="Owner">Who owns it.</param>
/// <param name="Ticket">The tracking ticket.</param>
/// <param name="Expires">When it expires.</param>
/// <param name="Gates">The gates it waives.</param>
/// <param name="Expired">Whether it had expired at the run's evaluation time.</param>
public sealed record ReviewWaiver(string Name, string Owner, string Ticket, DateTimeOffset Expires, ImmutableArray<string> Gates, bool Expired);

/// <summary>One finding a run reported.</summary>
/// <param name="Name">The rule that produced it.</param>
/// <param name="Message">What was found.</param>
/// <param name="Group">The metric group, if known.</param>
/// <param name="Owner">Who owns the rule, if declared.</param>
public sealed record ReviewFinding(string Name, string Message, string? Group, string? Owner);
