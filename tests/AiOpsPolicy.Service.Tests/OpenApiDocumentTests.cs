// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using System.Text.Json.Nodes;

namespace AiOpsPolicy.Service.Tests;

/// <summary>
/// The OpenAPI document the service generates from its endpoints is the one checked in (docs/service.openapi.json):
/// an endpoint, parameter or body that changes changes the document, and the change is reviewed with the code.
/// Regenerate with <c>AIOPS_UPDATE_OPENAPI=1 dotnet test tests/AiOpsPolicy.Service.Tests --filter OpenApi</c>.
/// </summary>
[Collection(SharedService.Name)]
public sealed class OpenApiDocumentTests(ServiceFixture service)
{
    [Fact]
    public async Task OpenApi_WhenGeneratedFromTheEndpoints_ShouldMatchTheCheckedInDocument()
    {
        // Given
        var path = Repository.Combine("docs", "service.openapi.json");
        using var client = service.Client(null);

        // When
        var served = JsonNode.Parse(await client.GetStringAsync("/openapi/v1.json"))!.ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }) + "\n";
        if (Environment.GetEnvironmentVariable("AIOPS_UPDATE_OPENAPI") == "1")
        {
            await File.WriteAllTextAsync(path, served);
        }

        // Then
        Assert.True(File.Exists(path), "docs/service.openapi.json is missing; run the test with AIOPS_UPDATE_OPENAPI=1 to write it");
        Assert.Equal(await File.ReadAllTextAsync(path), served);
        var document = JsonNode.Parse(served)!;
        Assert.Equal(
            ["/healthz", "/metrics", "/readyz", "/v1/policy-sets/{name}/bundle", "/v1/policy-sets/{name}/decisions", "/v1/policy-sets/{name}/decisions/{id}", "/v1/policy-sets/{name}/verdict"],
            document["paths"]!.AsObject().Select(p => p.Key).Order(StringComparer.Ordinal));
        Assert.NotNull(document["components"]!["schemas"]!["DecisionRequest"]);
    }
}
