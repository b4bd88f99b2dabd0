// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using AiOpsPolicy.Core.Configuration;
using AiOpsPolicy.Core.Diagnostics;
using AiOpsPolicy.Core.Files;

namespace AiOpsPolicy.Service.Tests;

/// <summary>The operator configuration's service section: read whole, or refused at the line and column of each problem.</summary>
public sealed class ServiceConfigurationTests
{
    private const string Hash = "sha256:1087864853372e9debe7bb46818c8442d98e028fa9ddffafdaf08fa2bd047e95";

    [Fact]
    public void Load_WhenTheServiceSectionIsValid_ShouldResolveTheStoreByNameAndKeepTokensAsHashes()
    {
        // Given
        using var temp = new TempDirectory();
        var path = temp.Combine("operator.yaml");
        File.WriteAllText(path, $"""
            apiVersion: aiops-policy/v1
            kind: OperatorConfiguration
            historyStores:
              decisions:
                postgres: "Host=db.internal;Database=aiops"
            service:
              historyStore: decisions
              evidenceRoot: collected
              adminTokens:
                platform: {Hash.Replace("1", "2", StringComparison.Ordinal)}
              tenants:
                helpdesk:
                  policySets: [helpdesk-ai]
                  tokens:
                    ci: {Hash}
              limits:
                maxConcurrentDecisions: 4
                queueTimeoutSeconds: 10
              kestrel:
                Endpoints:
                  Https:
                    Url: https://0.0.0.0:8443
                    Certificate:
                      Path: tls/server.crt
                      KeyPath: tls/server.key
            """);
        var diagnostics = new List<Diagnostic>();

        // When
        var configuration = OperatorConfigurationLoader.Load(path, diagnostics);

        // Then
        Assert.Empty(diagnostics);
        var service = configuration?.Service;
        Assert.NotNull(service);
        Assert.Equal("Host=db.internal;Database=aiops", service.HistoryStore);
        Assert.Equal(temp.Combine("collected"), service.EvidenceRoot);
        Assert.Equal(("helpdesk", "ci", "helpdesk-ai"), (service.Tenants[0].Name, service.Tenants[0].Tokens[0].Name, service.Tenants[0].PolicySets.Single()));
        Assert.Equal(Hash, ServiceToken.Format(service.Tenants[0].Tokens[0].Sha256.Span));
        Assert.Equal((4, 10), (service.Limits.MaxConcurrentDecisions, service.Limits.QueueTimeoutSeconds));
        Assert.Equal("https://0.0.0.0:8443", service.Kestrel["Endpoints:Https:Url"]);
        Assert.Equal("tls/server.key", service.Kestrel["Endpoints:Https:Certificate:KeyPath"]);
    }

    [Fact]
    public void Load_WhenTheServiceSectionHasMistakes_ShouldReportEachAtItsLineAndUseNothing()
    {
        // Given: an undeclared store, a clear-text token, a set owned twice, a misspelt setting and a bad limit
        using var temp = new TempDirectory();
        var path = temp.Combine("operator.yaml");
        File.WriteAllText(path, $"""
            apiVersion: aiops-policy/v1
            kind: OperatorConfiguration
            service:
              historyStore: main
              tenants:
                helpdesk:
                  policySets: [helpdesk-ai]
                  tokens:
                    ci: aop_DeZ_J5Xs3_1R56udw2RSKhfIRul4_h5ciA_cW9QVFws
                payments:
                  policySets: [helpdesk-ai]
              limit:
                maxRequestBytes: 10
              limits:
                maxRequestBytes: 10
            """);
        var diagnostics = new List<Diagnostic>();

        // When
        var configuration = OperatorConfigurationLoader.Load(path, diagnostics);

        // Then
        Assert.Null(configuration);
        Assert.Equal(
            [
                "operator.yaml(12,3): error AOP5030: Operator configuration: 'limit' is not a setting of service; it allows: historyStore, evidenceRoot, adminTokens, tenants, limits, kestrel. Nothing was run; fix the file (docs/configuration.md)",
                "operator.yaml(4,17): error AOP5030: Operator configuration: service.historyStore 'main' is not declared under historyStores; it declares: none. Nothing was run; fix the file (docs/configuration.md)",
                "operator.yaml(9,13): error AOP5030: Operator configuration: Token 'ci' needs its hash, 'sha256:' and 64 hex digits, never the token itself (make one with 'aiops-policy token'). Nothing was run; fix the file (docs/configuration.md)",
                "operator.yaml(11,20): error AOP5030: Operator configuration: Policy set 'helpdesk-ai' already belongs to tenant 'helpdesk': a policy set has one owner. Nothing was run; fix the file (docs/configuration.md)",
                "operator.yaml(15,22): error AOP5030: Operator configuration: service.limits.maxRequestBytes is out of range (maxRequestBytes 1024..2147483647, maxConcurrentDecisions 0..1024 with 0 for twice the processor count, queueTimeoutSeconds 1..3600, maxEvidenceFiles 1..100000). Nothing was run; fix the file (docs/configuration.md)",
            ],
            diagnostics.Select(d => d.ToString().Replace(temp.Path + "/", string.Empty, StringComparison.Ordinal).Replace(SourceFileReader.DisplayPath(temp.Path) + "/", string.Empty, StringComparison.Ordinal)));
    }
}
