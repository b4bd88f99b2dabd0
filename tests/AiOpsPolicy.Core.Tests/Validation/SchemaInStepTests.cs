// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using System.Text.Json.Nodes;
using AiOpsPolicy.Core.Model;
using AiOpsPolicy.Core.Validation;

namespace AiOpsPolicy.Core.Tests.Validation;

public sealed class SchemaInStepTests
{
    public static TheoryData<PolicyKind> Kinds() => [.. Enum.GetValues<PolicyKind>()];

    [Theory]
    [MemberData(nameof(Kinds))]
    public void SpecProperties_ShouldMatchTheKindsSchema(PolicyKind kind)
    {
        // Given
        var schema = JsonNode.Parse(SchemaCatalog.ReadText(SchemaCatalog.FileName(kind)))!;
        var spec = schema["properties"]!["spec"]!;
        if (spec["$ref"] is { } reference)
        {
            spec = schema["definitions"]![reference.GetValue<string>().Split('/')[^1]]!;
        }

        // When
        var inSchema = spec["properties"]!.AsObject().Select(p => p.Key).Order(StringComparer.Ordinal).ToArray();

        // Then
        Assert.Equal(PolicyBinder.SpecProperties[kind].Order(StringComparer.Ordinal), inSchema);
        Assert.Equal("http://json-schema.org/draft-07/schema#", schema["$schema"]!.GetValue<string>());
    }

    [Fact]
    public void Validate_WhenExamplePolicySetIsLoaded_ShouldHaveNoDiagnostics()
    {
        // Given
        var root = Repository.Root;

        // When
        var result = PolicyValidator.Validate(Core.Loading.PolicyLoader.Load([Path.Combine(root, "policies")]));

        // Then
        Assert.Empty(result.Diagnostics);
        Assert.NotEmpty(result.PolicySet.Gates);
    }
}
