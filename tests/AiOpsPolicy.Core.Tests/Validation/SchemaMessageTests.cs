// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

namespace AiOpsPolicy.Core.Tests.Validation;

/// <summary>What a schema violation says about where it is (AOP2003), for keys that read like paths.</summary>
public sealed class SchemaMessageTests
{
    [Theory]
    [InlineData("spe[]c: 1\n", "'spe[]c' is not a property of the document; did you mean 'spec'? The document allows: apiVersion, kind, metadata, spec", 7, 1)]
    [InlineData("a.b: 1\n", "'a.b' is not a property of the document; the document allows:", 7, 1)]
    [InlineData("metadata2: {x.y: 1}\n", "'metadata2' is not a property of the document; did you mean 'metadata'?", 7, 1)]
    public void Validate_WhenAnUnknownKeyHoldsDotsOrBrackets_ShouldNameTheMappingItIsIn(string extra, string expected, int line, int column)
    {
        // Given: a key that reads like a path ('a.b', 'x[0]') must not be cut at its own dot or bracket
        var gate = TestPolicies.Gate("g", "  condition: 'true'") + "\n" + extra;

        // When
        var validated = TestPolicies.Validate(gate);

        // Then
        var diagnostic = Assert.Single(validated.Diagnostics, d => d.IsError);
        Assert.Equal("AOP2003", diagnostic.Id);
        Assert.Contains(expected, diagnostic.Message, StringComparison.Ordinal);
        Assert.Equal((line, column), (diagnostic.Location.StartLine, diagnostic.Location.StartColumn));
    }

    [Fact]
    public void Validate_WhenAnUnknownMetadataKeyHoldsADot_ShouldNameMetadataAndPointAtTheKey()
    {
        // Given
        var gate = TestPolicies.Gate("g", "  condition: 'true'").Replace("metadata:\n", "metadata:\n  team.name: x\n", StringComparison.Ordinal);

        // When
        var validated = TestPolicies.Validate(gate);

        // Then
        var diagnostic = Assert.Single(validated.Diagnostics, d => d.IsError);
        Assert.Contains("'team.name' is not a property of metadata; metadata allows:", diagnostic.Message, StringComparison.Ordinal);
        Assert.Equal((4, 3), (diagnostic.Location.StartLine, diagnostic.Location.StartColumn));
    }
}
