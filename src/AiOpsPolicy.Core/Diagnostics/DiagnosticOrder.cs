// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

namespace AiOpsPolicy.Core.Diagnostics;

/// <summary>
/// The one order in which diagnostics are reported: files that could not be read whole first (a YAML
/// syntax error, AOP1001, or an unreadable file, AOP1002), because what follows them is often a
/// consequence (a workflow in the broken file is "not declared" for every gate that names it); then
/// by file, position, then code.
/// </summary>
public static class DiagnosticOrder
{
    /// <summary>Sorts diagnostics into reporting order. The sort is stable and culture-independent.</summary>
    /// <param name="diagnostics">The diagnostics.</param>
    /// <returns>The sorted diagnostics.</returns>
    public static IEnumerable<Diagnostic> Sort(IEnumerable<Diagnostic> diagnostics) =>
        diagnostics
            .OrderBy(d => IsUnreadFile(d) ? 0 : 1)
            .ThenBy(d => d.Location.Path, StringComparer.Ordinal)
            .ThenBy(d => d.Location.StartLine)
            .ThenBy(d => d.Location.StartColumn)
            .ThenBy(d => d.Id, StringComparer.Ordinal)
            .ThenBy(d => d.Message, StringComparer.Ordinal);

    private static bool IsUnreadFile(Diagnostic diagnostic) =>
        diagnostic.Descriptor == DiagnosticCatalog.YamlSyntax || diagnostic.Descriptor == DiagnosticCatalog.FileUnreadable;
}
