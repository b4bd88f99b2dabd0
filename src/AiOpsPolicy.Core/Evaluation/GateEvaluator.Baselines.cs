// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using System.Collections.Immutable;
using System.Globalization;
using AiOpsPolicy.Core.Metrics;
using AiOpsPolicy.Core.Model;
using AiOpsPolicy.Core.Results;
using AiOpsPolicy.Core.Units;

namespace AiOpsPolicy.Core.Evaluation;

/// <content>Bounds relative to history: a gate's baseline, read from recorded runs before the evaluation time.</content>
public static partial class GateEvaluator
{
    /// <summary>Relative slack when comparing with a limit, so that 10% above 40m accepts exactly 44m.</summary>
    private const double LimitSlack = 1e-9;

    /// <summary>
    /// Reads every gate's baseline from the history, once, before any gate runs. A store that cannot be read leaves
    /// each baseline gate without a baseline, saying why.
    /// </summary>
    private static ResolvedBaseline?[] ResolveBaselines(PolicySet policies, EvaluationOptions options, DateTimeOffset now)
    {
        var resolved = new ResolvedBaseline?[policies.Gates.Length];
        for (var i = 0; i < resolved.Length; i++)
        {
            var gate = policies.Gates[i];
            if (gate.Baseline is { } baseline && gate.Measure is not null)
            {
                resolved[i] = Resolve(policies.Name, gate.Name, baseline, options, now);
            }
        }

        return resolved;
    }

    private static ResolvedBaseline Resolve(string policySet, string gate, GateBaseline baseline, EvaluationOptions options, DateTimeOffset now)
    {
        var at = now.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm'Z'", CultureInfo.InvariantCulture);
        if (options.History is not { } history)
        {
            return ResolvedBaseline.Missing(
                baseline,
                $"no history store to read the baseline from. Give one with --history FILE (or --record FILE, $AIOPS_POLICY_HISTORY, or spec.history.store of the PolicySet) and seed it by recording runs with gate --record{(baseline.From == BaselineSource.Run ? string.Empty : ", or pin a run with 'from: run'")}");
        }

        var store = options.HistoryName is { Length: > 0 } name ? $"'{name}'" : "the history store";
        try
        {
            if (baseline.From == BaselineSource.Run)
            {
                var id = baseline.RunId ?? string.Empty;
                if (history.Observation(id, gate) is not { } pinned)
                {
                    return ResolvedBaseline.Missing(baseline, $"the pinned run '{id}' is not in {store}, or gate '{gate}' had no observed value in it. Pin a run that recorded this gate (aiops-policy history lists them), or use 'from: passing-runs'");
                }

                if (pinned.EvaluatedAt >= now)
                {
                    return ResolvedBaseline.Missing(baseline, $"the pinned run '{id}' was evaluated at {pinned.EvaluatedAt.ToUniversalTime():yyyy-MM-dd'T'HH:mm'Z'}, not before this evaluation ({at}); a baseline only uses earlier runs. Pin an earlier run");
                }

                return new ResolvedBaseline(baseline, [pinned], pinned.Value, null);
            }

            var observations = history.PassingObservations(policySet, gate, now, baseline.Runs);
            if (observations.Count == 0)
            {
                return ResolvedBaseline.Missing(baseline, $"{store} has no run of policy set '{policySet}' before {at} in which gate '{gate}' passed. Seed a baseline: record passing runs with gate --record, or pin one with 'from: run' and 'run: <run id>'");
            }

            // The median by nearest rank, as every percentile in the engine: an observed value, the lower middle one
            // of an even count.
            var sorted = observations.Select(o => o.Value).Order().ToList();
            var median = sorted[Math.Clamp((int)Math.Ceiling(sorted.Count / 2.0) - 1, 0, sorted.Count - 1)];
            return new ResolvedBaseline(baseline, [.. observations], median, null);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            return ResolvedBaseline.Missing(baseline, $"{store} could not be read ({ex.GetType().Name}: {ex.Message.TrimEnd('.')})");
        }
    }

    /// <summary>Compares an observed value with the baseline plus its tolerance, in the direction in which the gate gets worse.</summary>
    private static BaselineResult ApplyBaseline(Gate gate, ResolvedBaseline resolved, double observed, QuantityKind unit)
    {
        var spec = resolved.Spec;
        var from = spec.From == BaselineSource.Run ? "run" : "passing-runs";
        var requested = spec.From == BaselineSource.Run ? 1 : spec.Runs;
        var runs = resolved.Observations.Select(o => o.RunId).ToImmutableArray();
        if (resolved.Value is not { } value)
        {
            var note = gate.Bound is null
                ? $"Gate '{gate.Name}' has a baseline but {resolved.Problem}"
                : $"baseline not applied, only the bound: {resolved.Problem}";
            return new BaselineResult(from, requested, runs, null, spec.Tolerance, null, note, null);
        }

        var lowerIsBetter = spec.ResolveDirection(gate.Bound) != BaselineDirection.HigherIsBetter;
        var slack = Math.Abs(value) * spec.Tolerance;
        var limit = lowerIsBetter ? value + slack : value - slack;
        var epsilon = Math.Max(Math.Abs(limit), 1) * LimitSlack;
        var held = lowerIsBetter ? observed <= limit + epsilon : observed >= limit - epsilon;
        string Show(double v) => Format(v, unit);
        var source = spec.From == BaselineSource.Run
            ? $"the value {Show(value)} in pinned run {runs[0]}"
            : $"the median {Show(value)} of the last {runs.Length} passing run(s) ({string.Join(", ", runs)})"
                + (runs.Length < spec.Runs ? $"; only {runs.Length} of the {spec.Runs} asked for are recorded" : string.Empty);
        var comparison = lowerIsBetter ? (held ? "at or below" : "above") : (held ? "at or above" : "below");
        var display = $"baseline: {source}; with {UnitFormat.Percentage(spec.Tolerance)} tolerance the limit is {(lowerIsBetter ? "at most" : "at least")} {Show(limit)}, and {Show(observed)} is {comparison} it";
        return new BaselineResult(from, requested, runs, value, spec.Tolerance, limit, display, held);
    }

    private static string ExplainBaselineOnly(string? observed, BaselineResult baseline, EvaluationScope scope)
    {
        var metric = scope.UsedMetrics.Count == 1 ? ": " + scope.UsedMetrics[0].Explanation : string.Empty;
        return $"{observed} against its {baseline.Display}{metric}";
    }

    /// <summary>The unit the measure's value is in: a metric's own, a duration, or the bound's.</summary>
    private static QuantityKind UnitOf(object? value, GateBound? bound) => value switch
    {
        MetricValue metric => metric.Unit,
        TimeSpan => QuantityKind.Duration,
        _ => bound?.Kind ?? QuantityKind.Number,
    };

    private static string Format(double value, QuantityKind unit) => unit switch
    {
        QuantityKind.Duration => UnitFormat.Duration(TimeSpan.FromSeconds(value)),
        QuantityKind.Percentage => UnitFormat.Percentage(value),
        _ => UnitFormat.Number(value),
    };
}
