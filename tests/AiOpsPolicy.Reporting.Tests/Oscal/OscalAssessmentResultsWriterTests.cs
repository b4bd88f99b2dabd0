// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using AiOpsPolicy.Cli;
using AiOpsPolicy.Core.Oscal;
using AiOpsPolicy.Core.Results;
using AiOpsPolicy.Reporting.Oscal;
using Snapshooter.Xunit;

namespace AiOpsPolicy.Reporting.Tests.Oscal;

public sealed partial class OscalAssessmentResultsWriterTests : ReportWriterTestBase
{
    [Fact]
    public void Write_WhenGivenTheHelpdeskRun_ShouldMatchTheSnapshot()
    {
        // Given
        var writer = new OscalAssessmentResultsWriter(SampleResults.Options);

        // When
        var oscal = Render(writer, SampleResults.Helpdesk);

        // Then
        Snapshot.Match(oscal);
    }

    [Fact]
    public void Write_WhenGivenTheHelpdeskRun_ShouldValidateAgainstTheOscalSchema()
    {
        // Given
        var writer = new OscalAssessmentResultsWriter(SampleResults.Options);

        // When
        var errors = OscalSchema.Value.Validate(Render(writer, SampleResults.HelpdeskWaived));

        // Then
        Assert.Empty(errors.Select(e => e.ToString()));
    }

    [Fact]
    public void Write_WhenNoControlsAreDeclared_ShouldStillValidateAgainstTheOscalSchema()
    {
        // Given
        var writer = new OscalAssessmentResultsWriter(SampleResults.Options);
        var run = SampleResults.Run(SampleResults.Gate("latency", GateStatus.Pass, "p95 latency 120 ms <= 200 ms"));

        // When
        var text = Render(writer, run);
        var result = JsonNode.Parse(text)!["assessment-results"]!["results"]![0]!;

        // Then
        Assert.Empty(OscalSchema.Value.Validate(text).Select(e => e.ToString()));
        Assert.NotNull(result["reviewed-controls"]!["control-selections"]![0]!["include-all"]);
        Assert.Null(result["findings"]);
        Assert.Single(result["observations"]!.AsArray());
    }

    [Theory]
    [InlineData("finding-state")]
    [InlineData("document-uuid")]
    [InlineData("observation-method")]
    [InlineData("unknown-property")]
    [InlineData("missing-import-ap")]
    public void Validate_WhenTheDocumentBreaksTheSchema_ShouldReportErrors(string breakage)
    {
        // Given
        var document = JsonNode.Parse(Render(new OscalAssessmentResultsWriter(SampleResults.Options), SampleResults.Helpdesk))!;
        var results = document["assessment-results"]!;
        var result = results["results"]![0]!;
        switch (breakage)
        {
            case "finding-state":
                result["findings"]![0]!["target"]!["status"]!["state"] = "partly";
                break;
            case "document-uuid":
                results["uuid"] = "not-a-uuid";
                break;
            case "observation-method":
                result["observations"]![0]!["methods"]![0] = " TEST";
                break;
            case "unknown-property":
                result["observations"]![0]!["gate"] = "x";
                break;
            default:
                results.AsObject().Remove("import-ap");
                break;
        }

        // When
        var errors = OscalSchema.Value.Validate(document.ToJsonString());

        // Then
        Assert.NotEmpty(errors);
    }

    [Fact]
    public void Write_WhenGivenTheHelpdeskRun_ShouldTargetAssessmentObjectivesThatNistsCatalogDeclares()
    {
        // Given: NIST's resolved SP 800-53 rev5 MODERATE catalog, whose parts named assessment-objective carry the ids findings target
        var catalog = JsonNode.Parse(File.ReadAllText(Path.Combine(Repository.Root, "..", "shared", "data", "oscal", "NIST_SP-800-53_rev5_MODERATE-baseline-resolved-profile_catalog-min.json")))!;
        var objectives = new HashSet<string>(StringComparer.Ordinal);
        void Walk(JsonNode? node)
        {
            switch (node)
            {
                case JsonObject o:
                    if ((string?)o["name"] == "assessment-objective" && o["id"] is { } id)
                    {
                        objectives.Add(id.GetValue<string>());
                    }

                    foreach (var (_, child) in o)
                    {
                        Walk(child);
                    }

                    break;
                case JsonArray a:
                    foreach (var child in a)
                    {
                        Walk(child);
                    }

                    break;
            }
        }

        Walk(catalog);

        // When
        var findings = JsonNode.Parse(Render(new OscalAssessmentResultsWriter(SampleResults.Options), SampleResults.Helpdesk))!["assessment-results"]!["results"]![0]!["findings"]!.AsArray();

        // Then
        Assert.NotEmpty(objectives);
        Assert.All(findings, f =>
        {
            Assert.Equal("objective-id", f!["target"]!["type"]!.GetValue<string>());
            Assert.Contains(f["target"]!["target-id"]!.GetValue<string>(), objectives);
        });
    }

    [Fact]
    public void Write_WhenGivenTheHelpdeskRun_ShouldPointImportApAtABackMatterResourceThatLinksThePolicyFiles()
    {
        // Given
        var writer = new OscalAssessmentResultsWriter(SampleResults.Options);

        // When
        var document = JsonNode.Parse(Render(writer, SampleResults.Helpdesk))!["assessment-results"]!;
        var href = document["import-ap"]!["href"]!.GetValue<string>();
        var resources = document["back-matter"]!["resources"]!.AsArray();

        // Then: OSCAL resolves "#uuid" to the back-matter resource with that uuid
        Assert.StartsWith("#", href, StringComparison.Ordinal);
        var plan = Assert.Single(resources, r => r!["uuid"]!.GetValue<string>() == href[1..])!;
        var links = plan["rlinks"]!.AsArray().Select(l => l!["href"]!.GetValue<string>()).ToList();
        Assert.Contains("policies/helpdesk/gates.yaml", links);
        Assert.All(links, l => Assert.True(File.Exists(Path.Combine(Repository.Root, l)), l));
    }

    [Fact]
    public void Write_WhenCalledTwiceForTheSameRun_ShouldWriteTheSameBytes()
    {
        // Given
        var writer = new OscalAssessmentResultsWriter(SampleResults.Options);

        // When
        var first = RenderBytes(writer, SampleResults.Helpdesk);
        var second = RenderBytes(new OscalAssessmentResultsWriter(SampleResults.Options), SampleResults.Helpdesk);

        // Then
        Assert.Equal(first, second);
    }

    [Fact]
    public void Write_WhenGivenTheHelpdeskRun_ShouldHaveAFindingPerCatalogIdAndAnObservationPerControlAndGate()
    {
        // Given
        var run = SampleResults.Helpdesk;
        var writer = new OscalAssessmentResultsWriter(SampleResults.Options);
        var catalogIds = run.Controls.SelectMany(c => c.CatalogIds).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();

        // When
        var document = JsonNode.Parse(Render(writer, run))!["assessment-results"]!;
        var result = document["results"]![0]!;
        var findings = result["findings"]!.AsArray();
        var observations = result["observations"]!.AsArray();
        var selected = result["reviewed-controls"]!["control-selections"]![0]!["include-controls"]!.AsArray().Select(c => c!["control-id"]!.GetValue<string>());

        // Then
        Assert.Equal(OscalAssessmentResultsWriter.OscalVersion, document["metadata"]!["oscal-version"]!.GetValue<string>());
        Assert.Equal("2026-11-28T12:00:00Z", document["metadata"]!["last-modified"]!.GetValue<string>());
        Assert.Equal("2026-11-28T12:00:00Z", result["start"]!.GetValue<string>());
        Assert.Equal(16, catalogIds.Count);
        Assert.Equal(catalogIds, selected);
        Assert.Equal(catalogIds.Select(id => id + "_obj"), findings.Select(f => f!["target"]!["target-id"]!.GetValue<string>()));
        Assert.Equal(run.Controls.Length + run.Gates.Length, observations.Count);
        Assert.Equal(66, observations.Count);
        var observationIds = observations.Select(o => o!["uuid"]!.GetValue<string>()).ToHashSet(StringComparer.Ordinal);
        Assert.Equal(observations.Count, observationIds.Count);
        Assert.All(findings, f => Assert.All(f!["related-observations"]!.AsArray(), r => Assert.Contains(r!["observation-uuid"]!.GetValue<string>(), observationIds)));
        foreach (var id in catalogIds)
        {
            var mapped = run.Controls.Where(c => c.CatalogIds.Contains(id)).ToList();
            var expected = mapped.Any(CatalogCoverage.IsAutomatedAndEvidenced) ? "satisfied" : "not-satisfied";
            var finding = findings.Single(f => f!["target"]!["target-id"]!.GetValue<string>() == id + "_obj")!;
            Assert.Equal(expected, finding["target"]!["status"]!["state"]!.GetValue<string>());
        }

        var manual = run.Controls.Single(c => c.Name == "model-card-review");
        var manualObservation = observations.Single(o => o!["title"]!.GetValue<string>() == "Control model-card-review")!;
        Assert.False(manual.DeclaredAutomated);
        Assert.Equal("EXAMINE", manualObservation["methods"]![0]!.GetValue<string>());
        Assert.Equal("not-satisfied", findings.Single(f => f!["target"]!["target-id"]!.GetValue<string>() == "sa-5_obj")!["target"]!["status"]!["state"]!.GetValue<string>());
        Assert.Contains(observations, o => o!["methods"]![0]!.GetValue<string>() == "TEST" && o["title"]!.GetValue<string>().StartsWith("Control ", StringComparison.Ordinal));
        Assert.Contains(
            "examples/evidence/control-executions.yaml",
            observations.SelectMany(o => o!["relevant-evidence"]?.AsArray() ?? []).Select(e => e!["href"]?.GetValue<string>()));
    }

    [Fact]
    public void Write_WhenGivenTheHelpdeskRun_ShouldWriteOnlyVersion5Uuids()
    {
        // Given
        var writer = new OscalAssessmentResultsWriter(SampleResults.Options);

        // When
        var text = Render(writer, SampleResults.Helpdesk);
        var uuids = UuidProperty().Matches(text).Select(m => m.Groups[1].Value).ToList();

        // Then
        Assert.NotEmpty(uuids);
        Assert.All(uuids, u => Assert.Matches(Version5(), u));
    }

    [Fact]
    public void Create_WhenGivenTheRfcDnsNamespaceExample_ShouldGiveTheKnownVersion5Uuid()
    {
        // Given: uuid5(NAMESPACE_DNS, "python.org") as Python's uuid module computes it.
        var dns = new Guid("6ba7b810-9dad-11d1-80b4-00c04fd430c8");

        // When
        var uuid = OscalUuid.Create(dns, "python.org");

        // Then
        Assert.Equal("886313e1-3b8a-5372-9b90-0c9aee199e5d", uuid);
    }

    [Fact]
    public void Gate_WhenAskedForTheOscalFormat_ShouldWriteTheAssessmentResultsFile()
    {
        // Given
        using var temp = new TempDirectory();
        using var console = new TestConsole();

        // When
        var exitCode = Program.Run(
            ["gate", "--policies", Repository.HelpdeskPolicies, "--evidence", Repository.ExampleEvidence, "--as-of", "2026-11-28T12:00:00Z", "--repo-root", Repository.Root, "--format", "oscal", "--output", temp.Path, "--no-cache"],
            console,
            () => SampleResults.AsOf);
        var path = temp.Combine("aiops-policy-oscal-assessment-results.json");

        // Then
        Assert.True(File.Exists(path), console.ErrText);
        Assert.InRange(exitCode, 0, 1);
        Assert.Empty(OscalSchema.Value.Validate(File.ReadAllText(path)).Select(e => e.ToString()));
    }

    [GeneratedRegex("\"(?:uuid|observation-uuid)\": \"([^\"]+)\"")]
    private static partial Regex UuidProperty();

    [GeneratedRegex("^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$")]
    private static partial Regex Version5();
}
