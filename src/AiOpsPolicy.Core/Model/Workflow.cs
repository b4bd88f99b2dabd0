// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using System.Collections.Immutable;
using AiOpsPolicy.Core.Syntax;

namespace AiOpsPolicy.Core.Model;

/// <summary>A workflow: its steps, the systems it touches from trigger to reporting, and its SLA targets.</summary>
public sealed class Workflow : PolicyObject
{
    internal Workflow(PolicyMetadata metadata, YamlMapping node)
        : base(metadata, node)
    {
    }

    /// <inheritdoc />
    public override PolicyKind Kind => PolicyKind.Workflow;

    /// <summary>Gets the system where a case starts, if given.</summary>
    public string? Trigger { get; init; }

    /// <summary>Gets the systems the workflow touches, from trigger to reporting, in order.</summary>
    public ImmutableArray<string> Systems { get; init; } = [];

    /// <summary>Gets the end-to-end SLA.</summary>
    public SlaTarget Sla { get; init; } = SlaTarget.None;

    /// <summary>
    /// Gets the names other tools give this workflow or service (a DevLake scope such as
    /// <c>github:GithubRepo:1:384111310</c>, a CI/CD scope, an issue board). Metrics that read a <c>service</c>
    /// field (deployments, changes, incidents) count records naming the workflow or any of these.
    /// </summary>
    public ImmutableArray<string> ExternalIds { get; init; } = [];

    /// <summary>Gets the steps in order.</summary>
    public ImmutableArray<WorkflowStep> Steps { get; init; } = [];

    /// <summary>Finds a step by name.</summary>
    /// <param name="name">The step's name.</param>
    /// <returns>The step, or null.</returns>
    public WorkflowStep? FindStep(string name) => Steps.FirstOrDefault(s => string.Equals(s.Name, name, StringComparison.Ordinal));
}
