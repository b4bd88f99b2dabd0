// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

namespace AiOpsPolicy.Core.Diagnostics;

/// <summary>The one order in which diagnostics are reported: by file, position, then code.</summary>
public static class DiagnosticOrder
{
    /// <summary>Sorts diagnostics into reporting order. The sort is stable and culture-independent.</summary>
    /// <param name="diagnostics">The diagnostics.</param>
    /// <returns>The sorted diagnostics.</returns>
    public static IEnumerable<Diagnostic> Sort(IEnumerable<Diagnostic> diagnostics) =>
        diagnostics
            .OrderBy(d => d.Location.Path, StringComparer.Ordinal)
            .ThenBy(d => d.Location.StartLine)
            .ThenBy(d => d.Location.StartColumn)
            .ThenBy(d => d.Id, StringComparer.Ordinal)
            .ThenBy(d => d.Message, StringComparer.Ordinal);
}
