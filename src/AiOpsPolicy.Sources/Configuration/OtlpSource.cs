// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using System.Collections.Immutable;

namespace AiOpsPolicy.Sources.Configuration;

/// <summary>
/// OpenTelemetry traces in OTLP JSON files (what the Collector's file exporter and <c>aiops-policy receive</c>
/// write), mapped to workflow runs and agent runs.
/// </summary>
public sealed record OtlpSource
{
    /// <summary>Gets the files or folders to read, resolved against the sources file's folder.</summary>
    public required ImmutableArray<string> Paths { get; init; }

    /// <summary>Gets the attribute that names a span's workflow (default <c>aiops.workflow</c>).</summary>
    public string WorkflowAttribute { get; init; } = "aiops.workflow";

    /// <summary>Gets the attribute that names a span's step (default <c>aiops.step</c>); a workflow span without it is a whole run.</summary>
    public string StepAttribute { get; init; } = "aiops.step";

    /// <summary>Gets the attribute that carries a run's quality outcome (default <c>aiops.outcome</c>); without it the span status decides (ok or error).</summary>
    public string OutcomeAttribute { get; init; } = "aiops.outcome";

    /// <summary>Gets the attribute that says whether an agent run's outcome was correct (default <c>aiops.correct</c>); without it the span status decides.</summary>
    public string CorrectAttribute { get; init; } = "aiops.correct";

    /// <summary>Gets the attribute or event name that marks a human rescue anywhere in an agent run's trace (default <c>aiops.human_intervention</c>).</summary>
    public string HumanAttribute { get; init; } = "aiops.human_intervention";

    /// <summary>Gets tool names (<c>gen_ai.tool.name</c> of <c>execute_tool</c> spans) that hand the task to a human.</summary>
    public ImmutableArray<string> HumanTools { get; init; } = [];

    /// <summary>Gets a value indicating whether workflow runs are written (spans with the workflow attribute).</summary>
    public bool WorkflowRuns { get; init; } = true;

    /// <summary>Gets a value indicating whether agent runs are written (<c>invoke_agent</c> spans).</summary>
    public bool AgentRuns { get; init; } = true;
}
