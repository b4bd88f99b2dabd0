// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using AiOpsPolicy.Core.Diagnostics;
using AiOpsPolicy.Core.Syntax;
using AiOpsPolicy.Core.Text;

namespace AiOpsPolicy.Core.Tests.Syntax;

public sealed class ScalarLocationTests
{
    [Theory]
    [InlineData("x: abc Foo(1)\n", 1, 8)]
    [InlineData("x: \"abc Foo(1)\"\n", 1, 9)]
    [InlineData("x: 'abc Foo(1)'\n", 1, 9)]
    [InlineData("x: \"a\\\"b Foo(1)\"\n", 1, 10)]
    [InlineData("x: |\n  first\n  abc Foo(1)\n", 3, 7)]
    [InlineData("x: >\n  first\n  abc Foo(1)\n", 3, 7)]
    [InlineData("x: >-\n    first line\n    abc Foo(1)\n", 3, 9)]
    [InlineData("x: abc\n  def Foo(1)\n", 2, 7)]
    public void GetValueLocation_WhenScalarIsAnyStyle_ShouldPointAtTheCharacterInTheFile(string yaml, int line, int column)
    {
        // Given
        var diagnostics = new List<Diagnostic>();
        var root = (YamlMapping)YamlDocumentReader.Read(new SourceFile("f.yaml", yaml), diagnostics).Single();
        var scalar = (YamlScalar)root["x"]!;
        var offset = scalar.Value.IndexOf("Foo", StringComparison.Ordinal);

        // When
        var location = scalar.GetValueLocation(offset, offset + 3);

        // Then
        Assert.Empty(diagnostics);
        Assert.Equal((line, column), (location.StartLine, location.StartColumn));
    }

    [Fact]
    public void Read_WhenKeyRepeats_ShouldReportBothPlaces()
    {
        // Given
        var diagnostics = new List<Diagnostic>();

        // When
        YamlDocumentReader.Read(new SourceFile("f.yaml", "a: 1\nb: 2\na: 3\n"), diagnostics);

        // Then
        var diagnostic = Assert.Single(diagnostics);
        Assert.Equal("AOP1005", diagnostic.Id);
        Assert.Equal(3, diagnostic.Location.StartLine);
        Assert.Contains("first at line 1", diagnostic.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_WhenAliasesMultiply_ShouldRefuseTheBomb()
    {
        // Given: each level doubles ten times over, far past the expansion limit.
        var yaml = new System.Text.StringBuilder("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
        for (var i = 1; i < 8; i++)
        {
            yaml.Append($"a{i}: &a{i} [").Append(string.Join(", ", Enumerable.Repeat($"*a{i - 1}", 10))).Append("]\n");
        }

        var diagnostics = new List<Diagnostic>();

        // When
        var documents = YamlDocumentReader.Read(new SourceFile("bomb.yaml", yaml.ToString()), diagnostics);

        // Then
        Assert.Empty(documents);
        Assert.Equal("AOP1006", Assert.Single(diagnostics).Id);
    }

    [Fact]
    public void Read_WhenYamlIsTruncated_ShouldReportASyntaxErrorNotThrow()
    {
        // Given
        var diagnostics = new List<Diagnostic>();

        // When
        YamlDocumentReader.Read(new SourceFile("t.yaml", "a: [1, 2\nb: 3\n"), diagnostics);

        // Then
        Assert.Equal("AOP1001", Assert.Single(diagnostics).Id);
    }
}
