// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using AiOpsPolicy.Core;
using AiOpsPolicy.Core.Compilation;
using AiOpsPolicy.Core.Configuration;
using AiOpsPolicy.History;

namespace AiOpsPolicy.Service.Tests;

/// <summary>
/// The decision log's database restarts while pipelines keep asking: the real <c>aiops-policy serve</c> process, its own
/// throwaway PostgreSQL, clients deciding throughout. Decisions the service could not log are refused (503, AOP5206: it
/// fails closed), and every decision it acknowledged is in the log afterwards.
/// </summary>
[Trait("Fault", "postgres-restart")]
public sealed class PostgresRestartTests
{
    /// <summary>Long enough that the store's own retries (about 6 s in all) run out, so refusals are seen.</summary>
    private static readonly TimeSpan Outage = TimeSpan.FromSeconds(12);

    [Fact]
    public async Task Decide_WhenPostgresRestartsMidRun_ShouldFailClosedDuringTheOutageAndLoseNoAcknowledgedDecision()
    {
        // Given: a serve process over a PostgreSQL of this test's own, with the example set loaded
        await using var postgres = await ThrowawayPostgres.StartAsync();
        using var temp = new TempDirectory();
        using var key = BundleSigningKey.Generate();
        var tenantToken = ServiceToken.Create();
        var adminToken = ServiceToken.Create();
        File.WriteAllText(temp.Combine("platform.pub"), key.PublicKeyPem);
        var config = temp.Combine("operator.yaml");
        File.WriteAllText(config, $"""
            apiVersion: aiops-policy/v1
            kind: OperatorConfiguration
            historyStores:
              decisions:
                postgres: "{postgres.ConnectionString}"
            bundles:
              trustedKeys:
                platform:
                  publicKeyFile: platform.pub
            service:
              historyStore: decisions
              adminTokens:
                platform: {ServiceToken.Format(ServiceToken.Hash(adminToken))}
              tenants:
                helpdesk:
                  policySets: [helpdesk-ai]
                  tokens:
                    ci: {ServiceToken.Format(ServiceToken.Hash(tenantToken))}
            """);
        using var bundle = new MemoryStream();
        Assert.DoesNotContain(PolicyEngine.Build([Repository.HelpdeskPolicies], bundle, key), d => d.IsError);
        await using var serve = await ServeProcess.StartAsync(config);
        using (var admin = ServiceFixture.ClientOf(serve.Address, adminToken))
        using (var content = new ByteArrayContent(bundle.ToArray()))
        {
            content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
            using var loaded = await admin.PutAsync("/v1/policy-sets/helpdesk-ai/bundle", content);
            Assert.Equal(HttpStatusCode.OK, loaded.StatusCode);
        }

        using var client = ServiceFixture.ClientOf(serve.Address, tenantToken);
        var body = Requests.ExampleInline();
        var acknowledged = new ConcurrentBag<string>();
        var refused = new ConcurrentBag<string>();
        var unexpected = new ConcurrentBag<string>();
        using var stop = new CancellationTokenSource();
        var clock = Stopwatch.StartNew();
        var outage = (Start: TimeSpan.Zero, End: TimeSpan.Zero);

        // When: four clients decide in a loop (bounded: they stop once the outage is over and a few decisions followed)
        var clients = Enumerable.Range(0, 4).Select(c => Task.Run(async () =>
        {
            for (var i = 0; !stop.IsCancellationRequested && i < 10_000; i++)
            {
                var request = body.DeepClone().AsObject();
                request["idempotencyKey"] = $"client-{c}-{i}";
                using var response = await client.PostAsync("/v1/policy-sets/helpdesk-ai/decisions", Requests.Json(request));
                var answer = await Requests.ReadObjectAsync(response);
                switch (response.StatusCode)
                {
                    case HttpStatusCode.Created:
                        acknowledged.Add((string)answer["id"]!);
                        break;
                    case HttpStatusCode.ServiceUnavailable when (string?)answer["diagnostics"]![0]!["code"] == "AOP5206":
                        refused.Add((string)answer["detail"]!);
                        await Task.Delay(200);
                        break;
                    default:
                        unexpected.Add($"{(int)response.StatusCode}: {answer}");
                        break;
                }
            }
        })).ToList();

        await WaitForAsync(() => acknowledged.Count >= 4, TimeSpan.FromMinutes(3));
        outage.Start = clock.Elapsed;
        await postgres.StopServerAsync();
        await Task.Delay(Outage / 2);
        using var anonymous = ServiceFixture.ClientOf(serve.Address, null);
        using var notReady = await anonymous.GetAsync("/readyz");
        await Task.Delay(Outage / 2);
        await postgres.StartServerAsync();
        outage.End = clock.Elapsed;
        var before = acknowledged.Count;
        await WaitForAsync(() => acknowledged.Count >= before + 8, TimeSpan.FromMinutes(3));
        await stop.CancelAsync();
        await Task.WhenAll(clients);
        using var ready = await anonymous.GetAsync("/readyz");
        var (exitCode, _, errors) = await serve.StopAsync();

        // Then
        Assert.Empty(unexpected);
        Assert.NotEmpty(refused);
        Assert.All(refused, detail => Assert.Contains("No decision was given (the service fails closed", detail, StringComparison.Ordinal));
        Assert.Equal((HttpStatusCode.ServiceUnavailable, HttpStatusCode.OK), (notReady.StatusCode, ready.StatusCode));
        await using var store = await HistoryStoreFactory.OpenAsync(postgres.ConnectionString);
        var missing = new List<string>();
        foreach (var id in acknowledged)
        {
            if (await store.DecisionAsync(id) is null)
            {
                missing.Add(id);
            }
        }

        Assert.Empty(missing);
        var logged = await store.CountDecisionsAsync();
        Assert.InRange(logged, acknowledged.Count, acknowledged.Count + refused.Count);
        Assert.Equal(0, exitCode);
        Assert.DoesNotContain("Unhandled", errors, StringComparison.Ordinal);
    }

    private static async Task WaitForAsync(Func<bool> condition, TimeSpan limit)
    {
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            Assert.True(clock.Elapsed < limit, "the clients made no progress");
            await Task.Delay(100);
        }
    }
}
