// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using AiOpsPolicy.Cli;
using AiOpsPolicy.Core.Files;

namespace AiOpsPolicy.Service.Tests;

/// <summary>
/// Requests an attacker or a broken pipeline sends: each gets a 4xx with the diagnostic that says what is wrong (the
/// same codes and locations as the CLI), never a 500, and no decision is logged for it.
/// </summary>
[Collection(SharedService.Name)]
[Trait("Hostile", "evidence")]
public sealed class HostileRequestTests(ServiceFixture service)
{
    public static TheoryData<string, string, int, string, string> Bodies => new()
    {
        // name, body, status, code, what the first diagnostic says (its start)
        { "not JSON", "{\"evidence\": [", 400, "AOP5201", "request(1,15): error AOP5201: The body is not valid JSON" },
        { "a number", "42", 400, "AOP5201", "request(1,3): error AOP5201: the body has the wrong type" },
        { "null", "null", 400, "AOP5201", "request(1,1): error AOP5201: The body must be a JSON object" },
        { "misspelt field", "{\"evidenceref\": \"collected\"}", 400, "AOP5201", "request(1,16): error AOP5201: 'evidenceref' is not a field this API knows" },
        { "wrong type", "{\"evidence\": \"incidents.json\"}", 400, "AOP5201", "request(1,30): error AOP5201: 'evidence' has the wrong type" },
        { "missing content", "{\"evidence\": [{\"name\": \"incidents.json\"}]}", 400, "AOP5201", "request(1,41): error AOP5201: 'evidence[0]' lacks 'content'" },
        { "both evidence kinds", "{\"evidence\": [{\"name\": \"a.json\", \"content\": \"{}\"}], \"evidenceRef\": \"collected\"}", 400, "AOP5201", "request: error AOP5201: Give exactly one of 'evidence'" },
        { "neither", "{}", 400, "AOP5201", "request: error AOP5201: Give exactly one of 'evidence'" },
        { "as-of without offset", "{\"asOf\": \"2026-11-28T12:00:00\", \"evidenceRef\": \"collected\"}", 400, "AOP5201", "request: error AOP5201: 'asOf' needs an ISO 8601 time with an offset" },
        { "path in a name", "{\"evidence\": [{\"name\": \"../../etc/passwd.json\", \"content\": \"{}\"}]}", 400, "AOP5201", "request: error AOP5201: evidence[0]: '../../etc/passwd.json' is not an evidence file name" },
        { "name with a newline", "{\"evidence\": [{\"name\": \"a.json\\n\", \"content\": \"{}\"}]}", 400, "AOP5201", "request: error AOP5201: evidence[0]: 'a.json\\u000a' is not an evidence file name" },
        { "not an evidence extension", "{\"evidence\": [{\"name\": \"run.sh\", \"content\": \"rm -rf /\"}]}", 400, "AOP5201", "request: error AOP5201: evidence[0]: 'run.sh' is not an evidence file name" },
        { "a name twice", "{\"evidence\": [{\"name\": \"a.json\", \"content\": \"{}\"}, {\"name\": \"A.json\", \"content\": \"{}\"}]}", 400, "AOP5201", "request: error AOP5201: evidence[1]: 'A.json' is sent twice" },
        { "an object for CSV", "{\"evidence\": [{\"name\": \"transactions.csv\", \"content\": {}}]}", 400, "AOP5201", "request: error AOP5201: evidence[0] ('transactions.csv'): 'content' must be the file's text as a JSON string" },
        { "reference up and out", "{\"evidenceRef\": \"../payments/secret\"}", 400, "AOP5201", "request: error AOP5201: 'evidenceRef' '../payments/secret' is not a reference" },
        { "absolute reference", "{\"evidenceRef\": \"/etc\"}", 400, "AOP5201", "request: error AOP5201: 'evidenceRef' '/etc' is not a reference" },
        { "reference to nothing", "{\"evidenceRef\": \"never-collected\"}", 400, "AOP5201", "request: error AOP5201: 'evidenceRef' 'never-collected' names no collected evidence of this tenant" },
        { "control character in a key", "{\"evidenceRef\": \"collected\", \"idempotencyKey\": \"a\\u0000b\"}", 400, "AOP5201", "request: error AOP5201: 'idempotencyKey' must be 1 to 400 characters without control characters" },
        { "nested too deep", "{\"evidence\": [{\"name\": \"a.json\", \"content\": " + new string('[', 5000) + new string(']', 5000) + "}]}", 400, "AOP5201", "request(1,106): error AOP5201: The body is not valid JSON: The maximum configured depth of 64 has been exceeded" },
    };

    [Theory]
    [MemberData(nameof(Bodies))]
    public async Task Decide_WhenTheBodyIsMalformed_ShouldAnswer4xxWithTheDiagnosticAndLogNothing(string name, string body, int status, string code, string detail)
    {
        // Given
        using var client = service.Client(service.HelpdeskToken);
        await using var store = await service.OpenStoreAsync();
        var before = await store.CountDecisionsAsync();

        // When
        using var response = await client.PostAsync("/v1/policy-sets/helpdesk-ai/decisions", Requests.Json(body));

        // Then
        var problem = await Requests.ReadObjectAsync(response);
        Assert.True(status == (int)response.StatusCode, $"{name}: {problem}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(code, (string?)problem["diagnostics"]![0]!["code"]);
        Assert.StartsWith(detail, (string)problem["detail"]!, StringComparison.Ordinal);
        Assert.Equal(2, (int?)problem["exitCode"]);
        Assert.Equal(before, await store.CountDecisionsAsync());
    }

    [Fact]
    public async Task Decide_WhenAnEvidenceFileIsBroken_ShouldAnswer422WithTheDiagnosticsGateGivesForTheSameFile()
    {
        // Given: the same broken file on disk for the CLI and inline for the service
        const string Broken = "{\n  \"apiVersion\": \"aiops-evidence/v1\",\n  \"kind\": \"incidents\",\n  \"records\": [ { \"id\": \n}";
        using var temp = new TempDirectory();
        var folder = temp.CopyFolder(Repository.ExampleEvidence, "evidence");
        File.WriteAllText(Path.Combine(folder, "incidents.json"), Broken);
        using var console = new TestConsole();
        var cliExit = Program.Run(["gate", "--policies", Repository.HelpdeskPolicies, "--evidence", folder, "--as-of", ServiceFixture.AsOf, "--no-cache", "--no-color"], console, () => DateTimeOffset.UnixEpoch);
        var request = Requests.ExampleInline();
        foreach (var file in request["evidence"]!.AsArray().Where(f => (string?)f!["name"] == "incidents.json"))
        {
            file!["content"] = Broken;
        }

        using var client = service.Client(service.HelpdeskToken);

        // When
        using var response = await client.PostAsync("/v1/policy-sets/helpdesk-ai/decisions", Requests.Json(request));

        // Then: the CLI's error lines, with the file named as it was sent
        var problem = await Requests.ReadObjectAsync(response);
        Assert.Equal((HttpStatusCode.UnprocessableEntity, 2), (response.StatusCode, cliExit));
        var shown = SourceFileReader.DisplayPath(folder) + "/";
        var cliErrors = console.ErrText.Split('\n').Where(l => l.Contains(": error AOP1", StringComparison.Ordinal)).Select(l => l.Replace(shown, string.Empty, StringComparison.Ordinal).TrimEnd('\r')).ToList();
        Assert.NotEmpty(cliErrors);
        Assert.Equal(cliErrors, problem["diagnostics"]!.AsArray().Where(d => (string?)d!["severity"] == "error").Select(d => (string?)d!["text"]));
        Assert.Equal("incidents.json", (string?)problem["diagnostics"]![0]!["file"]);
        Assert.Equal(2, (int?)problem["exitCode"]);
    }

    [Fact]
    public async Task Decide_WhenTheBodyIsOverTheLimit_ShouldAnswer413WhetherOrNotItSaysItsLength()
    {
        // Given: an instance on the same store with a 64 KiB limit, and a 100 KiB body, once with Content-Length and once chunked
        var settings = service.Settings with { Limits = new Core.Configuration.ServiceLimits { MaxRequestBytes = 64 * 1024 } };
        var (app, address) = await ServiceFixture.StartAsync(settings);
        await using var _ = app;
        using var client = ServiceFixture.ClientOf(address, service.HelpdeskToken);
        var large = "{\"evidenceRef\": \"" + new string('a', 100 * 1024) + "\"}";
        using var sized = Requests.Json(large);
        using var chunked = new StreamContent(new MemoryStream(Encoding.UTF8.GetBytes(large)));
        chunked.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        using var chunkedRequest = new HttpRequestMessage(HttpMethod.Post, "/v1/policy-sets/helpdesk-ai/decisions") { Content = chunked };
        chunkedRequest.Headers.TransferEncodingChunked = true;

        // When
        using var first = await client.PostAsync("/v1/policy-sets/helpdesk-ai/decisions", sized);
        using var second = await client.SendAsync(chunkedRequest);

        // Then
        foreach (var response in new[] { first, second })
        {
            Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
            Assert.StartsWith("error AOP5202: The request body is larger than the limit of 65536 bytes", (string)(await Requests.ReadObjectAsync(response))["detail"]!, StringComparison.Ordinal);
        }

        await app.StopAsync();
    }

    [Fact]
    public async Task Requests_WhenTheRouteMethodOrContentTypeIsWrong_ShouldAnswerAProblemNotAnEmptyBody()
    {
        // Given
        using var client = service.Client(service.HelpdeskToken);

        // When
        using var noRoute = await client.GetAsync("/v1/nothing-here");
        using var method = await client.DeleteAsync("/v1/policy-sets/helpdesk-ai/decisions");
        using var type = await client.PostAsync("/v1/policy-sets/helpdesk-ai/decisions", new StringContent("evidenceRef=collected", Encoding.UTF8, "application/x-www-form-urlencoded"));
        using var query = await client.GetAsync("/v1/policy-sets/helpdesk-ai/verdict?evidenceRef=collected&evil=1");

        // Then
        Assert.Equal(
            [HttpStatusCode.NotFound, HttpStatusCode.MethodNotAllowed, HttpStatusCode.UnsupportedMediaType, HttpStatusCode.BadRequest],
            new[] { noRoute.StatusCode, method.StatusCode, type.StatusCode, query.StatusCode });
        foreach (var response in new[] { noRoute, method, type, query })
        {
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            Assert.Equal("AOP5201", (string?)(await Requests.ReadObjectAsync(response))["diagnostics"]![0]!["code"]);
        }
    }

    [Fact]
    public async Task Decide_WhenAReferenceLinksOutOfTheTenantsFolder_ShouldAnswerAsIfNothingWereThere()
    {
        // Given: a link in the helpdesk tenant's folder to the payments tenant's evidence
        var link = Path.Combine(service.EvidenceRoot, "helpdesk", "borrowed-" + Guid.NewGuid().ToString("N"));
        Directory.CreateSymbolicLink(link, Path.Combine(service.EvidenceRoot, "payments", "secret"));
        using var client = service.Client(service.HelpdeskToken);
        try
        {
            // When
            using var response = await client.PostAsync("/v1/policy-sets/helpdesk-ai/decisions", Requests.Json(new JsonObject { ["evidenceRef"] = Path.GetFileName(link) }));

            // Then
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.EndsWith("names no collected evidence of this tenant. Fix the request (see docs/service.md); no decision was made", (string)(await Requests.ReadObjectAsync(response))["detail"]!, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(link);
        }
    }
}
