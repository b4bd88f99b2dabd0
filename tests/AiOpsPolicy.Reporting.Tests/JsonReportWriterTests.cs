// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using AiOpsPolicy.Core;
using AiOpsPolicy.Core.Validation;
using NJsonSchema;

namespace AiOpsPolicy.Reporting.Tests;

/// <summary>The JSON report of a real evaluation: what CI and the decision service read.</summary>
public sealed class JsonReportWriterTests
{
    [Fact]
    public async Task JsonReport_ForTheExample_ShouldMatchItsSchemaAndBeDeterministic()
    {
        // Given
        var root = Repository.Root;
        var prepared = new PolicyEngine(null).Prepare([Path.Combine(root, "policies", "helpdesk")]);
        var evidence = PolicyEngine.LoadEvidence([Path.Combine(root, "examples", "evidence")]);
        using var compiled = prepared.Compiled!;

        // When
        string Render()
        {
            using var stream = new MemoryStream();
            new JsonReportWriter().Write(PolicyEngine.Evaluate(compiled, evidence.Evidence, SampleResults.AsOf), stream);
            return System.Text.Encoding.UTF8.GetString(stream.ToArray());
        }

        var first = Render();
        var second = Render();

        // Then
        Assert.Equal(first, second);
        var schema = await JsonSchema.FromJsonAsync(SchemaCatalog.ReadText("report.schema.json"));
        Assert.Empty(schema.Validate(first));
    }
}
