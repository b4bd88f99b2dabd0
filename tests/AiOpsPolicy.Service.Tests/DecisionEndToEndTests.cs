// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using System.Net;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using AiOpsPolicy.Cli;
using AiOpsPolicy.Core.Files;

namespace AiOpsPolicy.Service.Tests;

/// <summary>The decision service on loopback with a real PostgreSQL, called with HttpClient as a pipeline would.</summary>
[Collection(SharedService.Name)]
public sealed class DecisionEndToEndTests(ServiceFixture service)
{
    [Fact]
    public async Task Decide_WhenTheExampleEvidenceIsSentInline_ShouldAnswerTheReportTheCliWritesWithItsExitCode()
    {
        // Given: the CLI's own report for the same bundle and evidence
        using var temp = new TempDirectory();
        var bundle = temp.Combine("helpdesk.bundle");
        var publicKey = temp.Combine("platform.pub");
        File.WriteAllBytes(bundle, service.HelpdeskBundle);
        File.WriteAllText(publicKey, service.SigningKey.PublicKeyPem);
        using var console = new TestConsole();
        var cliExit = Program.Run(["gate", "--bundle", bundle, "--trusted-key", publicKey, "--evidence", Repository.ExampleEvidence, "--as-of", ServiceFixture.AsOf, "--json", temp.Combine("cli.json"), "--no-color"], console, () => DateTimeOffset.UnixEpoch);
        using var client = service.Client(service.HelpdeskToken);

        // When
        using var response = await client.PostAsync("/v1/policy-sets/helpdesk-ai/decisions", Requests.Json(Requests.ExampleInline()));

        // Then
        var body = await Requests.ReadObjectAsync(response);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal((1, "1"), (cliExit, response.Headers.GetValues("X-AiOps-Exit-Code").Single()));
        Assert.Equal(("blocked", 1, "helpdesk/ci", "helpdesk-ai"), ((string?)body["decision"], (int?)body["exitCode"], (string?)body["caller"], (string?)body["policySet"]));
        Assert.Equal($"/v1/policy-sets/helpdesk-ai/decisions/{body["id"]}", response.Headers.Location?.OriginalString);
        Assert.Equal("sha256:" + Convert.ToHexStringLower(SHA256.HashData(service.HelpdeskBundle)), (string?)body["bundleDigest"]);
        var expectedDigests = Directory.GetFiles(Repository.ExampleEvidence).Order(StringComparer.Ordinal)
            .Select(f => $"{Path.GetFileName(f)} sha256:{Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(f)))}");
        Assert.Equal(expectedDigests, body["evidence"]!.AsArray().Select(e => $"{e!["name"]} {e["sha256"]}"));

        // The report is the CLI's, byte for byte once the CLI's evidence paths (examples/evidence/X) read as the names sent.
        var shown = SourceFileReader.DisplayPath(Repository.ExampleEvidence) + "/";
        var cli = JsonNode.Parse(File.ReadAllText(temp.Combine("cli.json")).Replace(shown, string.Empty, StringComparison.Ordinal))!;
        Assert.Equal(cli.ToJsonString(), body["report"]!.ToJsonString());
    }

    [Fact]
    public async Task Decide_WhenLogged_ShouldBeReadBackByIdAndByTheHistoryCommandsUnchanged()
    {
        // Given
        using var client = service.Client(service.HelpdeskToken);
        using var decided = await client.PostAsync("/v1/policy-sets/helpdesk-ai/decisions", Requests.Json(Requests.ExampleInline()));
        var decision = await Requests.ReadObjectAsync(decided);
        var id = (string)decision["id"]!;

        // When
        using var read = await client.GetAsync($"/v1/policy-sets/helpdesk-ai/decisions/{id}");
        await using var store = await service.OpenStoreAsync();
        var logged = await store.DecisionAsync(id);
        using var console = new TestConsole();
        var history = Program.Run(["history", "--store", service.ConnectionString, "--gate", "triage-inference-sla", "--since", "2026-11-01T00:00:00Z", "--until", "2026-12-01T00:00:00Z"], console, () => DateTimeOffset.UnixEpoch);
        using var coverageConsole = new TestConsole();
        var coverage = Program.Run(["coverage", "--store", service.ConnectionString, "--policy-set", "helpdesk-ai", "--since", "2026-11-01T00:00:00Z", "--until", "2026-12-01T00:00:00Z", "--format", "json"], coverageConsole, () => DateTimeOffset.UnixEpoch);

        // Then
        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        Assert.Equal(decision.ToJsonString(), (await Requests.ReadObjectAsync(read)).ToJsonString());
        Assert.NotNull(logged);
        Assert.Equal(("helpdesk", "helpdesk/ci", 1, "blocked"), (logged.Entry.Tenant, logged.Entry.Caller, logged.Entry.ExitCode, logged.Decision));
        Assert.Equal(20, logged.Entry.EvidenceDigests.Length);
        Assert.Equal(0, history);
        Assert.Contains("fail    SlaAttainment(ticket-triage, inference)  0.9333                  56/60      60", console.OutText, StringComparison.Ordinal);
        Assert.Equal(0, coverage);
        Assert.Contains("\"automatedAndEvidenced\"", coverageConsole.OutText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Decide_WhenATeamAsksForAnotherTeamsPolicySet_ShouldGetTheAnswerOfASetThatDoesNotExist()
    {
        // Given: a decision of the payments team
        using var helpdesk = service.Client(service.HelpdeskToken);
        using var payments = service.Client(service.PaymentsToken);
        using var paid = await payments.PostAsync("/v1/policy-sets/payments-ai/decisions", Requests.Json(Requests.ExampleInline()));
        var paymentsId = (string)(await Requests.ReadObjectAsync(paid))["id"]!;

        // When
        using var decideOther = await helpdesk.PostAsync("/v1/policy-sets/payments-ai/decisions", Requests.Json(Requests.ExampleInline()));
        using var decideMissing = await helpdesk.PostAsync("/v1/policy-sets/no-such-set/decisions", Requests.Json(Requests.ExampleInline()));
        using var readOther = await helpdesk.GetAsync($"/v1/policy-sets/payments-ai/decisions/{paymentsId}");
        using var readUnderOwn = await helpdesk.GetAsync($"/v1/policy-sets/helpdesk-ai/decisions/{paymentsId}");
        using var verdictOther = await helpdesk.GetAsync("/v1/policy-sets/payments-ai/verdict?evidenceRef=collected");
        using var bundleOther = await helpdesk.GetAsync("/v1/policy-sets/payments-ai/bundle");

        // Then
        Assert.Equal(HttpStatusCode.Created, paid.StatusCode);
        foreach (var refused in new[] { decideOther, decideMissing, readOther, readUnderOwn, verdictOther, bundleOther })
        {
            Assert.Equal(HttpStatusCode.NotFound, refused.StatusCode);
            Assert.Equal("AOP5204", (string?)(await Requests.ReadObjectAsync(refused))["diagnostics"]![0]!["code"]);
        }

        var other = (string)(await Requests.ReadObjectAsync(decideOther))["detail"]!;
        var missing = (string)(await Requests.ReadObjectAsync(decideMissing))["detail"]!;
        Assert.Equal(missing.Replace("no-such-set", "payments-ai", StringComparison.Ordinal), other);
        await using var store = await service.OpenStoreAsync();
        Assert.Equal("payments", (await store.DecisionAsync(paymentsId))!.Entry.Tenant);
    }

    [Fact]
    public async Task Requests_WhenTheTokenIsMissingWrongOrOfTheWrongKind_ShouldBeRefusedWithTheReason()
    {
        // Given
        using var anonymous = service.Client(null);
        using var forged = service.Client(ServiceToken());
        using var admin = service.Client(service.AdminToken);
        using var tenant = service.Client(service.HelpdeskToken);
        using var bundle = new ByteArrayContent(service.HelpdeskBundle);

        // When
        using var none = await anonymous.PostAsync("/v1/policy-sets/helpdesk-ai/decisions", Requests.Json(Requests.ExampleInline()));
        using var wrong = await forged.PostAsync("/v1/policy-sets/helpdesk-ai/decisions", Requests.Json(Requests.ExampleInline()));
        using var adminDecides = await admin.PostAsync("/v1/policy-sets/helpdesk-ai/decisions", Requests.Json(Requests.ExampleInline()));
        using var tenantLoads = await tenant.PutAsync("/v1/policy-sets/helpdesk-ai/bundle", bundle);

        // Then
        Assert.Equal(
            [HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized, HttpStatusCode.Forbidden, HttpStatusCode.Forbidden],
            new[] { none.StatusCode, wrong.StatusCode, adminDecides.StatusCode, tenantLoads.StatusCode });
        Assert.Equal("Bearer", none.Headers.WwwAuthenticate.Single().Scheme);
        Assert.All(new[] { none, wrong, adminDecides, tenantLoads }, r => Assert.Equal("application/problem+json", r.Content.Headers.ContentType?.MediaType));
        Assert.Contains("admin token", (string)(await Requests.ReadObjectAsync(adminDecides))["detail"]!, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verdict_WhenArgoRolloutsAsksWithCollectedEvidence_ShouldAnswerASmallValueASuccessConditionTests()
    {
        // Given
        using var client = service.Client(service.HelpdeskToken);

        // When
        using var get = await client.GetAsync($"/v1/policy-sets/helpdesk-ai/verdict?evidenceRef=collected&asOf={ServiceFixture.AsOf}");
        using var post = await client.PostAsync("/v1/policy-sets/helpdesk-ai/verdict", Requests.Json(Requests.ExampleInline()));

        // Then
        foreach (var response in new[] { get, post })
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var verdict = await Requests.ReadObjectAsync(response);
            Assert.Equal((false, "blocked", 1), ((bool)verdict["allowed"]!, (string?)verdict["decision"], (int)verdict["exitCode"]!));
            Assert.Equal(["triage-inference-sla"], verdict["blockedBy"]!.AsArray().Select(g => (string?)g));
            using var logged = await client.GetAsync($"/v1/policy-sets/helpdesk-ai/decisions/{verdict["id"]}");
            Assert.Equal(HttpStatusCode.OK, logged.StatusCode);
        }
    }

    [Fact]
    public async Task Decide_WhenTheSameIdempotencyKeyIsSentTwice_ShouldLogOneDecisionAndReturnItBothTimes()
    {
        // Given
        using var client = service.Client(service.HelpdeskToken);
        var request = Requests.ExampleInline();
        request["idempotencyKey"] = "github:org/repo:" + Guid.NewGuid().ToString("N") + ":1";
        request["context"] = new JsonObject { ["provider"] = "github", ["pipeline"] = "org/repo/release", ["commit"] = "abc123" };
        await using var store = await service.OpenStoreAsync();
        var before = await store.CountDecisionsAsync();

        // When
        using var first = await client.PostAsync("/v1/policy-sets/helpdesk-ai/decisions", Requests.Json(request));
        using var second = await client.PostAsync("/v1/policy-sets/helpdesk-ai/decisions", Requests.Json(request));

        // Then
        Assert.Equal((HttpStatusCode.Created, HttpStatusCode.OK), (first.StatusCode, second.StatusCode));
        Assert.Equal((await Requests.ReadObjectAsync(first)).ToJsonString(), (await Requests.ReadObjectAsync(second)).ToJsonString());
        Assert.True(await store.CountDecisionsAsync() >= before + 1);
        var id = (string)(await Requests.ReadObjectAsync(first))["id"]!;
        var asOf = DateTimeOffset.Parse(ServiceFixture.AsOf, System.Globalization.CultureInfo.InvariantCulture);
        var run = (await store.LoadRunsAsync("helpdesk-ai", asOf, asOf.AddSeconds(1))).Single(r => r.RunId == id);
        Assert.Equal(("github", "org/repo/release", "abc123"), (run.Provider, run.Pipeline, run.Commit));
    }

    [Fact]
    public async Task Decide_WhenManyRequestsArriveAtOnce_ShouldShareTheCompiledSetAndLogEachDecisionOnce()
    {
        // Given
        const int Concurrent = 24;
        using var client = service.Client(service.HelpdeskToken);
        var body = Requests.ExampleInline().ToJsonString();
        await using var store = await service.OpenStoreAsync();

        // When
        var responses = await Task.WhenAll(Enumerable.Range(0, Concurrent).Select(async _ =>
        {
            using var response = await client.PostAsync("/v1/policy-sets/helpdesk-ai/decisions", Requests.Json(body));
            return (response.StatusCode, Body: await Requests.ReadObjectAsync(response));
        }));

        // Then: every decision is the same report, and each has its own row in the log
        Assert.All(responses, r => Assert.Equal(HttpStatusCode.Created, r.StatusCode));
        Assert.Single(responses.Select(r => r.Body["report"]!.ToJsonString()).Distinct());
        var ids = responses.Select(r => (string)r.Body["id"]!).ToList();
        Assert.Equal(Concurrent, ids.Distinct().Count());
        foreach (var id in ids)
        {
            Assert.NotNull(await store.DecisionAsync(id));
        }
    }

    [Fact]
    public async Task Operations_WhenScraped_ShouldAnswerHealthReadinessAndValidPrometheusMetrics()
    {
        // Given: at least one decision
        using var client = service.Client(service.HelpdeskToken);
        using var decided = await client.PostAsync("/v1/policy-sets/helpdesk-ai/verdict", Requests.Json(Requests.ExampleInline()));
        using var anonymous = service.Client(null);

        // When
        using var health = await anonymous.GetAsync("/healthz");
        using var ready = await anonymous.GetAsync("/readyz");
        var metrics = await anonymous.GetStringAsync("/metrics");

        // Then
        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.OK), (health.StatusCode, ready.StatusCode));
        Assert.Matches("""aiops_policy_decisions_total\{policy_set="helpdesk-ai",status="blocked"\} [1-9]""", metrics);
        Assert.Matches("""aiops_policy_http_requests_total\{route="/v1/policy-sets/\{name\}/verdict",method="POST",code="200"\} [1-9]""", metrics);
        Assert.Matches("""aiops_policy_http_request_duration_seconds_bucket\{route="/v1/policy-sets/\{name\}/verdict",le="\+Inf"\} [1-9]""", metrics);
        Assert.Equal(string.Empty, await Promtool.CheckMetricsAsync(metrics));
    }

    private static string ServiceToken() => Core.Configuration.ServiceToken.Create();
}
