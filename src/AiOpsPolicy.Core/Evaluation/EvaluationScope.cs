// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using AiOpsPolicy.Core.Evidence;
using AiOpsPolicy.Core.Model;
using AiOpsPolicy.Core.Units;

namespace AiOpsPolicy.Core.Evaluation;

/// <summary>
/// The state of one evaluation run: the evaluation time, the evidence, the policy set, the metrics
/// computed so far (each computed once per metric, scope and window, and shared by every gate),
/// and what the current gate has used, for its provenance.
/// </summary>
internal sealed class EvaluationScope
{
    private readonly Dictionary<string, MetricValue> _metrics = new(StringComparer.Ordinal);
    private readonly SortedSet<EvidenceKind> _usedKinds = [];
    private readonly List<MetricValue> _usedMetrics = [];

    public EvaluationScope(PolicySet policies, EvidenceSet evidence, DateTimeOffset now)
    {
        Policies = policies;
        Evidence = evidence;
        Now = now;
    }

    public PolicySet Policies { get; }

    public EvidenceSet Evidence { get; }

    public DateTimeOffset Now { get; }

    public IReadOnlyCollection<EvidenceKind> UsedKinds => _usedKinds;

    public IReadOnlyList<MetricValue> UsedMetrics => _usedMetrics;

    /// <summary>Starts a gate: forgets what the previous gate used (but keeps the computed metrics).</summary>
    public void BeginGate()
    {
        _usedKinds.Clear();
        _usedMetrics.Clear();
    }

    /// <summary>
    /// Gets a kind's records after checking that the kind is present and fresh enough.
    /// </summary>
    /// <exception cref="InsufficientEvidenceException">The kind is absent or stale.</exception>
    public IReadOnlyList<T> Require<T>(EvidenceKind kind)
        where T : EvidenceRecord
    {
        _usedKinds.Add(kind);
        var name = EvidenceKinds.Name(kind);
        if (!Evidence.Has(kind))
        {
            throw new InsufficientEvidenceException($"no {name} evidence was supplied");
        }

        if (Evidence.CollectedAt(kind) is { } collected)
        {
            var age = Now - collected;
            if (age > Policies.MaxEvidenceAge)
            {
                throw new InsufficientEvidenceException(
                    $"{name} evidence is stale: collected {collected:yyyy-MM-dd'T'HH:mm'Z'}, {UnitFormat.Duration(age)} before the evaluation time; the policy set allows {UnitFormat.Duration(Policies.MaxEvidenceAge)}");
            }
        }

        return Evidence.Get<T>(kind);
    }

    /// <summary>Gets a metric, computing it on first use and sharing it afterwards.</summary>
    public MetricValue Metric(string key, Func<MetricValue> compute)
    {
        if (!_metrics.TryGetValue(key, out var value))
        {
            value = compute();
            _metrics.Add(key, value);
        }

        if (!_usedMetrics.Contains(value))
        {
            _usedMetrics.Add(value);
        }

        return value;
    }

    /// <summary>Records that a gate used a kind, for metrics whose kinds were already checked when first computed.</summary>
    public void Use(EvidenceKind kind) => _usedKinds.Add(kind);
}
