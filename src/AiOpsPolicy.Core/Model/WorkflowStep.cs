// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

namespace AiOpsPolicy.Core.Model;

/// <summary>One step of a workflow (ingestion, feature creation, inference, human review, ...).</summary>
/// <param name="Name">The step's name, unique within its workflow.</param>
/// <param name="System">The system the step runs in, if given.</param>
/// <param name="Sla">The step's own SLA.</param>
public sealed record WorkflowStep(string Name, string? System, SlaTarget Sla);
