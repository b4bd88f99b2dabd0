// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using AiOpsPolicy.Core.Loading;
using AiOpsPolicy.Core.Text;
using AiOpsPolicy.Core.Validation;

namespace AiOpsPolicy.Core.Tests.Validation;

/// <summary>
/// What an unresolved reference (AOP2006) says when the declaration it names may be in a file the load could not read:
/// a broken workflows.yaml must not leave its reader with only "none are declared" in every other file.
/// </summary>
public sealed class UnresolvedReferenceTests
{
    private const string Connector = """
        apiVersion: aiops-policy/v1
        kind: Connector
        metadata:
          name: zendesk-api
        spec:
          system: zendesk
          critical: true
          workflows: [triage]
        """;

    private const string Waiver = """
        apiVersion: aiops-policy/v1
        kind: Waiver
        metadata:
          name: accept-missing-incidents
        spec:
          gates: [no-open-incidents]
          owner: jane
          reason: The incident export moves to the new ticketing system this week
          ticket: HD-4312
          expires: 2026-12-31
        """;

    [Fact]
    public void Validate_WhenTheWorkflowsFileHasAYamlError_ShouldSayTheReferenceMayBeDeclaredThere()
    {
        // Given: workflows.yaml breaks off before its workflow is read
        var workflows = TestPolicies.Workflow.Replace("name: triage", "name: [triage", StringComparison.Ordinal);

        // When
        var validated = Validate(("connectors.yaml", Connector), ("workflows.yaml", workflows));

        // Then
        Assert.Contains(validated.Diagnostics, d => d.Id == "AOP1001" && d.Location.Path == "workflows.yaml");
        var unresolved = Assert.Single(validated.Diagnostics, d => d.Id == "AOP2006");
        Assert.Equal("connectors.yaml", unresolved.Location.Path);
        Assert.Equal(
            "Workflow 'triage' is not declared (none are declared; workflows.yaml has an error, and may declare it). Declare it or fix the name",
            unresolved.Message);
    }

    [Fact]
    public void Validate_WhenTwoFilesCouldNotBeRead_ShouldNameBoth()
    {
        // Given: a misspelt kind drops the workflow, and another file breaks off
        var workflows = TestPolicies.Workflow.Replace("kind: Workflow", "kind: Workflw", StringComparison.Ordinal);

        // When
        var validated = Validate(("connectors.yaml", Connector), ("workflows.yaml", workflows), ("other.yaml", "a: [b\n"));

        // Then
        var unresolved = Assert.Single(validated.Diagnostics, d => d.Id == "AOP2006");
        Assert.Contains("(none are declared; other.yaml and workflows.yaml have errors, and may declare it)", unresolved.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_WhenOnlyAGateDidNotBind_ShouldNotBlameItForAnUndeclaredWorkflow()
    {
        // Given: a nameless gate (it binds to nothing) beside a connector naming a workflow nobody declares
        var nameless = TestPolicies.Gate("g", "  condition: 'true'").Replace("  name: g\n", string.Empty, StringComparison.Ordinal);

        // When
        var validated = Validate(("connectors.yaml", Connector), ("gates.yaml", nameless), ("waivers.yaml", Waiver));

        // Then: the workflow could not be in gates.yaml's unbound gate; the waiver's gate could
        var workflow = Assert.Single(validated.Diagnostics, d => d.Id == "AOP2006" && d.Location.Path == "connectors.yaml");
        Assert.EndsWith("is not declared (none are declared). Declare it or fix the name", workflow.Message, StringComparison.Ordinal);
        var gate = Assert.Single(validated.Diagnostics, d => d.Id == "AOP2006" && d.Location.Path == "waivers.yaml");
        Assert.Contains("Gate 'no-open-incidents' is not declared (none are declared; gates.yaml has an error, and may declare it)", gate.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_WhenARollupDidNotBind_ShouldSayAWaiversGateMayBeItsResult()
    {
        // Given: a nameless roll-up (its results are what a waiver may name as a gate) beside a waiver of an undeclared gate
        const string Rollup = """
            apiVersion: aiops-policy/v1
            kind: Rollup
            metadata:
              description: no name
            spec:
              metric: sla-attainment
            """;

        // When
        var validated = Validate(("rollups.yaml", Rollup), ("waivers.yaml", Waiver));

        // Then
        var gate = Assert.Single(validated.Diagnostics, d => d.Id == "AOP2006" && d.Location.Path == "waivers.yaml");
        Assert.Contains("(none are declared; rollups.yaml has an error, and may declare it)", gate.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_WhenEveryFileIsRead_ShouldListWhatIsDeclaredAndNothingMore()
    {
        // Given
        var connector = Connector.Replace("[triage]", "[triage, refund-aproval]", StringComparison.Ordinal);

        // When
        var validated = Validate(("connectors.yaml", connector), ("workflows.yaml", TestPolicies.Workflow));

        // Then
        var unresolved = Assert.Single(validated.Diagnostics, d => d.Id == "AOP2006");
        Assert.Equal("Workflow 'refund-aproval' is not declared (declared: triage). Declare it or fix the name", unresolved.Message);
    }

    [Theory]
    [InlineData("Workflw", "Workflow")]
    [InlineData("gate", "Gate")]
    [InlineData("Polcyset", "PolicySet")]
    public void Load_WhenTheKindIsMisspelt_ShouldSuggestTheKnownKind(string written, string suggested)
    {
        // Given
        var workflow = TestPolicies.Workflow.Replace("kind: Workflow", $"kind: {written}", StringComparison.Ordinal);

        // When
        var validated = Validate(("workflows.yaml", workflow));

        // Then
        var diagnostic = Assert.Single(validated.Diagnostics, d => d.Id == "AOP2002");
        Assert.StartsWith($"'{written}' is not a kind of policy document (did you mean '{suggested}'?). Known kinds:", diagnostic.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_WhenTheKindIsFarFromAnyKnownKind_ShouldOnlyListTheKinds()
    {
        // Given
        var workflow = TestPolicies.Workflow.Replace("kind: Workflow", "kind: Pipeline", StringComparison.Ordinal);

        // When
        var validated = Validate(("workflows.yaml", workflow));

        // Then
        var diagnostic = Assert.Single(validated.Diagnostics, d => d.Id == "AOP2002");
        Assert.StartsWith("'Pipeline' is not a kind of policy document. Known kinds: PolicySet, Workflow", diagnostic.Message, StringComparison.Ordinal);
    }

    private static ValidationResult Validate(params (string Path, string Text)[] files) =>
        PolicyValidator.Validate(PolicyLoader.Load([.. files.Select(f => new SourceFile(f.Path, f.Text + "\n"))]));
}
