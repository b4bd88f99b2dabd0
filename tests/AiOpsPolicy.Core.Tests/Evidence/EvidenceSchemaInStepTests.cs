// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using System.Text.Json.Nodes;
using AiOpsPolicy.Core.Evidence;
using AiOpsPolicy.Core.Validation;

namespace AiOpsPolicy.Core.Tests.Evidence;

public sealed class EvidenceSchemaInStepTests
{
    public static TheoryData<EvidenceKind> Kinds() => [.. Enum.GetValues<EvidenceKind>()];

    [Theory]
    [MemberData(nameof(Kinds))]
    public void RecordSchema_ShouldListExactlyTheFieldsTheLoaderReads(EvidenceKind kind)
    {
        // Given
        var schema = JsonNode.Parse(SchemaCatalog.ReadText($"evidence/{EvidenceKinds.Name(kind)}.schema.json"))!;
        var typeInfo = EvidenceKinds.TypeInfo(kind);

        // When
        var inSchema = schema["properties"]!.AsObject().Select(p => p.Key).Order(StringComparer.Ordinal).ToArray();
        var inCode = typeInfo.Properties.Where(p => p.Set is not null).Select(p => p.Name).Order(StringComparer.Ordinal).ToArray();
        var requiredInSchema = schema["required"]!.AsArray().Select(n => n!.GetValue<string>()).Order(StringComparer.Ordinal).ToArray();
        var requiredInCode = typeInfo.Properties.Where(p => p.IsRequired).Select(p => p.Name).Order(StringComparer.Ordinal).ToArray();

        // Then
        Assert.Equal(inCode, inSchema);
        Assert.Equal(requiredInCode, requiredInSchema);
    }

    [Theory]
    [InlineData("""{"id":"r1","workflow":"w","startedAt":"2026-11-01T10:00:00","endedAt":"2026-11-01T11:00:00Z","outcome":"ok"}""", "no offset")]
    [InlineData("""{"id":"r1","workflow":"w","startedAt":"2026-11-01T12:00:00Z","endedAt":"2026-11-01T11:00:00Z","outcome":"ok"}""", "out of order")]
    [InlineData("""{"id":"r1","workflow":"w","startedAt":"2026-11-01T10:00:00Z","outcome":"ok"}""", "missing field")]
    [InlineData("""{"id":"r1","workflow":"w","startedAt":"2026-11-01T10:00:00Z","endedAt":"2026-11-01T11:00:00Z","outcome":"ok","transactions":"many"}""", "wrong type")]
    public void Load_WhenARecordIsInvalid_ShouldQuarantineItNamingTheFileTheLineAndTheField(string record, string why)
    {
        // Given
        var folder = Path.Combine(Path.GetTempPath(), "aiops-evidence-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        try
        {
            File.WriteAllLines(Path.Combine(folder, "workflow-runs.ndjson"), ["""{"$evidence": {"collectedAt": "2026-11-02T00:00:00Z"}}""", record]);

            // When
            var result = EvidenceLoader.Load([folder]);

            // Then
            var diagnostic = Assert.Single(result.Diagnostics);
            Assert.Equal("AOP1104", diagnostic.Id);
            Assert.EndsWith("workflow-runs.ndjson", diagnostic.Location.Path, StringComparison.Ordinal);
            Assert.Equal(2, diagnostic.Location.StartLine);
            Assert.Contains("line 2", diagnostic.Message, StringComparison.Ordinal);
            Assert.False(result.HasErrors, why);
            Assert.Equal(1, result.Evidence.Quality.Invalid);
            Assert.Equal(2, Assert.Single(Assert.Single(result.Evidence.Quality.Kinds).Listed).Location.StartLine);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void Load_WhenTheSameRecordComesTwice_ShouldCountItOnceAndWarn()
    {
        // Given
        var folder = Path.Combine(Path.GetTempPath(), "aiops-evidence-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        try
        {
            const string Run = """{"id":"r1","workflow":"w","startedAt":"2026-11-01T10:00:00Z","endedAt":"2026-11-01T11:00:00Z","outcome":"ok","collectedAt":"2026-11-02T00:00:00Z"}""";
            File.WriteAllLines(Path.Combine(folder, "a.workflow-runs.ndjson"), [Run]);
            File.WriteAllLines(Path.Combine(folder, "b.workflow-runs.ndjson"), [Run]);

            // When
            var result = EvidenceLoader.Load([folder]);

            // Then
            Assert.Equal("AOP1107", Assert.Single(result.Diagnostics).Id);
            Assert.Single(result.Evidence.Get<WorkflowRun>(EvidenceKind.WorkflowRuns));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void Load_WhenCsvHasQuotedFieldsAndNestedColumns_ShouldReadThem()
    {
        // Given
        var folder = Path.Combine(Path.GetTempPath(), "aiops-evidence-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        try
        {
            File.WriteAllText(Path.Combine(folder, "model-evaluations.csv"), string.Join('\n',
                "# collectedAt: 2026-11-02T00:00:00Z",
                "model,version,evaluatedAt,explainability,groups.en.accuracy,groups.fr.accuracy,privacy.pii-leak-test",
                "\"triage, v2\",1.0,2026-11-01T00:00:00Z,local,0.91,0.88,true",
                string.Empty));

            // When
            var result = EvidenceLoader.Load([folder]);

            // Then
            Assert.Empty(result.Diagnostics);
            var evaluation = Assert.Single(result.Evidence.Get<ModelEvaluation>(EvidenceKind.ModelEvaluations));
            Assert.Equal("triage, v2", evaluation.Model);
            Assert.Equal(0.03, evaluation.MaxGroupGap("accuracy"), 9);
            Assert.True(evaluation.Privacy("pii-leak-test"));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void Load_WhenCsvColumnsOfOneObjectAreNotAdjacent_ShouldReadTheObjectWhole()
    {
        // Given: the columns an exporter adds as later rows bring new groups, after other objects'
        // columns, and an empty cell for the whole object in a row that has none (found by the
        // differential suite: every such row was quarantined as "the field is written twice").
        var folder = Path.Combine(Path.GetTempPath(), "aiops-evidence-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        try
        {
            File.WriteAllText(Path.Combine(folder, "model-evaluations.csv"), string.Join('\n',
                "# collectedAt: 2026-11-02T00:00:00Z",
                "model,version,evaluatedAt,explainability,groups.en.accuracy,privacy.pii,groups,groups.fr.accuracy,safety.toxicity,privacy.secrets",
                "m1,1.0,2026-11-01T00:00:00Z,local,0.91,true,,0.86,false,true",
                "m2,1.0,2026-11-01T00:00:00Z,none,,,,,,",
                string.Empty));

            // When
            var result = EvidenceLoader.Load([folder]);

            // Then
            Assert.Empty(result.Diagnostics);
            var evaluations = result.Evidence.Get<ModelEvaluation>(EvidenceKind.ModelEvaluations);
            Assert.Equal(2, evaluations.Count);
            Assert.Equal(0.05, evaluations[0].MaxGroupGap("accuracy"), 9);
            Assert.True(evaluations[0].Privacy("pii") && evaluations[0].Privacy("secrets") && !evaluations[0].Safety("toxicity"));
            Assert.Empty(evaluations[1].Groups);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
