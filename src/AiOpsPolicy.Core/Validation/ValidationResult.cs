// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using System.Collections.Immutable;
using AiOpsPolicy.Core.Diagnostics;
using AiOpsPolicy.Core.Model;

namespace AiOpsPolicy.Core.Validation;

/// <summary>What the validate stage produced.</summary>
/// <param name="PolicySet">The policy set; complete only when there are no errors.</param>
/// <param name="Diagnostics">Every problem found so far, in reporting order.</param>
public sealed record ValidationResult(PolicySet PolicySet, ImmutableArray<Diagnostic> Diagnostics)
{
    /// <summary>Gets a value indicating whether any diagnostic is an error.</summary>
    public bool HasErrors => Diagnostics.Any(d => d.IsError);
}
