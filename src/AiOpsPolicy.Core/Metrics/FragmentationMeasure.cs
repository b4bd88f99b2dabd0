// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

namespace AiOpsPolicy.Core.Metrics;

/// <summary>Which number of the fragmented-systems index (metric 6) is measured.</summary>
public enum FragmentationMeasure
{
    /// <summary>The distinct systems a workflow touches from trigger to reporting: the trigger, the declared systems and the steps' systems.</summary>
    Systems,

    /// <summary>The handoffs between systems: consecutive steps (with a system) in different systems, plus trigger to first step when they differ.</summary>
    Handoffs,

    /// <summary>The duplicate sources: systems the workflow reads from more than once (several connectors to one system, or a system listed twice).</summary>
    DuplicateSources,
}
