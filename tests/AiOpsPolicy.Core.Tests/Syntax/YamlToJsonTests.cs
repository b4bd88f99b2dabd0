// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using System.Buffers;
using System.Text;
using System.Text.Json;
using AiOpsPolicy.Core.Diagnostics;
using AiOpsPolicy.Core.Evidence;
using AiOpsPolicy.Core.Syntax;
using AiOpsPolicy.Core.Text;
using Newtonsoft.Json.Linq;

namespace AiOpsPolicy.Core.Tests.Syntax;

/// <summary>
/// The one YAML-to-JSON conversion. There were two, and only schema validation's honoured <c>!!str</c>: evidence files,
/// policy tests' inline evidence and the policy diff read <c>id: !!str 2024</c> as the number 2024.
/// </summary>
public sealed class YamlToJsonTests
{
    private const string Scalars = """
        tagged-number: !!str 2024
        tagged-long-tag: !<tag:yaml.org,2002:str> 7
        tagged-true: !!str true
        tagged-null: !!str null
        quoted: "12"
        number: 12
        negative: -3
        big: 9007199254740993
        float: 1.5
        yes: true
        no: FALSE
        nothing: ~
        empty:
        time: 12:30
        text: ticket-triage
        items: [1, "1", !!str 1]
        """;

    [Theory]
    [InlineData("!!str 2024", "2024")]
    [InlineData("!!str true", "true")]
    [InlineData("!!str null", "null")]
    [InlineData("!!str 1.5", "1.5")]
    public void Write_WhenAScalarIsTaggedStr_ShouldWriteAString(string yaml, string expected)
    {
        // Given
        var node = Parse("value: " + yaml);

        // When
        var json = JsonDocument.Parse(Written(node)).RootElement.GetProperty("value");

        // Then
        Assert.Equal(JsonValueKind.String, json.ValueKind);
        Assert.Equal(expected, json.GetString());
    }

    [Theory]
    [InlineData("!!str 2024", "2024")]
    [InlineData("!!str true", "true")]
    [InlineData("!!str null", "null")]
    public void ToJToken_WhenAScalarIsTaggedStr_ShouldGiveAString(string yaml, string expected)
    {
        // Given
        var node = Parse("value: " + yaml);

        // When
        var token = YamlToJson.ToJToken(node, "#", [])["value"];

        // Then
        Assert.Equal(JTokenType.String, token?.Type);
        Assert.Equal(expected, token?.Value<string>());
    }

    [Fact]
    public void WriteAndToJToken_WhenGivenTheSameDocument_ShouldTypeEveryScalarAlike()
    {
        // Given
        var node = Parse(Scalars);

        // When
        var written = JToken.Parse(Written(node));
        var tokens = YamlToJson.ToJToken(node, "#", []);

        // Then: the same JSON from both, and each value typed as YAML 1.2's core schema says.
        Assert.True(JToken.DeepEquals(written, tokens), written + "\n" + tokens);
        Assert.Equal(
            """{"tagged-number":"2024","tagged-long-tag":"7","tagged-true":"true","tagged-null":"null","quoted":"12","number":12,"negative":-3,"big":9007199254740993,"float":1.5,"yes":true,"no":false,"nothing":null,"empty":null,"time":"12:30","text":"ticket-triage","items":[1,"1","1"]}""",
            Encoding.UTF8.GetString(WrittenBytes(node)));
    }

    [Fact]
    public void EvidenceLoader_WhenAYamlRecordsIdIsANumberTaggedStr_ShouldReadItAsText()
    {
        // Given: two pilots whose ids are digits, one tagged !!str and one not.
        using var folder = new TempDirectory();
        File.WriteAllText(folder.Combine("pilots.yaml"), """
            apiVersion: aiops-evidence/v1
            kind: pilots
            collectedAt: "2026-11-28T06:00:00Z"
            records:
              - id: !!str 2024
                startedAt: "2026-05-04T09:00:00Z"
                status: pilot
                monitoring: true
              - id: 2025
                startedAt: "2026-05-04T09:00:00Z"
                status: pilot
                monitoring: true
            """);

        // When
        var loaded = EvidenceLoader.Load([folder.Path]);

        // Then: the tagged id is the text "2024"; the untagged one is a number where the contract wants text, and is left out.
        var pilot = Assert.Single(loaded.Evidence.Get<Pilot>(EvidenceKind.Pilots));
        Assert.Equal("2024", pilot.Id);
        var quality = Assert.Single(loaded.Evidence.Quality.Kinds, k => k.Kind == EvidenceKind.Pilots);
        Assert.Equal((1L, 1L), (quality.Valid, quality.Invalid));
        Assert.Equal("id", Assert.Single(Assert.Single(quality.Listed).Problems).Field);
    }

    [Fact]
    public void SchemaValidation_WhenADescriptionIsANumberTaggedStr_ShouldAcceptItAndRejectItUntagged()
    {
        // Given
        static string Gate(string description) => $"""
            apiVersion: aiops-policy/v1
            kind: Gate
            metadata:
              name: tagged
              description: {description}
            spec:
              condition: "true"
            """;

        // When
        var tagged = TestPolicies.Validate(Gate("!!str 42"));
        var untagged = TestPolicies.Validate(Gate("42"));

        // Then
        Assert.DoesNotContain(tagged.Diagnostics, d => d.Id == DiagnosticCatalog.SchemaViolation.Id);
        Assert.Contains(untagged.Diagnostics, d => d.Id == DiagnosticCatalog.SchemaViolation.Id && d.Location.StartLine == 5);
    }

    private static YamlNode Parse(string yaml)
    {
        var diagnostics = new List<Diagnostic>();
        var roots = YamlDocumentReader.Read(new SourceFile("test.yaml", yaml + "\n"), diagnostics);
        Assert.Empty(diagnostics);
        return Assert.Single(roots);
    }

    private static byte[] WrittenBytes(YamlNode node)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            YamlToJson.Write(node, writer);
        }

        return buffer.WrittenSpan.ToArray();
    }

    private static string Written(YamlNode node) => Encoding.UTF8.GetString(WrittenBytes(node));
}
