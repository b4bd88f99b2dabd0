// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using AiOpsPolicy.Core.Model;

namespace AiOpsPolicy.Core.Tests.Validation;

public sealed class BaselineAndFindingValidationTests
{
    [Theory]
    [InlineData("  bound:\n    min: 90%\n  baseline:\n    direction: lower-is-better", "says lower-is-better, but its bound (>= 90%) says the opposite")]
    [InlineData("  bound:\n    max: 1\n  baseline:\n    run: r1", "names a run but takes its value from passing runs")]
    [InlineData("  bound:\n    max: 1\n  baseline:\n    tolerance: -5%", "tolerance of gate 'g' is negative")]
    [InlineData("  bound:\n    min: 0.5\n    max: 1\n  baseline:\n    tolerance: 5%", "its bound has both min and max")]
    public void Validate_WhenABaselineCannotBeUsed_ShouldReportAop2020SayingWhatToWrite(string spec, string expected)
    {
        // When
        var validated = TestPolicies.Validate(TestPolicies.Gate("g", "  measure: IncidentRate().Value\n" + spec));

        // Then
        var diagnostic = Assert.Single(validated.Diagnostics, d => d.IsError);
        Assert.Equal("AOP2020", diagnostic.Id);
        Assert.Contains(expected, diagnostic.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_WhenABaselineIsWellFormed_ShouldBindItsSourceRunsToleranceAndDirection()
    {
        // When
        var validated = TestPolicies.Validate(TestPolicies.Gate("g", "  measure: IncidentRate().Value\n  bound:\n    max: 2\n  baseline:\n    runs: 7\n    tolerance: 12.5%"));

        // Then
        Assert.False(validated.HasErrors, string.Join("\n", validated.Diagnostics));
        var baseline = Assert.Single(validated.PolicySet.Gates).Baseline;
        Assert.Equal(new GateBaseline(BaselineSource.PassingRuns, 7, null, 0.125, null), baseline);
        Assert.Equal(BaselineDirection.LowerIsBetter, baseline?.ResolveDirection(validated.PolicySet.Gates[0].Bound));
    }

    [Fact]
    public void Validate_WhenAMessageHasPlaceholdersAndEscapedBraces_ShouldCutItIntoTextAndExpressions()
    {
        // Given
        var finding = """
            apiVersion: aiops-policy/v1
            kind: Finding
            metadata:
              name: f
            spec:
              when: 'true'
              message: 'a {{b}} {new[] { 1, 2 }.Length} c {"}"} d'
            """;

        // When
        var validated = TestPolicies.Validate(finding);

        // Then
        Assert.False(validated.HasErrors, string.Join("\n", validated.Diagnostics));
        var parts = Assert.Single(validated.PolicySet.Findings).MessageParts;
        Assert.Equal(["a {b} ", "new[] { 1, 2 }.Length", " c ", "\"}\"", " d"], parts.Select(p => p.Expression?.Text ?? p.Text).ToArray());
        Assert.Equal([false, true, false, true, false], parts.Select(p => p.Expression is not null).ToArray());
    }

    [Fact]
    public void Validate_WhenAMessageHasAStrayClosingBrace_ShouldReportAop2021AtIt()
    {
        // Given
        var finding = """
            apiVersion: aiops-policy/v1
            kind: Finding
            metadata:
              name: f
            spec:
              when: 'true'
              message: 'a } b'
            """;

        // When
        var validated = TestPolicies.Validate(finding);

        // Then
        var diagnostic = Assert.Single(validated.Diagnostics, d => d.IsError);
        Assert.Equal(("AOP2021", 7, 15), (diagnostic.Id, diagnostic.Location.StartLine, diagnostic.Location.StartColumn));
    }
}
