// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

namespace AiOpsPolicy.Core.Tests.Compilation;

public sealed class PolicyCompilerTests
{
    [Fact]
    public void Compile_WhenExpressionsAreValid_ShouldEmitOneAssembly()
    {
        // When
        var output = TestPolicies.Compile(
            TestPolicies.Workflow,
            TestPolicies.Gate("sla", "  measure: SlaAttainment(\"triage\")\n  bound:\n    min: 95%"),
            TestPolicies.Gate("cond", "  condition: Evidence.Incidents.Count(i => i.IsOpen) == 0"));

        // Then
        Assert.Empty(output.Diagnostics);
        Assert.NotNull(output.Assembly);
    }

    [Fact]
    public void Compile_WhenBlockScalarHasAnError_ShouldLocateItInsideTheBlock()
    {
        // Given: the unknown name sits on the third line of the block, after four spaces of indentation.
        var gate = TestPolicies.Gate("g", "  condition: |\n    Evidence.Incidents.Count() == 0\n    && Evidence.Incidents.All(i => i.IsOpen)\n    && Nope(1)");

        // When
        var output = TestPolicies.Compile(TestPolicies.Workflow, gate);

        // Then
        var diagnostic = Assert.Single(output.Diagnostics);
        Assert.Equal("AOP3002", diagnostic.Id);
        Assert.Contains("CS0103", diagnostic.Message, StringComparison.Ordinal);
        var lines = (TestPolicies.Workflow + "\n---\n" + gate).Split('\n');
        var line = Array.FindIndex(lines, l => l.Contains("Nope", StringComparison.Ordinal)) + 1;
        Assert.Equal((line, 8), (diagnostic.Location.StartLine, diagnostic.Location.StartColumn));
    }

    [Theory]
    [InlineData("1; System.IO.File.Delete(\"x\")")]
    [InlineData("\"1\"; } } class X { ")]
    [InlineData("#r \"evil.dll\" 1")]
    [InlineData("return 1")]
    public void Compile_WhenTextIsNotOneExpression_ShouldRefuseIt(string text)
    {
        // When
        var output = TestPolicies.Compile(TestPolicies.Gate("g", $"  condition: '{text.Replace("'", "''", StringComparison.Ordinal)}'"));

        // Then
        Assert.Null(output.Assembly);
        Assert.Contains(output.Diagnostics, d => d.Id == "AOP3001");
    }

    [Fact]
    public void Compile_WhenConstantNamesAnUndeclaredWorkflow_ShouldPointAtTheArgument()
    {
        // When
        var output = TestPolicies.Compile(TestPolicies.Workflow, TestPolicies.Gate("g", "  measure: SlaAttainment(\"triag\")\n  bound:\n    min: 95%"));

        // Then
        var diagnostic = Assert.Single(output.Diagnostics);
        Assert.Equal("AOP2006", diagnostic.Id);
        Assert.Equal(26, diagnostic.Location.StartColumn);
        Assert.Contains("declared: triage", diagnostic.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Compile_WhenConditionIsNotBool_ShouldSayItMustBeTrueOrFalse()
    {
        // When
        var output = TestPolicies.Compile(TestPolicies.Gate("g", "  condition: 1 + 2"));

        // Then
        Assert.Equal("AOP3003", Assert.Single(output.Diagnostics).Id);
    }

    [Fact]
    public void Compile_WhenDefinitionsUseEachOther_ShouldInferTheirTypes()
    {
        // Given
        var window = "apiVersion: aiops-policy/v1\nkind: Definition\nmetadata:\n  name: long-window\nspec:\n  expression: Days(2) * 7";
        var doubled = "apiVersion: aiops-policy/v1\nkind: Definition\nmetadata:\n  name: twice\nspec:\n  expression: LongWindow.TotalDays * 2";

        // When
        var output = TestPolicies.Compile(doubled, window, TestPolicies.Gate("g", "  condition: Twice > 27 && LongWindow > Days(13)"));

        // Then
        Assert.Empty(output.Diagnostics);
    }

    [Fact]
    public void Compile_WhenDefinitionsFormACycle_ShouldReportTheCycle()
    {
        // Given
        var a = "apiVersion: aiops-policy/v1\nkind: Definition\nmetadata:\n  name: a\nspec:\n  expression: B + 1";
        var b = "apiVersion: aiops-policy/v1\nkind: Definition\nmetadata:\n  name: b\nspec:\n  expression: A + 1";

        // When
        var output = TestPolicies.Compile(a, b);

        // Then
        Assert.Contains(output.Diagnostics, d => d.Id == "AOP3004" && d.Message.Contains("A -> B -> A", StringComparison.Ordinal));
    }
}
