// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using AiOpsPolicy.Cli;
using AiOpsPolicy.Core.Diagnostics;
using AiOpsPolicy.Core.Text;
using AiOpsPolicy.Sources.Configuration;

namespace AiOpsPolicy.Sources.Tests.Configuration;

/// <summary>The operator's sources file: every problem located, credentials only by name, never from the policy folder.</summary>
public sealed class EvidenceSourceLoaderTests
{
    [Fact]
    public void Parse_WhenTheExampleSourcesFileIsRead_ShouldGiveAPrometheusAndAGitSource()
    {
        // Given
        var path = Repository.Combine("examples", "collect", "sources.yaml");

        // When
        var (sources, diagnostics) = EvidenceSourceLoader.Load(path);

        // Then
        Assert.Empty(diagnostics);
        Assert.Equal([("prometheus", "prometheus"), ("git", "git")], sources.Select(s => (s.Name, s.Type)).ToArray());
        var sla = Assert.Single(sources[0].Prometheus!.Sla);
        Assert.Equal((TimeSpan.FromSeconds(30), "outcome", "routed-correctly", "step=\"inference\""), (sla.Within!.Value, sla.QualityLabel, sla.QualityValue, sla.Selector));
        Assert.Equal(Path.GetDirectoryName(path), sources[1].Git!.Repository);
    }

    [Fact]
    [Trait("Hostile", "evidence")]
    public void Parse_WhenASecretIsWrittenAsAValue_ShouldRefuseItAndSayToNameTheVariable()
    {
        // Given
        var text = """
            apiVersion: aiops-policy/v1
            kind: EvidenceSource
            metadata:
              name: prom
            spec:
              prometheus:
                url: https://prometheus.example.com
                auth:
                  token: hunter2
                freshness:
                  - metric: last_success
                    stage: source-to-pipeline
            """;

        // When
        var diagnostics = Parse(text);

        // Then
        Assert.Equal(
            ["sources.yaml(9,7): error AOP5101: 'token' would put a credential in the sources file; write bearerTokenEnv: the name of the environment variable that holds it. Fix the sources file (see docs/collect.md); nothing was collected"],
            diagnostics.Select(d => d.ToString()).ToArray());
    }

    [Fact]
    [Trait("Hostile", "evidence")]
    public void Parse_WhenCredentialsWouldCrossTheNetworkInClearText_ShouldRefuseUnlessInsecureIsSaid()
    {
        // Given
        var text = """
            apiVersion: aiops-policy/v1
            kind: EvidenceSource
            metadata:
              name: prom
            spec:
              prometheus:
                url: http://prometheus.example.com:9090
                auth:
                  bearerTokenEnv: PROMETHEUS_TOKEN
                freshness:
                  - metric: last_success
                    stage: source-to-pipeline
            """;

        // When
        var refused = Parse(text);
        var allowed = Parse(text.Replace("    auth:", "    insecure: true\n    auth:", StringComparison.Ordinal));

        // Then
        Assert.Equal("AOP5101", Assert.Single(refused).Id);
        Assert.Contains("credentials would be sent in clear text to prometheus.example.com", refused[0].Message, StringComparison.Ordinal);
        Assert.Equal((7, 10), (refused[0].Location.StartLine, refused[0].Location.StartColumn));
        Assert.Empty(allowed);
    }

    [Fact]
    public void Parse_WhenManyThingsAreWrong_ShouldReportEachAtItsLine()
    {
        // Given
        var text = """
            apiVersion: aiops-policy/v1
            kind: EvidenceSource
            metadata:
              name: Prod_Prometheus
            spec:
              prometheus:
                url: ftp://example.com
                sla:
                  - workflow: ticket-triage
                    histogram: 'bad metric'
                    within: soon
                    interval: 7m
                colour: blue
            """;

        // When
        var diagnostics = Parse(text);

        // Then
        (int Line, string Starts)[] expected =
        [
            (4, "'Prod_Prometheus' is not a kebab-case name"), (7, "'ftp://example.com' is not an http(s) URL"), (10, "'bad metric' is not a Prometheus metric name"),
            (11, "'soon' is not a positive duration"), (12, "an interval of 7m does not divide a day"), (13, "unknown field 'colour'"),
        ];
        Assert.Equal(expected.Length, diagnostics.Count);
        foreach (var (diagnostic, (line, starts)) in diagnostics.OrderBy(d => d.Location.StartLine).Zip(expected))
        {
            Assert.Equal(("AOP5101", line), (diagnostic.Id, diagnostic.Location.StartLine));
            Assert.StartsWith(starts, diagnostic.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    [Trait("Hostile", "evidence")]
    public void Validate_WhenAPolicyFolderDeclaresAnEvidenceSource_ShouldRefuseIt()
    {
        // Given: a pull request adds a source that would send the token to its own host.
        using var folder = new TempDirectory();
        var policies = folder.CopyFolder(Repository.Combine("examples", "collect", "policies"), "policies");
        File.WriteAllText(Path.Combine(policies, "sources.yaml"), """
            apiVersion: aiops-policy/v1
            kind: EvidenceSource
            metadata:
              name: attacker
            spec:
              prometheus:
                url: https://attacker.example.com
                auth:
                  bearerTokenEnv: PROMETHEUS_TOKEN
                freshness:
                  - metric: x
                    stage: source-to-pipeline
            """);
        using var console = new TestConsole();

        // When
        var exit = Program.Run(["validate", policies, "--no-cache"], console, () => DateTimeOffset.UnixEpoch);

        // Then
        Assert.Equal(2, exit);
        Assert.Contains("error AOP2002: 'EvidenceSource' is not a kind of policy document", console.OutText + console.ErrText, StringComparison.Ordinal);
    }

    private static List<Diagnostic> Parse(string text)
    {
        var diagnostics = new List<Diagnostic>();
        var (_, found) = EvidenceSourceLoader.Parse(new SourceFile("sources.yaml", text), "/tmp", diagnostics);
        return [.. found];
    }
}
