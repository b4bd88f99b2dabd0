// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using System.Collections.Immutable;
using AiOpsPolicy.Core.Diagnostics;
using AiOpsPolicy.Core.Text;

namespace AiOpsPolicy.Service.Api;

/// <summary>Why a request got no decision: the HTTP status, the diagnostics (as the CLI prints them) and the CLI's exit code.</summary>
/// <param name="Status">The HTTP status code (4xx for the caller's input, 503 when the service cannot decide now).</param>
/// <param name="Diagnostics">Every diagnostic, errors first.</param>
/// <param name="ExitCode">The exit code <c>gate</c> would have returned (2), or null for service-side failures.</param>
public sealed record ServiceProblem(int Status, ImmutableArray<Diagnostic> Diagnostics, int? ExitCode)
{
    /// <summary>The exit code of invalid input, as the CLI's.</summary>
    public const int InvalidInput = 2;

    /// <summary>A problem with one diagnostic and no location.</summary>
    /// <param name="status">The HTTP status code.</param>
    /// <param name="descriptor">The diagnostic.</param>
    /// <param name="args">Its message arguments.</param>
    /// <returns>The problem.</returns>
    public static ServiceProblem Of(int status, DiagnosticDescriptor descriptor, params object?[] args) =>
        new(status, [Diagnostic.Create(descriptor, SourceLocation.None, args)], status < 500 && status is not (401 or 403 or 404 or 409) ? InvalidInput : null);
}
