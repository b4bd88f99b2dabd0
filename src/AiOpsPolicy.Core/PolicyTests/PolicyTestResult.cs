// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using System.Collections.Immutable;
using System.Text;

namespace AiOpsPolicy.Core.PolicyTests;

/// <summary>How one policy test ended, and every expectation's check.</summary>
/// <param name="Test">The test.</param>
/// <param name="Outcome">Passed, failed or error.</param>
/// <param name="Expectations">Every expectation, checked, in the order written (gates, then metrics).</param>
/// <param name="Problems">Why the test could not run, when its outcome is an error.</param>
/// <param name="Duration">How long the test took.</param>
public sealed record PolicyTestResult(PolicyTest Test, PolicyTestOutcome Outcome, ImmutableArray<ExpectationResult> Expectations, ImmutableArray<PolicyTestProblem> Problems, TimeSpan Duration)
{
    /// <summary>
    /// The difference between expected and actual, as lines: <c>- gate: expected</c> then
    /// <c>+ gate: actual</c> for each expectation that did not hold, or the problems of an error.
    /// </summary>
    /// <returns>The lines; empty when the test passed.</returns>
    public ImmutableArray<string> DiffLines()
    {
        if (Outcome == PolicyTestOutcome.Error)
        {
            return [.. Problems.Select(p => p.ToString())];
        }

        var lines = ImmutableArray.CreateBuilder<string>();
        foreach (var failed in Expectations.Where(e => !e.Held))
        {
            var what = failed.Aspect == "status" ? failed.Gate : $"{failed.Gate} (value)";
            lines.Add($"- {what}: {failed.Expected}");
            lines.Add($"+ {what}: {failed.Actual}");
        }

        return lines.ToImmutable();
    }

    /// <summary>The difference as one block of text, for reports.</summary>
    /// <returns>The text; empty when the test passed.</returns>
    public string DiffText()
    {
        var builder = new StringBuilder();
        foreach (var line in DiffLines())
        {
            builder.Append(line).Append('\n');
        }

        return builder.ToString();
    }
}
