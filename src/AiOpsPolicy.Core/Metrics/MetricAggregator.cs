// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using AiOpsPolicy.Core.Evidence;

namespace AiOpsPolicy.Core.Metrics;

/// <summary>
/// Computes one metric while the evidence is walked. The metric engine walks each evidence kind
/// once per run and hands every record to every aggregator that reads that kind, so 200 gates over
/// a million workflow runs cost one pass, not 200. An aggregator overrides the Add methods of the
/// kinds its request lists in <see cref="MetricRequest.Kinds"/>.
/// </summary>
internal abstract class MetricAggregator
{
    /// <summary>
    /// Gets the workflow and step whose runs this aggregator reads, when it reads only those (step
    /// null for whole runs). The workflow-run pass then hands it only those runs, found by lookup,
    /// instead of every run: with hundreds of SLA gates that is the difference between one call per
    /// run and hundreds. Null when the aggregator reads every run.
    /// </summary>
    public virtual (string Workflow, string? Step)? RunScope => null;

    /// <summary>
    /// Gets the workflow whose step runs (every step, not whole runs) this aggregator reads, when it pools them; the
    /// workflow-run pass then hands it only those runs. Null otherwise.
    /// </summary>
    public virtual string? PooledStepsOf => null;

    /// <summary>
    /// Gets the runs this aggregator reads as criteria a query engine can count (push-down, when the runs are kept
    /// in DuckDB), or null when it must see every run; the tallies then come to <see cref="Add(IReadOnlyList{RunTally})"/>
    /// instead of the runs to <see cref="Add(WorkflowRun)"/>.
    /// </summary>
    public virtual IReadOnlyList<RunCriterion>? RunCriteria => null;

    /// <summary>Adds what a query engine counted for <see cref="RunCriteria"/>, one tally per criterion, in order.</summary>
    /// <param name="tallies">The tallies.</param>
    public virtual void Add(IReadOnlyList<RunTally> tallies) =>
        throw new NotSupportedException($"{GetType().Name} gives no run criteria, so it takes no tallies");

    /// <summary>
    /// Gets the agent runs this aggregator reads as criteria a query engine can count (push-down, when agent runs are
    /// kept in DuckDB), or null when it must see every run; the tallies then come to
    /// <see cref="Add(IReadOnlyList{AgentTally})"/> instead of the runs to <see cref="Add(AgentRun)"/>.
    /// </summary>
    public virtual IReadOnlyList<AgentCriterion>? AgentCriteria => null;

    /// <summary>Adds what a query engine counted for <see cref="AgentCriteria"/>, one tally per criterion, in order.</summary>
    /// <param name="tallies">The tallies.</param>
    public virtual void Add(IReadOnlyList<AgentTally> tallies) =>
        throw new NotSupportedException($"{GetType().Name} gives no agent criteria, so it takes no tallies");

    public virtual void Add(WorkflowRun record)
    {
    }

    public virtual void Add(Incident record)
    {
    }

    public virtual void Add(TransactionVolume record)
    {
    }

    public virtual void Add(ConnectorCheck record)
    {
    }

    public virtual void Add(FreshnessMeasurement record)
    {
    }

    public virtual void Add(ValueLine record)
    {
    }

    public virtual void Add(CaseEffort record)
    {
    }

    public virtual void Add(DailyThroughput record)
    {
    }

    public virtual void Add(ModelEvaluation record)
    {
    }

    public virtual void Add(ControlExecution record)
    {
    }

    public virtual void Add(MonitoringCheck record)
    {
    }

    public virtual void Add(MonitoringAlert record)
    {
    }

    public virtual void Add(Pilot record)
    {
    }

    public virtual void Add(Change record)
    {
    }

    public virtual void Add(AgentRun record)
    {
    }

    public virtual void Add(WorkflowRunCount record)
    {
    }

    public virtual void Add(Deployment record)
    {
    }

    public virtual void Add(CostLine record)
    {
    }

    /// <summary>Finishes the metric once every record has been added.</summary>
    /// <returns>The value.</returns>
    public abstract MetricValue Complete();
}
