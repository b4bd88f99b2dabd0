// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using AiOpsPolicy.Core.Model;

namespace AiOpsPolicy.Core.Expressions;

/// <summary>
/// Marks a metric-function parameter that names a declared object. When an expression passes a
/// constant, the compiler checks that it is declared and reports the exact argument if it is not.
/// </summary>
/// <param name="kind">The kind of object the parameter names.</param>
[AttributeUsage(AttributeTargets.Parameter)]
public sealed class PolicyReferenceAttribute(PolicyKind kind) : Attribute
{
    /// <summary>Gets the kind of object the parameter names.</summary>
    public PolicyKind Kind { get; } = kind;
}

/// <summary>
/// Marks a parameter that names a step of the workflow given in the parameter named <c>workflow</c>.
/// </summary>
[AttributeUsage(AttributeTargets.Parameter)]
public sealed class StepReferenceAttribute : Attribute;
