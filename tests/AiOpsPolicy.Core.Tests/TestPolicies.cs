// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using AiOpsPolicy.Core.Compilation;
using AiOpsPolicy.Core.Loading;
using AiOpsPolicy.Core.Text;
using AiOpsPolicy.Core.Validation;

namespace AiOpsPolicy.Core.Tests;

/// <summary>Builds policy sets from text for tests.</summary>
internal static class TestPolicies
{
    public const string Workflow = SamplePolicies.Workflow;

    public static ValidationResult Validate(params string[] documents) =>
        PolicyValidator.Validate(PolicyLoader.Load([new SourceFile("policy.yaml", string.Join("\n---\n", documents) + "\n")]));

    public static CompileOutput Compile(params string[] documents)
    {
        var validated = Validate(documents);
        Assert.False(validated.HasErrors, string.Join("\n", validated.Diagnostics));
        return PolicyCompiler.Compile(validated.PolicySet);
    }

    public static string Gate(string name, string spec) => $"""
        apiVersion: aiops-policy/v1
        kind: Gate
        metadata:
          name: {name}
        spec:
        {spec}
        """;
}
