// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using System.Collections.Immutable;
using AiOpsPolicy.Core.Diagnostics;
using AiOpsPolicy.Core.Results;

namespace AiOpsPolicy.Core.PolicyTests;

/// <summary>The value of an ad-hoc expression, or why it has none.</summary>
/// <param name="Shape">How it was evaluated; null when it did not compile.</param>
/// <param name="Result">The generated gate's result: the value, the metrics behind it; null when it did not compile.</param>
/// <param name="Diagnostics">
/// The errors that stopped it, with locations inside the expression mapped to line 1 (and on) of
/// the expression itself, in a file named <see cref="ExpressionEvaluator.InputPath"/>.
/// </param>
public sealed record ExpressionEvaluation(ExpressionShape? Shape, GateResult? Result, ImmutableArray<Diagnostic> Diagnostics)
{
    /// <summary>Gets a value indicating whether the expression compiled and was evaluated.</summary>
    public bool Evaluated => Result is not null;
}
