// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using AiOpsPolicy.Core.Diagnostics;
using Microsoft.AspNetCore.Http;

namespace AiOpsPolicy.Service.Api;

/// <summary>Problem responses (<c>application/problem+json</c>) that carry the CLI's diagnostics.</summary>
internal static class Problems
{
    /// <summary>The media type of a problem document (RFC 9457).</summary>
    public const string MediaType = "application/problem+json";

    /// <summary>The result for a problem.</summary>
    /// <param name="problem">The problem.</param>
    /// <returns>The HTTP result.</returns>
    public static IResult Result(ServiceProblem problem) =>
        Results.Json(Body(problem), ServiceJsonContext.Default.ProblemResponse, MediaType, problem.Status);

    /// <summary>The problem document.</summary>
    /// <param name="problem">The problem.</param>
    /// <returns>The body.</returns>
    public static ProblemResponse Body(ServiceProblem problem)
    {
        var first = problem.Diagnostics.FirstOrDefault(d => d.IsError) ?? problem.Diagnostics.First();
        return new ProblemResponse
        {
            Type = first.Descriptor.HelpLink,
            Title = first.Descriptor.Title,
            Status = problem.Status,
            Detail = first.ToString(),
            ExitCode = problem.ExitCode,
            Diagnostics = [.. problem.Diagnostics.Select(d => new ProblemDiagnostic
            {
                Code = d.Id,
                Severity = d.Severity switch
                {
                    DiagnosticSeverity.Error => "error",
                    DiagnosticSeverity.Warning => "warning",
                    _ => "info",
                },
                Message = d.Message,
                File = d.Location.IsInFile ? d.Location.Path : null,
                Line = d.Location.HasPosition ? d.Location.StartLine : null,
                Column = d.Location.HasPosition ? d.Location.StartColumn : null,
                Text = d.ToString(),
            })],
        };
    }
}
