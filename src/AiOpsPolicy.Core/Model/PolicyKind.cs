// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

namespace AiOpsPolicy.Core.Model;

/// <summary>The kinds of policy document.</summary>
public enum PolicyKind
{
    /// <summary>The policy set's manifest: version and defaults. At most one per set.</summary>
    PolicySet,

    /// <summary>A workflow: its steps, the systems it touches, its SLA targets.</summary>
    Workflow,

    /// <summary>A connector: a critical API or data flow and its daily checks.</summary>
    Connector,

    /// <summary>A control: required or not, automated or not, where it is enforced.</summary>
    Control,

    /// <summary>A responsible-AI rubric: named checks, each a C# predicate over a model evaluation.</summary>
    Rubric,

    /// <summary>A gate: a measure and its bound, or a condition; blocks or warns.</summary>
    Gate,

    /// <summary>A reusable named expression.</summary>
    Definition,

    /// <summary>An accepted failure of named gates, with an owner, a reason, a ticket and an expiry.</summary>
    Waiver,

    /// <summary>A finding rule: a condition that, when it holds, reports an observation with a message. Never blocks.</summary>
    Finding,

    /// <summary>A roll-up: one metric evaluated at several levels (step, workflow, team, organisation), each with its own bound.</summary>
    Rollup,
}
