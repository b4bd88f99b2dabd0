// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using System.Collections.Immutable;
using AiOpsPolicy.Core.Diagnostics;
using AiOpsPolicy.Core.Text;

namespace AiOpsPolicy.Core.Loading;

/// <summary>What the load stage produced.</summary>
/// <param name="Files">Every policy file read, in path order.</param>
/// <param name="Documents">Every document whose envelope is valid.</param>
/// <param name="Diagnostics">Every problem found.</param>
public sealed record PolicyLoadResult(ImmutableArray<SourceFile> Files, ImmutableArray<PolicyDocument> Documents, ImmutableArray<Diagnostic> Diagnostics);
