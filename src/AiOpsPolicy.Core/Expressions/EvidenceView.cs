// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using AiOpsPolicy.Core.Evidence;

namespace AiOpsPolicy.Core.Expressions;

/// <summary>
/// The evidence records as expressions see them. Reading a collection checks that its kind was
/// supplied and is fresh enough; if not, the gate ends <c>insufficient-evidence</c>.
/// </summary>
public sealed class EvidenceView
{
    private readonly IExpressionScope _scope;

    internal EvidenceView(IExpressionScope scope)
    {
        _scope = scope;
    }

    /// <summary>Gets the workflow runs.</summary>
    public IReadOnlyList<WorkflowRun> WorkflowRuns => _scope.Require<WorkflowRun>(EvidenceKind.WorkflowRuns);

    /// <summary>Gets the incidents.</summary>
    public IReadOnlyList<Incident> Incidents => _scope.Require<Incident>(EvidenceKind.Incidents);

    /// <summary>Gets the transaction volumes.</summary>
    public IReadOnlyList<TransactionVolume> Transactions => _scope.Require<TransactionVolume>(EvidenceKind.Transactions);

    /// <summary>Gets the connector checks.</summary>
    public IReadOnlyList<ConnectorCheck> ConnectorChecks => _scope.Require<ConnectorCheck>(EvidenceKind.ConnectorChecks);

    /// <summary>Gets the freshness measurements.</summary>
    public IReadOnlyList<FreshnessMeasurement> Freshness => _scope.Require<FreshnessMeasurement>(EvidenceKind.Freshness);

    /// <summary>Gets the cost and benefit lines.</summary>
    public IReadOnlyList<ValueLine> ValueLines => _scope.Require<ValueLine>(EvidenceKind.ValueLines);

    /// <summary>Gets the case-effort measurements.</summary>
    public IReadOnlyList<CaseEffort> CaseEffort => _scope.Require<CaseEffort>(EvidenceKind.CaseEffort);

    /// <summary>Gets the daily throughput.</summary>
    public IReadOnlyList<DailyThroughput> Throughput => _scope.Require<DailyThroughput>(EvidenceKind.Throughput);

    /// <summary>Gets the model evaluations.</summary>
    public IReadOnlyList<ModelEvaluation> ModelEvaluations => _scope.Require<ModelEvaluation>(EvidenceKind.ModelEvaluations);

    /// <summary>Gets the control executions.</summary>
    public IReadOnlyList<ControlExecution> ControlExecutions => _scope.Require<ControlExecution>(EvidenceKind.ControlExecutions);

    /// <summary>Gets the monitoring checks.</summary>
    public IReadOnlyList<MonitoringCheck> MonitoringChecks => _scope.Require<MonitoringCheck>(EvidenceKind.MonitoringChecks);

    /// <summary>Gets the monitoring alerts.</summary>
    public IReadOnlyList<MonitoringAlert> Alerts => _scope.Require<MonitoringAlert>(EvidenceKind.Alerts);

    /// <summary>Gets the pilots.</summary>
    public IReadOnlyList<Pilot> Pilots => _scope.Require<Pilot>(EvidenceKind.Pilots);

    /// <summary>Gets the changes.</summary>
    public IReadOnlyList<Change> Changes => _scope.Require<Change>(EvidenceKind.Changes);

    /// <summary>Gets the multi-agent runs.</summary>
    public IReadOnlyList<AgentRun> AgentRuns => _scope.Require<AgentRun>(EvidenceKind.AgentRuns);

    /// <summary>Gets the counted workflow runs (the aggregate form, from latency histograms).</summary>
    public IReadOnlyList<WorkflowRunCount> WorkflowRunCounts => _scope.Require<WorkflowRunCount>(EvidenceKind.WorkflowRunCounts);

    /// <summary>Gets the deployments.</summary>
    public IReadOnlyList<Deployment> Deployments => _scope.Require<Deployment>(EvidenceKind.Deployments);

    /// <summary>Gets the cost lines (baseline and current).</summary>
    public IReadOnlyList<CostLine> Costs => _scope.Require<CostLine>(EvidenceKind.Costs);
}
