// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using AiOpsPolicy.Core.Results;

namespace AiOpsPolicy.Core.Tests.Sandbox;

/// <summary>Bypasses found while testing the sandbox, each fixed in the engine and kept here.</summary>
public sealed class SandboxRegressionTests
{
    [Fact]
    [Trait("Hostile", "expression")]
    public void Evaluate_WhenRegexBacktracksCatastrophically_ShouldTimeOutInsideTheGate()
    {
        // Given: exponential backtracking; the process-wide match timeout must apply, although
        // schema validation built regular expressions before the gate ran.
        var gate = SandboxFixtures.ConditionGate("regex", "IsMatch(new string('a', 40) + \"!\", \"^(a+)+$\")");

        // When
        var result = SandboxFixtures.Evaluate(gate);

        // Then
        var regex = result.Gate("regex");
        Assert.Equal(GateStatus.Error, regex.Status);
        Assert.Contains("RegexMatchTimeoutException", regex.Explanation, StringComparison.Ordinal);
    }

    [Theory]
    [Trait("Hostile", "expression")]
    [InlineData("Evidence.WorkflowRuns.Count == 3 && new string('x', int.MaxValue).Length > 0", "threw OutOfMemoryException")]
    [InlineData("Evidence.WorkflowRuns.Count == 3 && Enumerable.Range(0, 100000000).Select(i => new long[1000]).Count() > 0", "allocation budget of 64 MiB")]
    [InlineData("Enumerable.Range(0, int.MaxValue).Select(i => i).Count(i => i < 0) > 0 || false", "time budget of 1s")]
    public void Evaluate_WhenOneClauseRunsAway_ShouldStopItByBudgetAndKeepTheRunGoing(string condition, string clauseProblem)
    {
        // Given: clauses are evaluated on their own for the report; they are guarded like the condition.
        var gate = SandboxFixtures.ConditionGate("clauses", condition);
        var after = SandboxFixtures.ConditionGate("z-after", "Evidence.WorkflowRuns.Count == 3");

        // When: a runaway that the allocation budget must stop gets time to spare (a loaded machine can take a second)
        var result = clauseProblem.StartsWith("allocation", StringComparison.Ordinal)
            ? SandboxFixtures.EvaluateUnder(SandboxFixtures.AllocationOnly, gate, after)
            : SandboxFixtures.Evaluate(gate, after);

        // Then
        var clauses = result.Gate("clauses");
        Assert.Equal(GateStatus.Error, clauses.Status);
        Assert.Contains(clauses.Clauses, c => c.Value is null && (c.Problem ?? string.Empty).Contains(clauseProblem, StringComparison.Ordinal));
        Assert.DoesNotContain("abandoned", clauses.Explanation, StringComparison.Ordinal);
        Assert.Equal(GateStatus.Pass, result.Gate("z-after").Status);
    }

    [Fact]
    [Trait("Hostile", "expression")]
    public void Compile_WhenRegexIsUsedDirectly_ShouldRefuseItAndPointToIsMatch()
    {
        // When: Regex's own default timeout is infinite once anything in the process has used Regex.
        var (output, _) = SandboxFixtures.CompileCondition("Regex.IsMatch(\"aaa\", \"^(a+)+$\")");

        // Then
        Assert.Contains(output.Diagnostics, d => d.Id == "AOP3005" && d.Message.Contains("IsMatch(input, pattern)", StringComparison.Ordinal));
    }

    [Fact]
    [Trait("Hostile", "expression")]
    public void Compile_WhenADirectiveFollowsTheExpression_ShouldRefuseIt()
    {
        // Given: the directive and the text it hides sit after the expression, where the parsed
        // expression does not reach.
        const string Text = "true\n#if EVIL\n|| System.IO.File.Exists(\"x\")\n#endif";

        // When
        var (output, _) = SandboxFixtures.CompileCondition(Text);

        // Then
        Assert.Null(output.Assembly);
        Assert.Contains(output.Diagnostics, d => d.Id == "AOP3001" && d.Message.Contains("preprocessor directive", StringComparison.Ordinal));
    }

    [Fact]
    [Trait("Hostile", "expression")]
    public void Compile_WhenNameofNamesAForbiddenMember_ShouldRefuseItAsTheAllowListSays()
    {
        // When: nameof only makes a string, but the allow-list is about what an expression names (docs/security.md).
        var (refused, _) = SandboxFixtures.CompileCondition("nameof(System.IO.File.Exists) == \"Exists\"");
        var (allowed, _) = SandboxFixtures.CompileCondition("nameof(Evidence) == \"Evidence\"");

        // Then
        Assert.Null(refused.Assembly);
        Assert.Contains(refused.Diagnostics, d => d.Id == "AOP3005" && d.Message.Contains("the file system", StringComparison.Ordinal));
        Assert.Empty(allowed.Diagnostics);
    }
}
