// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using System.Collections.Immutable;
using AiOpsPolicy.Core.Diagnostics;

namespace AiOpsPolicy.Core.Compilation;

/// <summary>What the compile stage produced.</summary>
/// <param name="Assembly">The compiled assembly's bytes; null when there are errors.</param>
/// <param name="Diagnostics">Every problem found.</param>
public sealed record CompileOutput(byte[]? Assembly, ImmutableArray<Diagnostic> Diagnostics);
