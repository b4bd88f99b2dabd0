// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

namespace AiOpsPolicy.Core.Model;

/// <summary>One check of a rubric.</summary>
/// <param name="Name">The check's name, unique within its rubric.</param>
/// <param name="Category">fairness, privacy, explainability, safety or human-oversight.</param>
/// <param name="Description">What the check is for, if given.</param>
/// <param name="Predicate">The C# predicate over <c>model</c>.</param>
public sealed record RubricCheck(string Name, string Category, string? Description, PolicyExpression Predicate);
