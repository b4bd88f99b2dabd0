// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using System.Collections.Immutable;
using AiOpsPolicy.Core.Expressions;
using AiOpsPolicy.Core.Metrics;
using AiOpsPolicy.Core.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace AiOpsPolicy.Core.Compilation;

/// <summary>
/// The compiler's part that makes the <see cref="MetricPlan"/>: it reads the checked syntax tree and its semantic model
/// for every call of a metric function whose arguments are all constants (<see cref="ConstantArguments"/>), binds each
/// argument to its parameter (named, positional or left out) and keeps the call as data: the function and the
/// argument values. The function's defaults are applied when the plan becomes requests, by the same code the
/// context's function runs (<see cref="MetricCalls"/>), so a planned call and the gate's call are the same request.
/// </summary>
/// <remarks>
/// A call with an argument that is not a constant (computed from evidence, a lambda's parameter, <c>Now</c>) is not
/// planned and is not an error: it is computed when the gate makes it, on its own pass over the evidence, exactly as
/// a planned call would be computed, only later. <c>GateRunResult.EvidencePasses</c> shows how many such passes a
/// run made. Rubric checks are not planned: they run per model, inside the scorecard's own computation.
/// </remarks>
internal static class MetricPlanner
{
    private const string ContextType = "AiOpsPolicy.Core.Expressions.PolicyContext";
    private const string MetricValueType = "AiOpsPolicy.Core.Metrics.MetricValue";

    /// <summary>Plans every metric call with constant arguments, in the order the expressions make them.</summary>
    /// <param name="policies">The policy set compiled.</param>
    /// <param name="entries">Its expressions.</param>
    /// <param name="nodes">Each expression's node in the generated tree, by entry id.</param>
    /// <param name="model">The tree's semantic model.</param>
    /// <returns>The plan.</returns>
    public static MetricPlan Plan(PolicySet policies, IReadOnlyList<ExpressionEntry> entries, Dictionary<int, ExpressionSyntax> nodes, SemanticModel model)
    {
        var constants = new ConstantArguments(policies);
        var defaultWindow = (Window)policies.DefaultWindow;
        var calls = ImmutableArray.CreateBuilder<PlannedMetricCall>();
        foreach (var entry in entries.Where(e => e.Kind != ExpressionEntryKind.Check))
        {
            foreach (var invocation in nodes[entry.Id].DescendantNodesAndSelf().OfType<InvocationExpressionSyntax>())
            {
                if (model.GetOperation(invocation) is IInvocationOperation operation && TryPlan(operation, constants, defaultWindow) is { } call)
                {
                    calls.Add(call);
                }
            }
        }

        return new MetricPlan(calls.ToImmutable());
    }

    /// <summary>Plans one call, or returns null when it is not a metric function's or an argument is not a constant.</summary>
    /// <param name="operation">The bound call.</param>
    /// <param name="constants">The constant evaluator.</param>
    /// <param name="defaultWindow">The policy set's default window, to check that the call makes a request.</param>
    /// <returns>The planned call, or null.</returns>
    public static PlannedMetricCall? TryPlan(IInvocationOperation operation, ConstantArguments constants, Window defaultWindow)
    {
        var method = operation.TargetMethod;
        if (!IsMetricFunction(method) || operation.Instance is not (null or IInstanceReferenceOperation))
        {
            return null;
        }

        var arguments = new object?[method.Parameters.Length];
        foreach (var argument in operation.Arguments)
        {
            if (argument.Parameter is not { } parameter || argument.ArgumentKind == ArgumentKind.ParamArray
                || !constants.TryEvaluate(argument.Value, out var value) || !MetricPlan.CanHold(value))
            {
                return null;
            }

            arguments[parameter.Ordinal] = value;
        }

        try
        {
            // The request is made now only to prove it can be: a call whose arguments do not fit (a null where the
            // function needs a value) is left to the gate, which reports it.
            _ = MetricCalls.Create(method.Name, defaultWindow, arguments);
        }
        catch (ArgumentException)
        {
            return null;
        }

        return new PlannedMetricCall(method.Name, [.. arguments]);
    }

    /// <summary>Whether a method is one of the context's metric functions: public, an instance's, returning a metric value.</summary>
    /// <param name="method">The method.</param>
    /// <returns>True when it is.</returns>
    public static bool IsMetricFunction(IMethodSymbol method) =>
        method is { IsStatic: false, DeclaredAccessibility: Accessibility.Public, MethodKind: MethodKind.Ordinary }
        && method.ContainingType.ToDisplayString() == ContextType
        && method.ReturnType.ToDisplayString() == MetricValueType
        && MetricCalls.Arity(method.Name) == method.Parameters.Length;
}
