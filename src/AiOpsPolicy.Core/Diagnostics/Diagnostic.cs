// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using AiOpsPolicy.Core.Text;

namespace AiOpsPolicy.Core.Diagnostics;

/// <summary>What went wrong, and where: a code, a severity, a message and a location.</summary>
/// <param name="Descriptor">What kind of problem this is.</param>
/// <param name="Severity">How serious it is.</param>
/// <param name="Message">What is wrong and what to do about it.</param>
/// <param name="Location">Where it is.</param>
public sealed record Diagnostic(DiagnosticDescriptor Descriptor, DiagnosticSeverity Severity, string Message, SourceLocation Location)
{
    /// <summary>Gets the stable code.</summary>
    public string Id => Descriptor.Id;

    /// <summary>Gets a value indicating whether this diagnostic stops evaluation.</summary>
    public bool IsError => Severity == DiagnosticSeverity.Error;

    /// <summary>Creates a diagnostic with the descriptor's default severity.</summary>
    /// <param name="descriptor">What kind of problem this is.</param>
    /// <param name="location">Where it is.</param>
    /// <param name="args">The message arguments.</param>
    /// <returns>The diagnostic.</returns>
    public static Diagnostic Create(DiagnosticDescriptor descriptor, SourceLocation location, params object?[] args) =>
        new(descriptor, descriptor.DefaultSeverity, descriptor.FormatMessage(args), location);

    /// <summary>
    /// Formats the diagnostic the way compilers do, so that editors and CI annotators pick it up:
    /// <c>file(line,col): error AOP1234: message</c>.
    /// </summary>
    /// <returns>The formatted line.</returns>
    public override string ToString()
    {
        var severity = Severity switch
        {
            DiagnosticSeverity.Error => "error",
            DiagnosticSeverity.Warning => "warning",
            _ => "info",
        };
        var prefix = Location.IsInFile ? Location + ": " : string.Empty;
        return $"{prefix}{severity} {Id}: {Message}";
    }
}
