// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using System.Collections.Immutable;
using AiOpsPolicy.Core.Diagnostics;

namespace AiOpsPolicy.Core.Evidence;

/// <summary>What loading evidence produced.</summary>
/// <param name="Evidence">The evidence; files with errors contribute nothing.</param>
/// <param name="Diagnostics">Every problem found.</param>
public sealed record EvidenceLoadResult(EvidenceSet Evidence, ImmutableArray<Diagnostic> Diagnostics)
{
    /// <summary>Gets a value indicating whether any diagnostic is an error.</summary>
    public bool HasErrors => Diagnostics.Any(d => d.IsError);
}
