// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

namespace AiOpsPolicy.Core.Tests.Docs;

/// <summary>docs/functions.md is what the code says: generated from reflection and XML docs, and never stale.</summary>
public sealed class FunctionReferenceTests
{
    [Fact]
    public void FunctionReference_WhenGeneratedFromTheCode_ShouldEqualDocsFunctionsMd()
    {
        // Given
        var generated = FunctionReference.Generate();
        if (Environment.GetEnvironmentVariable("AIOPS_UPDATE_DOCS") == "1")
        {
            File.WriteAllText(FunctionReference.DocPath, generated);
        }

        // When
        var committed = File.Exists(FunctionReference.DocPath) ? File.ReadAllText(FunctionReference.DocPath).ReplaceLineEndings("\n") : string.Empty;

        // Then
        Assert.True(
            generated == committed,
            "docs/functions.md is stale: regenerate it with AIOPS_UPDATE_DOCS=1 dotnet test tests/AiOpsPolicy.Core.Tests --filter FunctionReference");
    }

    [Fact]
    public void FunctionReference_WhenGenerated_ShouldDocumentEveryMetricAndTheRubricModelFunctions()
    {
        // Given / When
        var generated = FunctionReference.Generate();

        // Then: no member without its text, and the functions the README's rubric uses are there
        Assert.DoesNotContain("(not documented)", generated, StringComparison.Ordinal);
        foreach (var name in new[] { "SlaAttainment(", "AgentSuccess(", "Privacy(string check)", "Safety(string check)", "HumanOversight(string check)", "MaxGroupGap(", "Days(double days)", "IsMatch(" })
        {
            Assert.Contains(name, generated, StringComparison.Ordinal);
        }
    }
}
