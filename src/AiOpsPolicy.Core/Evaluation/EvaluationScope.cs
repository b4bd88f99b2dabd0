// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using AiOpsPolicy.Core.Evidence;
using AiOpsPolicy.Core.Expressions;
using AiOpsPolicy.Core.Metrics;
using AiOpsPolicy.Core.Model;
using AiOpsPolicy.Core.Units;

namespace AiOpsPolicy.Core.Evaluation;

/// <summary>
/// The state of one evaluation run: the evaluation time, the evidence, the policy set, the metric
/// engine (each metric computed once per metric, scope and window, and shared by every gate), and
/// what the current gate has used, for its provenance.
/// </summary>
internal sealed class EvaluationScope : IExpressionScope, IMetricEvidence
{
    private readonly SortedSet<EvidenceKind> _usedKinds = [];
    private readonly List<MetricValue> _usedMetrics = [];
    private MetricEngine? _metrics;

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

    /// <summary>Gets the metric engine; set once the compiled context exists.</summary>
    public MetricEngine Metrics => _metrics ?? throw new InvalidOperationException("The metric engine is not attached.");

    /// <summary>Starts the run's metric engine, which evaluates rubric checks through the compiled context.</summary>
    public void Attach(PolicyContext context) => _metrics = new MetricEngine(this, new MetricContext(Now, Policies, context.EvaluateRubricCheck));

    /// <summary>
    /// Computes metrics known before any gate runs all together, one pass per evidence kind: the compiled plan's
    /// (every metric call with constant arguments) and any others known in advance (roll-ups').
    /// </summary>
    /// <param name="requests">The metrics.</param>
    public void Prefetch(IEnumerable<MetricRequest> requests) => Metrics.Prefetch(requests);

    /// <summary>Starts a gate: forgets what the previous gate used (but keeps the computed metrics).</summary>
    public void BeginGate()
    {
        _usedKinds.Clear();
        _usedMetrics.Clear();
    }

    /// <summary>Gets a metric for the current gate.</summary>
    public MetricValue Metric(MetricRequest request)
    {
        // A metric that reads any of several forms of one evidence (runs listed or counted) names the
        // forms that were supplied, or the first when none was.
        var kinds = request.AnyKindSuffices && request.Kinds.Any(Evidence.Has) ? request.Kinds.Where(Evidence.Has) : request.Kinds;
        foreach (var kind in request.AnyKindSuffices && !request.Kinds.Any(Evidence.Has) ? request.Kinds.Take(1) : kinds)
        {
            _usedKinds.Add(kind);
        }

        var value = Metrics.Get(request);
        if (!_usedMetrics.Contains(value))
        {
            _usedMetrics.Add(value);
        }

        return value;
    }

    /// <summary>
    /// Why a metric's evidence cannot be used, or null when it can: every kind it reads must be usable, or,
    /// for a metric that reads any of several forms, at least one must be present and none present may be
    /// stale or incomplete.
    /// </summary>
    public string? Insufficiency(MetricRequest request) => Insufficiency(request.Kinds, request.AnyKindSuffices);

    /// <summary>Why evidence of these kinds cannot be used (see <see cref="Insufficiency(MetricRequest)"/>), or null when it can.</summary>
    public string? Insufficiency(IReadOnlyList<EvidenceKind> kinds, bool anyKindSuffices)
    {
        if (!anyKindSuffices || kinds.Count == 1)
        {
            return kinds.Select(Insufficiency).FirstOrDefault(p => p is not null);
        }

        var present = kinds.Where(Evidence.Has).ToList();
        return present.Count == 0
            ? $"no {EvidenceKinds.Name(kinds[0])} evidence was supplied (nor {string.Join(", ", kinds.Skip(1).Select(EvidenceKinds.Name))})"
            : present.Select(Insufficiency).FirstOrDefault(p => p is not null);
    }

    /// <summary>Why a kind's evidence cannot be used (absent, incomplete or stale), or null when it can.</summary>
    public string? Insufficiency(EvidenceKind kind)
    {
        var name = EvidenceKinds.Name(kind);
        if (!Evidence.Has(kind))
        {
            return $"no {name} evidence was supplied";
        }

        if (Evidence.Incomplete(kind) is { } incomplete)
        {
            return $"{name} evidence is incomplete: {incomplete.Incomplete} ({incomplete.Path})";
        }

        // A collection time after the evaluation time is read as of the evaluation time: the records
        // were projected to then (EvidenceSet.AsOf), and evidence is never fresher than the moment judged.
        if (Evidence.CollectedAt(kind) is { } collected && Now - (collected > Now ? Now : collected) > Policies.MaxEvidenceAge)
        {
            return $"{name} evidence is stale: collected {collected.ToUniversalTime():yyyy-MM-dd'T'HH:mm'Z'}, {UnitFormat.Duration(Now - collected)} before the evaluation time; the policy set allows {UnitFormat.Duration(Policies.MaxEvidenceAge)}";
        }

        return null;
    }

    /// <summary>Gets a kind's records after checking that the kind is present and fresh enough.</summary>
    /// <exception cref="InsufficientEvidenceException">The kind is absent or stale.</exception>
    public IReadOnlyList<T> Require<T>(EvidenceKind kind)
        where T : EvidenceRecord
    {
        _usedKinds.Add(kind);
        if (Insufficiency(kind) is { } problem)
        {
            throw new InsufficientEvidenceException(problem);
        }

        return Evidence.Get<T>(kind);
    }
}
