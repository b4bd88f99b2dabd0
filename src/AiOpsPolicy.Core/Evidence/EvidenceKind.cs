// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

namespace AiOpsPolicy.Core.Evidence;

/// <summary>The kinds of evidence record. Each is written in files as its kebab-case name.</summary>
public enum EvidenceKind
{
    /// <summary><c>workflow-runs</c>: one run of a workflow or of one of its steps.</summary>
    WorkflowRuns,

    /// <summary><c>incidents</c>: an incident from opening to recovery.</summary>
    Incidents,

    /// <summary><c>transactions</c>: transaction volume per workflow per period.</summary>
    Transactions,

    /// <summary><c>connector-checks</c>: one connector's daily check.</summary>
    ConnectorChecks,

    /// <summary><c>freshness</c>: one lag measurement of a dataset at a stage.</summary>
    Freshness,

    /// <summary><c>value-lines</c>: a cost or benefit line with its assumptions.</summary>
    ValueLines,

    /// <summary><c>case-effort</c>: manual minutes per case before and after, with steps the AI added.</summary>
    CaseEffort,

    /// <summary><c>throughput</c>: cases completed per day, before and after go-live.</summary>
    Throughput,

    /// <summary><c>model-evaluations</c>: one evaluation of one model version.</summary>
    ModelEvaluations,

    /// <summary><c>control-executions</c>: one run of a control.</summary>
    ControlExecutions,

    /// <summary><c>monitoring-checks</c>: one drift or bias check of a model.</summary>
    MonitoringChecks,

    /// <summary><c>alerts</c>: one drift or bias alert, from raised to resolved.</summary>
    Alerts,

    /// <summary><c>pilots</c>: an experiment and whether it became an owned production service.</summary>
    Pilots,

    /// <summary><c>changes</c>: a change from approved PR to production.</summary>
    Changes,

    /// <summary><c>agent-runs</c>: one run of a multi-agent workflow.</summary>
    AgentRuns,

    /// <summary>
    /// <c>workflow-run-counts</c>: how many runs of a workflow or step ended in one period and how many
    /// met a time and quality target: the aggregate form of <c>workflow-runs</c>, from latency histograms.
    /// </summary>
    WorkflowRunCounts,

    /// <summary><c>deployments</c>: one deployment of a service to an environment, with how it ended.</summary>
    Deployments,

    /// <summary><c>costs</c>: one cost line of a workflow (cloud, vendor or labour), before (baseline) or with the AI (current).</summary>
    Costs,
}
