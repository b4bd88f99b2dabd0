// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using System.Globalization;
using System.Text;
using AiOpsPolicy.Core;
using AiOpsPolicy.Core.Results;
using AiOpsPolicy.Reporting.Html;

namespace AiOpsPolicy.Html.Tests;

/// <summary>The help-desk example run through the engine, and helpers to render results as HTML.</summary>
internal static class ExampleReport
{
    /// <summary>The evaluation time of the example run.</summary>
    public static readonly DateTimeOffset EvaluatedAt = DateTimeOffset.Parse("2026-11-28T12:00:00Z", CultureInfo.InvariantCulture);

    private static readonly Lazy<string> _root = new(FindRoot);
    private static readonly Lazy<GateRunResult> _result = new(Evaluate);

    /// <summary>Gets the folder that holds AiOpsPolicy.sln.</summary>
    public static string Root => _root.Value;

    /// <summary>Gets the result of gating the help-desk policies on the example evidence.</summary>
    public static GateRunResult Result => _result.Value;

    /// <summary>Renders a result with the HTML writer.</summary>
    /// <param name="result">The result.</param>
    /// <returns>The HTML.</returns>
    public static string Render(GateRunResult result)
    {
        using var stream = new MemoryStream();
        new HtmlReportWriter().Write(result, stream);
        return Encoding.UTF8.GetString(stream.ToArray());
    }

    private static GateRunResult Evaluate()
    {
        var prepared = new PolicyEngine(null).Prepare([Path.Combine(Root, "policies", "helpdesk")]);
        Assert.False(prepared.HasErrors, string.Join(Environment.NewLine, prepared.Diagnostics));
        var evidence = PolicyEngine.LoadEvidence([Path.Combine(Root, "examples", "evidence")]);
        Assert.False(evidence.HasErrors, string.Join(Environment.NewLine, evidence.Diagnostics));
        return PolicyEngine.Evaluate(prepared.Compiled!, evidence.Evidence, EvaluatedAt);
    }

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "AiOpsPolicy.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"No folder above '{AppContext.BaseDirectory}' holds AiOpsPolicy.sln.");
    }
}
