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

    private static readonly Lazy<GateRunResult> _result = new(Evaluate);

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
        var prepared = new PolicyEngine(null).Prepare([Repository.HelpdeskPolicies]);
        Assert.False(prepared.HasErrors, string.Join(Environment.NewLine, prepared.Diagnostics));
        var evidence = PolicyEngine.LoadEvidence([Repository.ExampleEvidence]);
        Assert.False(evidence.HasErrors, string.Join(Environment.NewLine, evidence.Diagnostics));
        return PolicyEngine.Evaluate(prepared.Compiled!, evidence.Evidence, EvaluatedAt);
    }
}
