// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using System.Globalization;

namespace AiOpsPolicy.Core.Diagnostics;

/// <summary>
/// What can go wrong: a stable code, a title, a message format and a default severity.
/// Every descriptor lives in <see cref="DiagnosticCatalog"/>; codes are never reused.
/// </summary>
/// <param name="Id">The stable code, <c>AOP</c> plus four digits.</param>
/// <param name="Title">A short title, used by SARIF rules and the docs.</param>
/// <param name="MessageFormat">A composite format string; its arguments are given when the diagnostic is created.</param>
/// <param name="Category">The stage the diagnostic comes from.</param>
/// <param name="DefaultSeverity">The severity unless configuration says otherwise.</param>
public sealed record DiagnosticDescriptor(
    string Id,
    string Title,
    string MessageFormat,
    DiagnosticCategory Category,
    DiagnosticSeverity DefaultSeverity)
{
    /// <summary>Gets the link to the documentation section for this code.</summary>
    public string HelpLink => $"docs/diagnostics.md#{Id.ToLowerInvariant()}";

    /// <summary>Formats the message with its arguments.</summary>
    /// <param name="args">The arguments.</param>
    /// <returns>The message.</returns>
    public string FormatMessage(params object?[] args) =>
        args.Length == 0 ? MessageFormat : string.Format(CultureInfo.InvariantCulture, MessageFormat, args);
}
