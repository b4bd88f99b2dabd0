// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using System.Runtime.ExceptionServices;
using AiOpsPolicy.Core.Evidence;

namespace AiOpsPolicy.Core.Metrics;

/// <summary>
/// Computes metrics for one run. Each request is computed once and shared. Requests known before
/// evaluation (every metric call whose arguments are constants) are prefetched together: each
/// evidence kind is walked once, handing every record to every aggregator that reads the kind.
/// </summary>
internal sealed class MetricEngine
{
    private readonly Dictionary<MetricRequest, Outcome> _results = [];
    private readonly HashSet<MetricRequest> _computing = [];

    /// <summary>Aggregators of the batch being completed that have seen their records but not yet given their value.</summary>
    private readonly Dictionary<MetricRequest, MetricAggregator> _walked = [];
    private readonly IMetricEvidence _scope;
    private readonly MetricContext _context;

    public MetricEngine(IMetricEvidence scope, MetricContext context)
    {
        _scope = scope;
        _context = context;
    }

    /// <summary>Gets how many evidence passes have been made, for tests and benchmarks.</summary>
    public int Passes { get; private set; }

    /// <summary>Gets a metric, computing it alone if it was not prefetched.</summary>
    /// <param name="request">The metric.</param>
    /// <returns>The value.</returns>
    public MetricValue Get(MetricRequest request)
    {
        if (!_results.TryGetValue(request, out var outcome))
        {
            if (_walked.Remove(request, out var walked))
            {
                // A metric of the batch being completed, asked for by another one's completion (a rubric predicate
                // that calls a metric): its records are all in, so it completes now rather than being computed twice.
                Complete(request, walked);
            }
            else if (_computing.Contains(request))
            {
                // A rubric predicate that asks for the scorecard it is part of would recurse forever.
                throw new InvalidOperationException($"the metric {request} depends on itself");
            }
            else
            {
                Compute([request]);
            }

            outcome = _results[request];
        }

        if (outcome.Error is { } error)
        {
            ExceptionDispatchInfo.Throw(error);
        }

        return outcome.Value ?? throw new InvalidOperationException("A metric has neither a value nor an error.");
    }

    /// <summary>Computes many metrics together, walking each evidence kind once.</summary>
    /// <param name="requests">The metrics.</param>
    public void Prefetch(IEnumerable<MetricRequest> requests) =>
        Compute([.. requests.Distinct().Where(r => !_results.ContainsKey(r))]);

    private void Compute(List<MetricRequest> requests)
    {
        _computing.UnionWith(requests);
        try
        {
            ComputeAll(requests);
        }
        finally
        {
            _computing.ExceptWith(requests);
        }
    }

    private void ComputeAll(List<MetricRequest> requests)
    {
        var live = new List<(MetricRequest Request, MetricAggregator Aggregator)>(requests.Count);
        foreach (var request in requests)
        {
            var problem = _scope.Insufficiency(request);
            if (problem is not null)
            {
                _results[request] = new Outcome(null, new InsufficientEvidenceException(problem));
                continue;
            }

            try
            {
                live.Add((request, request.CreateAggregator(_context)));
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                _results[request] = new Outcome(null, ex);
            }
        }

        // An absent kind has nothing to walk (a metric that reads any of several forms may read an absent one).
        var failed = new Dictionary<MetricAggregator, Exception>(ReferenceEqualityComparer.Instance);
        foreach (var kind in live.SelectMany(l => l.Request.Kinds).Distinct().Where(_scope.Evidence.Has).Order())
        {
            var aggregators = live.Where(l => l.Request.Kinds.Contains(kind)).Select(l => l.Aggregator).ToArray();
            Passes++;
            if (_scope.Evidence.Pushed(kind) is { } pushed)
            {
                WalkPushed(kind, pushed, aggregators, failed);
            }
            else
            {
                Walk(kind, aggregators);
            }
        }

        foreach (var (request, aggregator) in live)
        {
            if (failed.TryGetValue(aggregator, out var failure))
            {
                _results[request] = new Outcome(null, failure);
                continue;
            }

            _walked[request] = aggregator;
        }

        try
        {
            foreach (var (request, _) in live)
            {
                if (_walked.Remove(request, out var aggregator))
                {
                    Complete(request, aggregator);
                }
            }
        }
        finally
        {
            // Only this batch's: a batch computed inside another's completion must leave the outer batch's pending.
            foreach (var (request, _) in live)
            {
                _walked.Remove(request);
            }
        }
    }

    private void Complete(MetricRequest request, MetricAggregator aggregator)
    {
        try
        {
            _results[request] = new Outcome(aggregator.Complete(), null);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            _results[request] = new Outcome(null, ex);
        }
    }

    /// <summary>
    /// The pass over a kind kept in a query engine: every aggregator that gives criteria for the kind (run criteria for
    /// workflow runs, agent criteria for agent runs) is answered by one query (aggregates and the smallest failing ids
    /// come back, not the records); any other is walked over the kind's rows, fetched once and bounded. A fetch past the
    /// bound fails those metrics only, with a message naming the metric functions the engine computes.
    /// </summary>
    private void WalkPushed(EvidenceKind kind, IPushedEvidence pushed, MetricAggregator[] aggregators, Dictionary<MetricAggregator, Exception> failed)
    {
        var tallied = kind switch
        {
            EvidenceKind.WorkflowRuns => Tally(aggregators, static a => a.RunCriteria, pushed.TallyRuns, static (a, t) => a.Add(t), failed),
            EvidenceKind.AgentRuns => Tally(aggregators, static a => a.AgentCriteria, pushed.TallyAgentRuns, static (a, t) => a.Add(t), failed),
            _ => [],
        };

        var walked = aggregators.Except(tallied).ToArray();
        if (walked.Length > 0)
        {
            try
            {
                Walk(kind, walked);
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                foreach (var aggregator in walked)
                {
                    failed[aggregator] = ex;
                }
            }
        }
    }

    /// <summary>Answers every aggregator that gives criteria with one query over all their criteria; returns those aggregators.</summary>
    private static MetricAggregator[] Tally<TCriterion, TTally>(
        MetricAggregator[] aggregators,
        Func<MetricAggregator, IReadOnlyList<TCriterion>?> criteriaOf,
        Func<IReadOnlyList<TCriterion>, IReadOnlyList<TTally>> query,
        Action<MetricAggregator, IReadOnlyList<TTally>> add,
        Dictionary<MetricAggregator, Exception> failed)
    {
        var tallied = aggregators.Where(a => criteriaOf(a) is not null).ToArray();
        if (tallied.Length == 0)
        {
            return tallied;
        }

        try
        {
            var tallies = query([.. tallied.SelectMany(a => criteriaOf(a) ?? [])]);
            var at = 0;
            foreach (var aggregator in tallied)
            {
                var count = criteriaOf(aggregator)?.Count ?? 0;
                add(aggregator, tallies.Skip(at).Take(count).ToArray());
                at += count;
            }
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            foreach (var aggregator in tallied)
            {
                failed[aggregator] = ex;
            }
        }

        return tallied;
    }

    /// <summary>One pass over one kind. Typed loops over arrays: no boxing, no enumerator allocation.</summary>
    private void Walk(EvidenceKind kind, MetricAggregator[] aggregators)
    {
        var evidence = _scope.Evidence;
        switch (kind)
        {
            case EvidenceKind.WorkflowRuns:
                WalkRuns(evidence.Array<WorkflowRun>(kind), aggregators);
                break;
            case EvidenceKind.Incidents:
                Each(evidence.Array<Incident>(kind), aggregators, static (a, r) => a.Add(r));
                break;
            case EvidenceKind.Transactions:
                Each(evidence.Array<TransactionVolume>(kind), aggregators, static (a, r) => a.Add(r));
                break;
            case EvidenceKind.ConnectorChecks:
                Each(evidence.Array<ConnectorCheck>(kind), aggregators, static (a, r) => a.Add(r));
                break;
            case EvidenceKind.Freshness:
                Each(evidence.Array<FreshnessMeasurement>(kind), aggregators, static (a, r) => a.Add(r));
                break;
            case EvidenceKind.ValueLines:
                Each(evidence.Array<ValueLine>(kind), aggregators, static (a, r) => a.Add(r));
                break;
            case EvidenceKind.CaseEffort:
                Each(evidence.Array<CaseEffort>(kind), aggregators, static (a, r) => a.Add(r));
                break;
            case EvidenceKind.Throughput:
                Each(evidence.Array<DailyThroughput>(kind), aggregators, static (a, r) => a.Add(r));
                break;
            case EvidenceKind.ModelEvaluations:
                Each(evidence.Array<ModelEvaluation>(kind), aggregators, static (a, r) => a.Add(r));
                break;
            case EvidenceKind.ControlExecutions:
                Each(evidence.Array<ControlExecution>(kind), aggregators, static (a, r) => a.Add(r));
                break;
            case EvidenceKind.MonitoringChecks:
                Each(evidence.Array<MonitoringCheck>(kind), aggregators, static (a, r) => a.Add(r));
                break;
            case EvidenceKind.Alerts:
                Each(evidence.Array<MonitoringAlert>(kind), aggregators, static (a, r) => a.Add(r));
                break;
            case EvidenceKind.Pilots:
                Each(evidence.Array<Pilot>(kind), aggregators, static (a, r) => a.Add(r));
                break;
            case EvidenceKind.Changes:
                Each(evidence.Array<Change>(kind), aggregators, static (a, r) => a.Add(r));
                break;
            case EvidenceKind.AgentRuns:
                Each(evidence.Array<AgentRun>(kind), aggregators, static (a, r) => a.Add(r));
                break;
            case EvidenceKind.WorkflowRunCounts:
                Each(evidence.Array<WorkflowRunCount>(kind), aggregators, static (a, r) => a.Add(r));
                break;
            case EvidenceKind.Deployments:
                Each(evidence.Array<Deployment>(kind), aggregators, static (a, r) => a.Add(r));
                break;
            case EvidenceKind.Costs:
                Each(evidence.Array<CostLine>(kind), aggregators, static (a, r) => a.Add(r));
                break;
        }
    }

    /// <summary>
    /// The workflow-run pass, the one that sees a million records: each run goes to the aggregators
    /// scoped to its workflow and step (found by lookup) and to the unscoped ones, not to all.
    /// Routing is exact, so scoped aggregators need not check the workflow and step again.
    /// </summary>
    private static void WalkRuns(WorkflowRun[] runs, MetricAggregator[] aggregators)
    {
        var unscoped = aggregators.Where(a => a.RunScope is null && a.PooledStepsOf is null).ToArray();
        var scoped = new Dictionary<string, RunRoutes>(StringComparer.Ordinal);
        RunRoutes Routes(string workflow)
        {
            if (!scoped.TryGetValue(workflow, out var routes))
            {
                routes = new RunRoutes();
                scoped.Add(workflow, routes);
            }

            return routes;
        }

        foreach (var group in aggregators.Where(a => a.RunScope is not null).GroupBy(a => a.RunScope))
        {
            var (workflow, step) = group.Key ?? default;
            var routes = Routes(workflow);
            if (step is null)
            {
                routes.Whole = [.. group];
            }
            else
            {
                routes.Steps[step] = [.. group];
            }
        }

        foreach (var group in aggregators.Where(a => a.PooledStepsOf is not null).GroupBy(a => a.PooledStepsOf!, StringComparer.Ordinal))
        {
            Routes(group.Key).AllSteps = [.. group];
        }

        foreach (var run in runs)
        {
            if (scoped.TryGetValue(run.Workflow, out var routes))
            {
                var targets = run.Step is null ? routes.Whole : routes.Steps.GetValueOrDefault(run.Step, []);
                foreach (var aggregator in targets)
                {
                    aggregator.Add(run);
                }

                if (run.Step is not null)
                {
                    foreach (var aggregator in routes.AllSteps)
                    {
                        aggregator.Add(run);
                    }
                }
            }

            foreach (var aggregator in unscoped)
            {
                aggregator.Add(run);
            }
        }
    }

    /// <summary>The pass for the smaller evidence kinds.</summary>
    private static void Each<T>(T[] records, MetricAggregator[] aggregators, Action<MetricAggregator, T> add)
    {
        foreach (var record in records)
        {
            foreach (var aggregator in aggregators)
            {
                add(aggregator, record);
            }
        }
    }

    private sealed record Outcome(MetricValue? Value, Exception? Error);

    /// <summary>The aggregators of one workflow: for whole runs, per step, and for every step pooled.</summary>
    private sealed class RunRoutes
    {
        public MetricAggregator[] Whole { get; set; } = [];

        public MetricAggregator[] AllSteps { get; set; } = [];

        public Dictionary<string, MetricAggregator[]> Steps { get; } = new(StringComparer.Ordinal);
    }
}
