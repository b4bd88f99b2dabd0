// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using System.Net.Http.Headers;
using AiOpsPolicy.Core;
using AiOpsPolicy.Core.Compilation;
using AiOpsPolicy.Core.Configuration;
using AiOpsPolicy.Core.Text;
using AiOpsPolicy.History;
using Microsoft.AspNetCore.Builder;

namespace AiOpsPolicy.Service.Tests;

/// <summary>
/// One decision service on a loopback port with a fresh PostgreSQL database, shared by the end-to-end tests: two
/// tenants (helpdesk owns helpdesk-ai, payments owns payments-ai, a renamed copy of the example set), an admin, both
/// bundles built, signed and loaded through the API, and collected evidence under the helpdesk tenant's folder.
/// </summary>
public sealed class ServiceFixture : IAsyncLifetime, IDisposable
{
    /// <summary>The example's evaluation time, as the README's gate uses it.</summary>
    public const string AsOf = "2026-11-28T12:00:00Z";

    private readonly TempDirectory _temp = new();
    private PostgresTestDatabase? _database;
    private WebApplication? _app;

    public string HelpdeskToken { get; } = ServiceToken.Create();

    public string PaymentsToken { get; } = ServiceToken.Create();

    public string AdminToken { get; } = ServiceToken.Create();

    public byte[] HelpdeskBundle { get; private set; } = [];

    public byte[] PaymentsBundle { get; private set; } = [];

    public BundleSigningKey SigningKey { get; } = BundleSigningKey.Generate();

    public ServiceSettings Settings { get; private set; } = null!;

    public Uri BaseAddress { get; private set; } = null!;

    public string ConnectionString => _database!.ConnectionString;

    public string EvidenceRoot => _temp.Combine("evidence");

    public string Work => _temp.Path;

    public async Task InitializeAsync()
    {
        _database = await PostgresTestDatabase.CreateAsync("service_e2e");
        var payments = _temp.CopyFolder(Repository.HelpdeskPolicies, "payments-policies");
        var manifest = Path.Combine(payments, "policyset.yaml");
        File.WriteAllText(manifest, File.ReadAllText(manifest).Replace("name: helpdesk-ai", "name: payments-ai", StringComparison.Ordinal));
        HelpdeskBundle = Build(Repository.HelpdeskPolicies);
        PaymentsBundle = Build(payments);

        Directory.CreateDirectory(Path.Combine(EvidenceRoot, "helpdesk"));
        _temp.CopyFolder(Repository.ExampleEvidence, Path.Combine("evidence", "helpdesk", "collected"));
        Directory.CreateDirectory(Path.Combine(EvidenceRoot, "payments", "secret"));
        File.WriteAllText(Path.Combine(EvidenceRoot, "payments", "secret", "incidents.json"), "{}");

        Settings = SettingsFor(_database.ConnectionString);
        (_app, BaseAddress) = await StartAsync(Settings);
        using var admin = Client(AdminToken);
        foreach (var (name, bundle) in new[] { ("helpdesk-ai", HelpdeskBundle), ("payments-ai", PaymentsBundle) })
        {
            using var content = new ByteArrayContent(bundle);
            content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
            using var response = await admin.PutAsync($"/v1/policy-sets/{name}/bundle", content);
            Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        }
    }

    public async Task DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }

        if (_database is not null)
        {
            await _database.DisposeAsync();
        }

        Dispose();
    }

    public void Dispose()
    {
        SigningKey.Dispose();
        _temp.Dispose();
    }

    /// <summary>The service's settings over a store: the two tenants, the admin, the signing key trusted, evidence under the temp folder.</summary>
    public ServiceSettings SettingsFor(string store) => new()
    {
        HistoryStore = store,
        EvidenceRoot = EvidenceRoot,
        AdminTokens = [new ServiceToken("platform", ServiceToken.Hash(AdminToken))],
        Tenants =
        [
            new ServiceTenant("helpdesk", [new ServiceToken("ci", ServiceToken.Hash(HelpdeskToken))], ["helpdesk-ai"]),
            new ServiceTenant("payments", [new ServiceToken("ci", ServiceToken.Hash(PaymentsToken))], ["payments-ai"]),
        ],
        TrustedKeys = [new TrustedKeySource("platform", SigningKey.PublicKeyPem, SourceLocation.None)],
    };

    /// <summary>Starts a service instance on a free loopback port.</summary>
    public static async Task<(WebApplication App, Uri Address)> StartAsync(ServiceSettings settings, TimeProvider? time = null)
    {
        var app = await ServiceHost.CreateAsync(settings, new ServiceHostOptions { Urls = ["http://127.0.0.1:0"], Time = time ?? TimeProvider.System });
        await app.StartAsync();
        return (app, new Uri(app.Urls.Single()));
    }

    /// <summary>An HTTP client of the service with a bearer token (or none).</summary>
    public HttpClient Client(string? token) => ClientOf(BaseAddress, token);

    public static HttpClient ClientOf(Uri address, string? token)
    {
        var client = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromMinutes(3) };
        if (token is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        return client;
    }

    /// <summary>Opens the store the service logs into.</summary>
    public Task<IHistoryStore> OpenStoreAsync() => HistoryStoreFactory.OpenAsync(ConnectionString);

    private byte[] Build(string policies)
    {
        using var output = new MemoryStream();
        var diagnostics = PolicyEngine.Build([policies], output, SigningKey);
        Assert.DoesNotContain(diagnostics, d => d.IsError);
        return output.ToArray();
    }
}

/// <summary>The end-to-end tests share one service.</summary>
[CollectionDefinition(Name)]
public sealed class SharedService : ICollectionFixture<ServiceFixture>
{
    public const string Name = "decision service";
}
