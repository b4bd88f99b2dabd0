// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

namespace AiOpsPolicy.Core.Compilation;

/// <summary>Where an expression of the policy set sits, which decides the generated member it becomes.</summary>
internal enum ExpressionEntryKind
{
    /// <summary>A definition's value: a property of the generated class, typed by inference.</summary>
    Definition,

    /// <summary>A gate's measure.</summary>
    Measure,

    /// <summary>A gate's condition.</summary>
    Condition,

    /// <summary>A rubric check's predicate over one model evaluation.</summary>
    Check,

    /// <summary>A finding's <c>when</c>.</summary>
    FindingWhen,

    /// <summary>One placeholder of a finding's message.</summary>
    FindingPart,
}
