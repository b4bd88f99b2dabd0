// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using System.Net;
using System.Net.Http.Headers;
using Npgsql;

namespace AiOpsPolicy.Service.Tests;

/// <summary>
/// The decision log's PostgreSQL is shared (by every instance, and often by more than the service): a burst of clients
/// must wait for a decision slot, not each open a connection of its own.
/// </summary>
[Collection(SharedService.Name)]
public sealed class ConnectionBoundTests(ServiceFixture service)
{
    private const int Slots = 2;

    private const int Clients = 24;

    [Fact]
    public async Task Decide_WhenABurstOfClientsArrivesAtOnce_ShouldHoldNoMoreDatabaseConnectionsThanItHasSlots()
    {
        // Given: an instance with two decision slots over a database of its own, the example set loaded
        await using var database = await PostgresTestDatabase.CreateAsync("service_bound");
        var settings = service.SettingsFor(database.ConnectionString) with { Limits = new Core.Configuration.ServiceLimits { MaxConcurrentDecisions = Slots } };
        var (app, address) = await ServiceFixture.StartAsync(settings);
        await using var _ = app;
        using (var admin = ServiceFixture.ClientOf(address, service.AdminToken))
        using (var content = new ByteArrayContent(service.HelpdeskBundle))
        {
            content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
            using var loaded = await admin.PutAsync("/v1/policy-sets/helpdesk-ai/bundle", content);
            Assert.Equal(HttpStatusCode.OK, loaded.StatusCode);
        }

        using var client = ServiceFixture.ClientOf(address, service.HelpdeskToken);
        var name = new NpgsqlConnectionStringBuilder(database.ConnectionString).Database;
        using var watching = new CancellationTokenSource();
        var most = 0;
        var watcher = Task.Run(async () =>
        {
            // From the server's side: every backend connected to this database, sampled while the burst runs.
            await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(database.ConnectionString) { Database = "postgres", Pooling = false }.ConnectionString);
            await connection.OpenAsync();
            await using var count = new NpgsqlCommand("SELECT count(*) FROM pg_stat_activity WHERE datname = @name", connection);
            count.Parameters.AddWithValue("name", name!);
            while (!watching.IsCancellationRequested)
            {
                most = Math.Max(most, (int)(long)(await count.ExecuteScalarAsync())!);
                await Task.Delay(20);
            }
        });

        // When: a burst of clients, each with its own idempotency key (a database read before deciding)
        var answers = await Task.WhenAll(Enumerable.Range(0, Clients).Select(async i =>
        {
            var request = Requests.ExampleInline();
            request["idempotencyKey"] = $"burst-{i}";
            using var response = await client.PostAsync("/v1/policy-sets/helpdesk-ai/decisions", Requests.Json(request));
            return response.StatusCode;
        }));
        await watching.CancelAsync();
        await watcher;

        // Then: every decision made, never more connections than slots and the one the bundle load left in the pool
        Assert.All(answers, status => Assert.Equal(HttpStatusCode.Created, status));
        Assert.InRange(most, 1, Slots + 1);
        await app.StopAsync();
    }
}
